package io.geofusion.probe.internal;

/** What this process may do. */
final class Privileges {

  private Privileges() {}

  /** True when the effective user is root (then ping's 200 ms interval floor does not apply). */
  static boolean privileged() {
    try {
      return Libc.geteuid() == 0;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return false;
    }
  }
}
