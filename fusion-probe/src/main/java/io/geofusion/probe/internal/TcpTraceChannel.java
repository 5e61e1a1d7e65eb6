package io.geofusion.probe.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP traceroute with a raw ICMP socket (needs {@code CAP_NET_RAW}), as {@code traceroute -T}
 * and tcptraceroute do, but through the kernel's own TCP stack: each probe is a non-blocking
 * {@code connect()} from its own socket with the TTL set, so its SYN leaves with a known source
 * port. Routers' time-exceeded messages (raw ICMP socket) are matched by the quoted TCP source
 * port; the destination's SYN-ACK or RST is seen on a raw TCP socket (which receives a copy of
 * every incoming TCP segment) and matched by its destination port. Both raw sockets carry kernel
 * receive timestamps. Probe sockets are closed with {@code SO_LINGER 0} (an RST, no TIME_WAIT).
 */
final class TcpTraceChannel implements ProbeChannel {

  private final NativeSocket raw;
  private final NativeSocket rawTcp;
  private final InetAddress target;
  private final boolean v6;
  private final int port;
  private final Map<Integer, Integer> indexBySport = new HashMap<>();
  private final Map<Integer, Integer> fdByIndex = new HashMap<>();
  private final Memory addr = new Memory(28);
  private final Memory intArg = new Memory(8);
  private final Memory lenArg = new Memory(4);
  private final Memory pollfds = new Memory(16);
  private final NativeSocket.Received rec = new NativeSocket.Received();
  private boolean kernel;
  private int sent;

  TcpTraceChannel(InetAddress target, int port) throws IOException {
    this.target = target;
    this.v6 = target instanceof Inet6Address;
    this.port = port;
    this.raw = NativeSocket.open(v6, Libc.SOCK_RAW, v6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
    try {
      this.rawTcp = NativeSocket.open(v6, Libc.SOCK_RAW, Libc.IPPROTO_TCP);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
    kernel = raw.enableTimestamps() & rawTcp.enableTimestamps();
    raw.growReceiveBuffer(RawChannel.RAW_RCVBUF);
    rawTcp.growReceiveBuffer(RawChannel.RAW_RCVBUF);
    addr.clear(28);
    if (v6) {
      addr.setShort(0, (short) Libc.AF_INET6);
      addr.write(8, target.getAddress(), 0, 16);
    } else {
      addr.setShort(0, (short) Libc.AF_INET);
      addr.write(4, target.getAddress(), 0, 4);
    }
    addr.setByte(2, (byte) (port >>> 8));
    addr.setByte(3, (byte) port);
  }

  @Override
  public long send(int index, int ttl) throws IOException {
    int fd;
    try {
      fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET,
          Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, Libc.IPPROTO_TCP);
    } catch (LastErrorException e) {
      throw new NativeSocket.NativeError("socket(TCP)", e.getErrorCode());
    }
    try {
      intArg.setInt(0, ttl);
      Libc.setsockopt(fd, v6 ? Libc.SOL_IPV6 : Libc.SOL_IP,
          v6 ? Libc.IPV6_UNICAST_HOPS : Libc.IP_TTL, intArg, 4);
      intArg.setInt(0, 1);
      intArg.setInt(4, 0);
      Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_LINGER, intArg, 8);
      Memory local = new Memory(28);
      local.clear(28);
      local.setShort(0, (short) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
      Libc.bind(fd, local, v6 ? 28 : 16);
      lenArg.setInt(0, 28);
      Libc.getsockname(fd, local, lenArg);
      int sport = ((local.getByte(2) & 0xFF) << 8) | (local.getByte(3) & 0xFF);
      indexBySport.put(sport, index);
      fdByIndex.put(index, fd);
    } catch (LastErrorException e) {
      Libc.closeQuietly(fd);
      throw new NativeSocket.NativeError("TCP probe setup", e.getErrorCode());
    }
    long t = raw.realtimeNanos();
    try {
      Libc.connect(fd, addr, v6 ? 28 : 16);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Libc.EINPROGRESS) {
        closeProbe(index);
        throw new NativeSocket.NativeError("connect", e.getErrorCode());
      }
    }
    sent = Math.max(sent, index + 1);
    return t;
  }

  @Override
  public Reply receive(long timeoutNanos) throws IOException {
    long end = System.nanoTime() + timeoutNanos;
    int foreign = 0;
    while (true) {
      pollfds.setInt(0, raw.fd());
      pollfds.setShort(4, (short) (Libc.POLLIN | Libc.POLLERR));
      pollfds.setShort(6, (short) 0);
      pollfds.setInt(8, rawTcp.fd());
      pollfds.setShort(12, (short) (Libc.POLLIN | Libc.POLLERR));
      pollfds.setShort(14, (short) 0);
      long left = end - System.nanoTime();
      int ms = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
      int ready;
      try {
        ready = Libc.poll(pollfds, 2, ms);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Libc.EINTR) {
          continue;
        }
        throw new NativeSocket.NativeError("poll", e.getErrorCode());
      }
      if (ready <= 0) {
        return null;
      }
      if (pollfds.getShort(14) != 0) {
        while (rawTcp.receiveNow(rec)) {
          Reply r = decodeTcp();
          if (r != null) {
            return r;
          }
        }
      }
      if (pollfds.getShort(6) != 0) {
        while (raw.receiveNow(rec)) {
          Reply r = decodeIcmp();
          if (r != null) {
            return r;
          }
        }
      }
      // Only foreign packets were queued: poll again (with what is left of the timeout, possibly
      // none), so draining with timeout 0 reads everything queued.
      if (end - System.nanoTime() <= 0 && ++foreign > 4096) {
        return null;
      }
    }
  }

  /** A SYN-ACK or RST from the target to one of our probe ports. */
  private Reply decodeTcp() {
    byte[] p = rec.data;
    int off = 0;
    InetAddress from = rec.peer;
    if (!v6) {
      if (rec.length < 20 || (p[0] >> 4 & 0xF) != 4) {
        return null;
      }
      off = (p[0] & 0xF) * 4;
    }
    if (rec.length < off + 14 || from == null || !from.equals(target)
        || Packets.get16(p, off) != port) {
      return null;
    }
    int flags = p[off + 13] & 0xFF;
    boolean synAck = (flags & (Packets.TCP_SYN | Packets.TCP_ACK))
        == (Packets.TCP_SYN | Packets.TCP_ACK);
    if (!synAck && (flags & Packets.TCP_RST) == 0) {
      return null;
    }
    Integer index = indexBySport.get(Packets.get16(p, off + 2));
    if (index == null) {
      return null;
    }
    long rx = rec.kernelNanos >= 0 ? rec.kernelNanos : raw.realtimeNanos();
    if (rec.kernelNanos < 0) {
      kernel = false;
    }
    closeProbe(index);
    return new Reply(index, target, rx, Kind.ANSWER, 0, List.of());
  }

  private Reply decodeIcmp() {
    IcmpDecoder.Message m = (v6 ? IcmpDecoder.decodeV6(rec.data, rec.length, rec.peer)
        : IcmpDecoder.decodeV4(rec.data, rec.length)).orElse(null);
    if (m == null || m.quote() == null || m.quote().proto() != Packets.PROTO_TCP
        || !m.quote().dst().equals(target) || m.quote().second() != port) {
      return null;
    }
    Integer index = indexBySport.get(m.quote().first());
    if (index == null) {
      return null; // the engine drops a second reply to a probe it already closed
    }
    long rx = rec.kernelNanos >= 0 ? rec.kernelNanos : raw.realtimeNanos();
    if (rec.kernelNanos < 0) {
      kernel = false;
    }
    closeProbe(index);
    if (m.timeExceeded(v6)) {
      return new Reply(index, m.from(), rx, Kind.TIME_EXCEEDED, m.code(), m.mpls());
    }
    if (m.unreachable(v6)) {
      return new Reply(index, m.from(), rx, Kind.UNREACHABLE, m.code(), m.mpls());
    }
    return null;
  }

  private void closeProbe(int index) {
    Integer fd = fdByIndex.remove(index);
    if (fd != null) {
      Libc.closeQuietly(fd);
    }
  }

  @Override
  public boolean kernelTimestamps() {
    return kernel;
  }

  @Override
  public void close() {
    for (int fd : fdByIndex.values()) {
      Libc.closeQuietly(fd);
    }
    fdByIndex.clear();
    raw.close();
    rawTcp.close();
  }
}
