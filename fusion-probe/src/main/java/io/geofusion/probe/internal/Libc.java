package io.geofusion.probe.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few libc calls probing needs, bound with JNA direct mapping (x86-64 and aarch64 Linux
 * share every constant and structure layout used here). Public only so the test harness can
 * reuse it; this package is not exported.
 */
public final class Libc {

  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IPPROTO_ICMPV6 = 58;
  public static final int SOL_SOCKET = 1;
  public static final int SOL_IP = 0;
  public static final int SOL_IPV6 = 41;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SO_ERROR = 4;
  public static final int SO_LINGER = 13;
  public static final short POLLOUT = 0x4;
  public static final short POLLHUP = 0x10;
  public static final int ECONNREFUSED = 111;
  public static final int SO_TIMESTAMPNS = 35;
  public static final int IP_TTL = 2;
  public static final int IP_RECVERR = 11;
  public static final int IPV6_UNICAST_HOPS = 16;
  public static final int IPV6_RECVERR = 25;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int MSG_ERRQUEUE = 0x2000;
  public static final short POLLIN = 0x1;
  public static final short POLLERR = 0x8;
  public static final int CLOCK_REALTIME = 0;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EPERM = 1;
  public static final int EINPROGRESS = 115;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private Libc() {}

  public static native int socket(int domain, int type, int protocol) throws LastErrorException;

  public static native int setsockopt(int fd, int level, int name, Pointer value, int len)
      throws LastErrorException;

  public static native int getsockopt(int fd, int level, int name, Pointer value, Pointer len)
      throws LastErrorException;

  public static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

  public static native int connect(int fd, Pointer addr, int len) throws LastErrorException;

  public static native int getsockname(int fd, Pointer addr, Pointer len) throws LastErrorException;

  public static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int alen)
      throws LastErrorException;

  public static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

  public static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

  public static native int close(int fd) throws LastErrorException;

  public static native int clock_gettime(int clock, Pointer ts) throws LastErrorException;






  public static native int geteuid();


  /** Closes {@code fd}, ignoring errors (used in cleanup paths). */
  public static void closeQuietly(int fd) {
    if (fd >= 0) {
      try {
        close(fd);
      } catch (LastErrorException ignored) {
        // Nothing useful to do: the descriptor is gone either way (close(2) always frees it).
      }
    }
  }
}
