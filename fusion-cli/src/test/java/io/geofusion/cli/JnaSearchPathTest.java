package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;

/**
 * The CLI sets {@code jna.platform.library.path} so JNA's {@code NativeLibrary} does not run
 * {@code /sbin/ldconfig -p} (docs/decisions/cli-startup.md §8): a given value is kept, and libc
 * (the only library the CLI binds) still loads and answers with the path set.
 */
class JnaSearchPathTest {

  private static final String KEY = "jna.platform.library.path";

  @Test
  void skipLdconfig_setsThePathOnLinux_keepsAGivenOne_andLibcStillWorks() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    String before = System.getProperty(KEY);
    try {
      System.setProperty(KEY, "/given");
      GeoFusionCommand.skipLdconfig();
      assertThat(System.getProperty(KEY)).isEqualTo("/given");

      System.clearProperty(KEY);
      GeoFusionCommand.skipLdconfig();
      assertThat(System.getProperty(KEY)).isEqualTo("/usr/lib:/lib");

      int pid = NativeLibrary.getInstance("c").getFunction("getpid").invokeInt(new Object[0]);
      assertThat((long) pid).isEqualTo(ProcessHandle.current().pid());
    } finally {
      if (before == null) {
        System.clearProperty(KEY);
      } else {
        System.setProperty(KEY, before);
      }
    }
  }
}
