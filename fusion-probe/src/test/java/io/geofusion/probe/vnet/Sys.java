package io.geofusion.probe.vnet;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** libc calls only the virtual-network harness needs (TUN device, namespaces, scheduling). */
final class Sys {

  static final int O_RDWR = 2;
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int O_NONBLOCK = 0x800;
  static final int CLONE_NEWNET = 0x40000000;
  static final int SCHED_FIFO = 1;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private Sys() {}

  static native int open(String path, int flags) throws LastErrorException;

  static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

  static native long read(int fd, Pointer buf, long len) throws LastErrorException;

  static native long write(int fd, Pointer buf, long len) throws LastErrorException;

  static native int setns(int fd, int nstype) throws LastErrorException;

  /** {@code pid} 0 is the calling thread. */
  static native int sched_setscheduler(int pid, int policy, Pointer param)
      throws LastErrorException;

  /** {@code which} 0 ({@code PRIO_PROCESS}) with {@code who} 0 is the calling thread on Linux. */
  static native int setpriority(int which, int who, int prio) throws LastErrorException;

  /**
   * Makes the calling thread real-time (SCHED_FIFO, priority 10) so the emulated delays hold on
   * a loaded machine; falls back to nice −20. Returns what was applied.
   */
  static String boostCurrentThread() {
    com.sun.jna.Memory param = new com.sun.jna.Memory(4);
    param.setInt(0, 10);
    try {
      sched_setscheduler(0, SCHED_FIFO, param);
      return "SCHED_FIFO 10";
    } catch (LastErrorException e) {
      try {
        setpriority(0, 0, -20);
        return "nice -20";
      } catch (LastErrorException e2) {
        return "default";
      }
    }
  }
}
