package io.geofusion.probe.internal;

import io.geofusion.probe.ProbeMethod;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Probes through unprivileged datagram sockets, as {@code ping} and {@code tracepath} do:
 * ICMP "ping" sockets ({@code SOCK_DGRAM, IPPROTO_ICMP[V6]}, allowed by
 * {@code net.ipv4.ping_group_range}; the kernel picks the echo identifier and delivers only our
 * replies) or a UDP socket. Both use {@code IP_RECVERR}/{@code IPV6_RECVERR}: ICMP errors
 * (time exceeded, unreachable) arrive on the socket's error queue ({@code MSG_ERRQUEUE}) with
 * the sender as {@code SO_EE_OFFENDER} and the original probe (ICMP: its echo header, so the
 * sequence number; UDP: its destination port in {@code msg_name}). The error queue carries no
 * ICMP extensions, so MPLS labels are not available on this path.
 */
final class DgramChannel implements ProbeChannel {

  private static final int SO_EE_ORIGIN_ICMP = 2;
  private static final int SO_EE_ORIGIN_ICMP6 = 3;

  private final NativeSocket sock;
  private final InetAddress target;
  private final boolean v6;
  private final ProbeMethod method;
  private final int basePort;
  private final int portSpan;
  private final byte[] packet;
  private final int packetLength;
  private final NativeSocket.Received rec = new NativeSocket.Received();
  private boolean kernel;
  private int lastTtl = -1;
  private int sent;

  DgramChannel(InetAddress target, ProbeMethod method, int basePort, int payloadBytes)
      throws IOException {
    this.target = target;
    this.v6 = target instanceof Inet6Address;
    this.method = method;
    this.basePort = basePort;
    this.portSpan = 65536 - Math.max(1, basePort);
    boolean icmp = method == ProbeMethod.ICMP;
    this.sock = NativeSocket.open(v6, Libc.SOCK_DGRAM,
        icmp ? (v6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP) : Libc.IPPROTO_UDP);
    try {
      sock.enableRecvErr();
      kernel = sock.enableTimestamps();
    } catch (IOException | RuntimeException e) {
      sock.close();
      throw e;
    }
    this.packetLength = (icmp ? 8 : 0) + payloadBytes;
    this.packet = new byte[Math.max(packetLength, 8)];
    for (int i = icmp ? 8 : 0; i < packetLength; i++) {
      packet[i] = (byte) (0x10 + i);
    }
    if (icmp) {
      packet[0] = (byte) (v6 ? IcmpDecoder.V6_ECHO : IcmpDecoder.V4_ECHO);
    }
  }

  @Override
  public long send(int index, int ttl) throws IOException {
    if (ttl != lastTtl) {
      sock.setTtl(ttl);
      lastTtl = ttl;
    }
    int port = 0;
    if (method == ProbeMethod.ICMP) {
      // The kernel fills in the identifier and the checksum of a ping socket's echo request.
      Packets.put16(packet, 6, index);
    } else {
      port = basePort + index % portSpan;
    }
    long t = sock.realtimeNanos();
    sock.sendTo(packet, packetLength, target, port);
    sent = Math.max(sent, index + 1);
    return t;
  }

  @Override
  public Reply receive(long timeoutNanos) throws IOException {
    return sock.receiveMatching(timeoutNanos, rec, this::decode);
  }

  private Reply decode() {
    long rx;
    if (rec.kernelNanos >= 0) {
      rx = rec.kernelNanos;
    } else {
      kernel = false;
      rx = sock.realtimeNanos();
    }
    int index;
    if (method == ProbeMethod.ICMP) {
      if (rec.length < 8) {
        return null;
      }
      int type = rec.data[0] & 0xFF;
      int expected = rec.error ? (v6 ? IcmpDecoder.V6_ECHO : IcmpDecoder.V4_ECHO)
          : (v6 ? IcmpDecoder.V6_ECHO_REPLY : IcmpDecoder.V4_ECHO_REPLY);
      if (type != expected) {
        return null;
      }
      index = Packets.get16(rec.data, 6);
    } else {
      index = indexOfPort(rec.peerPort);
    }
    if (index < 0 || index >= sent) {
      return null;
    }
    if (!rec.error) {
      return new Reply(index, rec.peer, rx, Kind.ANSWER, 0, List.of());
    }
    if (rec.eeOrigin != SO_EE_ORIGIN_ICMP && rec.eeOrigin != SO_EE_ORIGIN_ICMP6) {
      return null;
    }
    InetAddress from = rec.offender != null ? rec.offender : rec.peer;
    if (rec.eeType == (v6 ? IcmpDecoder.V6_TIME_EXCEEDED : IcmpDecoder.V4_TIME_EXCEEDED)) {
      return new Reply(index, from, rx, Kind.TIME_EXCEEDED, rec.eeCode, List.of());
    }
    if (rec.eeType == (v6 ? IcmpDecoder.V6_UNREACH : IcmpDecoder.V4_UNREACH)) {
      boolean portUnreachable = rec.eeCode == (v6 ? 4 : 3);
      return new Reply(index, from, rx,
          portUnreachable && method == ProbeMethod.UDP ? Kind.ANSWER : Kind.UNREACHABLE,
          rec.eeCode, List.of());
    }
    return null;
  }

  private int indexOfPort(int port) {
    int base = port - basePort;
    if (base < 0 || base >= portSpan) {
      return -1;
    }
    int i = base;
    while (i + portSpan < sent) {
      i += portSpan;
    }
    return i;
  }

  @Override
  public boolean kernelTimestamps() {
    return kernel;
  }

  @Override
  public void close() {
    sock.close();
  }
}
