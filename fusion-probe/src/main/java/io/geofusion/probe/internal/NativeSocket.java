package io.geofusion.probe.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One Linux socket driven through JNA, with preallocated native buffers so the send/receive path
 * allocates nothing natively. Not thread-safe: one prober call owns it and closes it.
 *
 * <p>Receive timestamps come from {@code SO_TIMESTAMPNS} ({@code CLOCK_REALTIME}, ns) when the
 * kernel supplies them; {@link #realtimeNanos()} reads the same clock for send times.
 */
public final class NativeSocket implements AutoCloseable {

  /** A received datagram (or error-queue entry). Fields are reused by the next receive. */
  public static final class Received {
    /** Payload bytes (copied out of native memory). */
    public byte[] data = new byte[0];
    public int length;
    /** Peer (msg_name): the sender, or for error-queue entries the probe's destination. */
    public InetAddress peer;
    public int peerPort;
    /** Kernel receive time in CLOCK_REALTIME ns, or -1 when the kernel supplied none. */
    public long kernelNanos = -1;
    /** Error-queue entries only: origin, ICMP type and code, offender (sender of the ICMP). */
    public boolean error;
    public int eeOrigin;
    public int eeType;
    public int eeCode;
    public InetAddress offender;
  }

  private static final int BUF = 2048;
  private static final int CONTROL = 512;

  private final int fd;
  private final boolean v6;
  private final Memory buf = new Memory(BUF);
  private final Memory name = new Memory(128);
  private final Memory control = new Memory(CONTROL);
  private final Memory iov = new Memory(16);
  private final Memory msg = new Memory(56);
  private final Memory pollfd = new Memory(8);
  private final Memory intArg = new Memory(4);
  private final Memory ts = new Memory(16);
  private boolean closed;

  private NativeSocket(int fd, boolean v6) {
    this.fd = fd;
    this.v6 = v6;
  }

  /**
   * Opens a socket; {@code SOCK_CLOEXEC} is always added.
   *
   * @throws IOException with errno's meaning when the kernel refuses (EACCES, EPERM...)
   */
  public static NativeSocket open(boolean v6, int type, int protocol) throws IOException {
    try {
      int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, type | Libc.SOCK_CLOEXEC, protocol);
      return new NativeSocket(fd, v6);
    } catch (LastErrorException e) {
      throw new NativeError("socket", e.getErrorCode());
    }
  }

  /** Like {@link #open} but returns the errno (positive) instead of throwing, or 0 on success. */
  public static int probeOpen(boolean v6, int type, int protocol) {
    try (NativeSocket s = open(v6, type, protocol)) {
      return s.fd >= 0 ? 0 : -1;
    } catch (NativeError e) {
      return e.errno;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Socket errors with their errno. */
  public static final class NativeError extends IOException {
    private static final long serialVersionUID = 1L;
    public final int errno;

    NativeError(String call, int errno) {
      super(call + " failed: " + describe(errno) + " (errno " + errno + ")");
      this.errno = errno;
    }
  }

  static String describe(int errno) {
    return switch (errno) {
      case Libc.EACCES -> "permission denied";
      case Libc.EPERM -> "operation not permitted";
      case 97 -> "address family not supported";
      case 93 -> "protocol not supported";
      case 101 -> "network unreachable";
      case 113 -> "no route to host";
      case 22 -> "invalid argument";
      default -> "error";
    };
  }

  public boolean v6() {
    return v6;
  }

  public void setInt(int level, int option, int value) throws IOException {
    intArg.setInt(0, value);
    try {
      Libc.setsockopt(fd, level, option, intArg, 4);
    } catch (LastErrorException e) {
      throw new NativeError("setsockopt(" + level + ", " + option + ")", e.getErrorCode());
    }
  }

  /** Sets the TTL / hop limit of subsequent sends. */
  public void setTtl(int ttl) throws IOException {
    if (v6) {
      setInt(Libc.SOL_IPV6, Libc.IPV6_UNICAST_HOPS, ttl);
    } else {
      setInt(Libc.SOL_IP, Libc.IP_TTL, ttl);
    }
  }

  /** Turns on extended error reporting (IP_RECVERR / IPV6_RECVERR). */
  public void enableRecvErr() throws IOException {
    if (v6) {
      setInt(Libc.SOL_IPV6, Libc.IPV6_RECVERR, 1);
    } else {
      setInt(Libc.SOL_IP, Libc.IP_RECVERR, 1);
    }
  }

  /**
   * Best effort: a receive buffer of {@code bytes} ({@code SO_RCVBUFFORCE} when the process may
   * exceed {@code net.core.rmem_max}, else {@code SO_RCVBUF}, which the kernel caps). A raw socket
   * receives a copy of every ICMP message the host gets, so on a busy host (or with many
   * concurrent traces) the default (~208 KiB) overflows and replies are dropped.
   */
  public void growReceiveBuffer(int bytes) {
    try {
      setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, bytes);
    } catch (IOException e) {
      try {
        setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes);
      } catch (IOException ignored) {
        // Keep the default buffer; replies may be dropped under heavy load, never misattributed.
      }
    }
  }

  /** Asks for kernel receive timestamps; returns false when the kernel refuses. */
  public boolean enableTimestamps() {
    try {
      setInt(Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Binds to the wildcard address and an ephemeral port; returns the port (network order). */
  public int bindEphemeral() throws IOException {
    int len = writeSockaddr(v6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), 0);
    try {
      Libc.bind(fd, name, len);
      intArg.setInt(0, 128);
      Libc.getsockname(fd, name, intArg);
    } catch (LastErrorException e) {
      throw new NativeError("bind", e.getErrorCode());
    }
    return ((name.getByte(2) & 0xFF) << 8) | (name.getByte(3) & 0xFF);
  }

  /** CLOCK_REALTIME in ns, the clock of kernel timestamps. */
  public long realtimeNanos() {
    Libc.clock_gettime(Libc.CLOCK_REALTIME, ts);
    return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
  }

  /** Sends {@code data[0, len)} to {@code dst:port}. */
  public void sendTo(byte[] data, int len, InetAddress dst, int port) throws IOException {
    buf.write(0, data, 0, len);
    int alen = writeSockaddr(dst, port);
    for (int attempt = 0; ; attempt++) {
      try {
        Libc.sendto(fd, buf, len, 0, name, alen);
        return;
      } catch (LastErrorException e) {
        // With IP_RECVERR an ICMP error also sets the socket's pending error, which the next
        // call reports once and clears (net/ipv4/ping.c ping_err, udp.c __udp4_lib_err); the
        // error itself is on the error queue, so the send is simply repeated.
        if (attempt >= 3 || !pendingIcmpError(e.getErrorCode())) {
          throw new NativeError("sendto " + AddressText.of(dst), e.getErrorCode());
        }
      }
    }
  }

  private static boolean pendingIcmpError(int errno) {
    return switch (errno) {
      case 113, 101, 111, 112, 71, 92, 64 -> true; // EHOSTUNREACH ENETUNREACH ECONNREFUSED
      default -> false; // EHOSTDOWN EPROTO ENOPROTOOPT ENONET
    };
  }

  private int writeSockaddr(InetAddress a, int port) {
    name.clear(128);
    if (v6) {
      name.setShort(0, (short) Libc.AF_INET6);
      name.setByte(2, (byte) (port >>> 8));
      name.setByte(3, (byte) port);
      byte[] b = a instanceof Inet6Address ? a.getAddress() : mapped(a.getAddress());
      name.write(8, b, 0, 16);
      return 28;
    }
    name.setShort(0, (short) Libc.AF_INET);
    name.setByte(2, (byte) (port >>> 8));
    name.setByte(3, (byte) port);
    name.write(4, a.getAddress(), 0, 4);
    return 16;
  }

  private static byte[] mapped(byte[] v4) {
    byte[] m = new byte[16];
    m[10] = (byte) 0xFF;
    m[11] = (byte) 0xFF;
    System.arraycopy(v4, 0, m, 12, 4);
    return m;
  }

  /** Foreign packets read past the timeout before a drain gives up (a flood bound). */
  static final int FOREIGN_LIMIT = 4096;

  /**
   * Reads until {@code decode} recognises a reply as ours, or the timeout passes. A socket may see
   * packets that are not ours (a raw socket sees every ICMP message): those queued are still read
   * past the timeout, so a caller draining with timeout 0 is not stopped by foreign packets; a
   * flood is bounded by {@link #FOREIGN_LIMIT}.
   *
   * @param decode turns the packet just read into {@code out} into a reply, or null if not ours
   * @return the reply, or null when none arrived in time
   */
  <R> R receiveMatching(long timeoutNanos, Received out, java.util.function.Supplier<R> decode)
      throws IOException {
    long end = System.nanoTime() + timeoutNanos;
    int foreign = 0;
    while (true) {
      long left = end - System.nanoTime();
      if (!receive(Math.max(0, left), out)) {
        return null;
      }
      R r = decode.get();
      if (r != null) {
        return r;
      }
      if (end - System.nanoTime() <= 0 && ++foreign > FOREIGN_LIMIT) {
        return null;
      }
    }
  }

  /**
   * Waits up to {@code timeoutNanos} for a datagram or error-queue entry and reads one (error
   * queue first).
   *
   * @return false when nothing arrived before the timeout
   */
  public boolean receive(long timeoutNanos, Received out) throws IOException {
    int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (timeoutNanos + 999_999) / 1_000_000));
    pollfd.setInt(0, fd);
    pollfd.setShort(4, (short) (Libc.POLLIN | Libc.POLLERR));
    pollfd.setShort(6, (short) 0);
    int n;
    try {
      n = Libc.poll(pollfd, 1, ms);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Libc.EINTR) {
        return false;
      }
      throw new NativeError("poll", e.getErrorCode());
    }
    if (n <= 0) {
      return false;
    }
    short revents = pollfd.getShort(6);
    if ((revents & Libc.POLLERR) != 0 && recv(Libc.MSG_ERRQUEUE | Libc.MSG_DONTWAIT, out)) {
      return true;
    }
    return (revents & Libc.POLLIN) != 0 && recv(Libc.MSG_DONTWAIT, out);
  }

  /** The descriptor, for callers that poll several sockets at once. */
  int fd() {
    return fd;
  }

  /** Reads one datagram if one is queued, without waiting. */
  boolean receiveNow(Received out) throws IOException {
    return recv(Libc.MSG_DONTWAIT, out);
  }

  private boolean recv(int flags, Received out) throws IOException {
    iov.setPointer(0, buf);
    iov.setLong(8, BUF);
    msg.clear(56);
    msg.setPointer(0, name);
    msg.setInt(8, 128);
    msg.setPointer(16, iov);
    msg.setLong(24, 1);
    msg.setPointer(32, control);
    msg.setLong(40, CONTROL);
    long n;
    try {
      n = Libc.recvmsg(fd, msg, flags);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) {
        return false;
      }
      throw new NativeError("recvmsg", e.getErrorCode());
    }
    out.length = (int) Math.min(n, BUF);
    if (out.data.length < out.length) {
      out.data = new byte[BUF];
    }
    buf.read(0, out.data, 0, out.length);
    out.peer = readSockaddr(name, 0);
    out.peerPort = ((name.getByte(2) & 0xFF) << 8) | (name.getByte(3) & 0xFF);
    out.kernelNanos = -1;
    out.error = false;
    out.offender = null;
    long controlLen = msg.getLong(40);
    long off = 0;
    while (off + 16 <= controlLen) {
      long clen = control.getLong(off);
      int level = control.getInt(off + 8);
      int type = control.getInt(off + 12);
      if (clen < 16) {
        break;
      }
      long data = off + 16;
      if (level == Libc.SOL_SOCKET && type == Libc.SO_TIMESTAMPNS) {
        out.kernelNanos = control.getLong(data) * 1_000_000_000L + control.getLong(data + 8);
      } else if ((level == Libc.SOL_IP && type == Libc.IP_RECVERR)
          || (level == Libc.SOL_IPV6 && type == Libc.IPV6_RECVERR)) {
        out.error = true;
        out.eeOrigin = control.getByte(data + 4) & 0xFF;
        out.eeType = control.getByte(data + 5) & 0xFF;
        out.eeCode = control.getByte(data + 6) & 0xFF;
        out.offender = clen >= 16 + 16 + 8 ? readSockaddr(control, data + 16) : null;
      }
      off += (clen + 7) & ~7L;
    }
    return true;
  }

  private static InetAddress readSockaddr(Pointer p, long off) {
    int family = p.getShort(off) & 0xFFFF;
    try {
      if (family == Libc.AF_INET) {
        return InetAddress.getByAddress(p.getByteArray(off + 4, 4));
      }
      if (family == Libc.AF_INET6) {
        // A v4-mapped address comes back as an Inet4Address.
        return InetAddress.getByAddress(p.getByteArray(off + 8, 16));
      }
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
    return null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Libc.closeQuietly(fd);
    }
  }
}
