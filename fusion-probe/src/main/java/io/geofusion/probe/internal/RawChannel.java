package io.geofusion.probe.internal;

import io.geofusion.probe.ProbeMethod;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes with a raw ICMP/ICMPv6 socket (needs {@code CAP_NET_RAW}): sees every ICMP message the
 * host receives, so it matches replies by the probe headers quoted in ICMP errors (echo
 * identifier and sequence, or UDP source and destination ports) and can read RFC 4884/4950 MPLS
 * extensions. UDP probes leave through an ordinary UDP socket with the TTL set per probe.
 */
final class RawChannel implements ProbeChannel {

  private final NativeSocket raw;
  private final NativeSocket udp;
  private final InetAddress target;
  private final boolean v6;
  private final ProbeMethod method;
  private final int basePort;
  private final int portSpan;
  private final int id;
  private final int sport;
  private final byte[] packet;
  private final int packetLength;
  private final NativeSocket.Received rec = new NativeSocket.Received();
  private boolean kernel;
  private int lastTtl = -1;
  private int sent;

  /**
   * Echo identifiers: distinct for up to 65 535 channels open at once in this JVM (a raw socket
   * sees every echo reply, so concurrent channels must not share one), starting at a random
   * value so that separate processes rarely collide.
   */
  private static final AtomicInteger IDS =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 0x10000));

  /** 4 MiB: several thousand ICMP errors queued before any is dropped. */
  static final int RAW_RCVBUF = 4 << 20;

  private static int nextId() {
    int id = IDS.getAndIncrement() & 0xFFFF;
    return id == 0 ? IDS.getAndIncrement() & 0xFFFF : id;
  }

  RawChannel(InetAddress target, ProbeMethod method, int basePort, int payloadBytes)
      throws IOException {
    this.target = target;
    this.v6 = target instanceof Inet6Address;
    this.method = method;
    this.basePort = basePort;
    this.portSpan = 65536 - Math.max(1, basePort);
    this.id = nextId();
    this.raw = NativeSocket.open(v6, Libc.SOCK_RAW, v6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
    NativeSocket u = null;
    try {
      kernel = raw.enableTimestamps();
      raw.growReceiveBuffer(RAW_RCVBUF);
      if (method == ProbeMethod.UDP) {
        u = NativeSocket.open(v6, Libc.SOCK_DGRAM, Libc.IPPROTO_UDP);
        sport = u.bindEphemeral();
      } else {
        sport = 0;
      }
    } catch (IOException | RuntimeException e) {
      raw.close();
      if (u != null) {
        u.close();
      }
      throw e;
    }
    this.udp = u;
    boolean icmp = method == ProbeMethod.ICMP;
    this.packetLength = (icmp ? 8 : 0) + payloadBytes;
    this.packet = new byte[Math.max(8, packetLength)];
    for (int i = icmp ? 8 : 0; i < packetLength; i++) {
      packet[i] = (byte) (0x10 + i);
    }
    if (icmp) {
      packet[0] = (byte) (v6 ? IcmpDecoder.V6_ECHO : IcmpDecoder.V4_ECHO);
      Packets.put16(packet, 4, id);
    }
  }

  @Override
  public long send(int index, int ttl) throws IOException {
    NativeSocket out = method == ProbeMethod.ICMP ? raw : udp;
    if (ttl != lastTtl) {
      out.setTtl(ttl);
      lastTtl = ttl;
    }
    int port = 0;
    if (method == ProbeMethod.ICMP) {
      Packets.put16(packet, 6, index);
      Packets.put16(packet, 2, 0);
      // ICMPv4 checksum is ours to compute; for ICMPv6 the kernel overwrites it (RFC 3542 §3.1).
      Packets.put16(packet, 2, Packets.checksum(packet, 0, packetLength));
    } else {
      port = basePort + index % portSpan;
    }
    long t = out.realtimeNanos();
    out.sendTo(packet, packetLength, target, port);
    sent = Math.max(sent, index + 1);
    return t;
  }

  @Override
  public Reply receive(long timeoutNanos) throws IOException {
    return raw.receiveMatching(timeoutNanos, rec, this::decode);
  }

  private Reply decode() {
    if (rec.error) {
      return null;
    }
    long rx;
    if (rec.kernelNanos >= 0) {
      rx = rec.kernelNanos;
    } else {
      kernel = false;
      rx = raw.realtimeNanos();
    }
    IcmpDecoder.Message m = (v6 ? IcmpDecoder.decodeV6(rec.data, rec.length, rec.peer)
        : IcmpDecoder.decodeV4(rec.data, rec.length)).orElse(null);
    if (m == null) {
      return null;
    }
    if (m.echoId() >= 0) {
      if (method != ProbeMethod.ICMP || m.echoId() != id || m.echoSeq() >= sent) {
        return null;
      }
      return new Reply(m.echoSeq(), m.from(), rx, Kind.ANSWER, 0, m.mpls());
    }
    IcmpDecoder.Quote q = m.quote();
    if (q == null || !q.dst().equals(target)) {
      return null;
    }
    int index;
    if (method == ProbeMethod.ICMP) {
      if ((q.proto() != Packets.PROTO_ICMP && q.proto() != Packets.PROTO_ICMPV6) || q.first() != id) {
        return null;
      }
      index = q.second();
    } else {
      if (q.proto() != Packets.PROTO_UDP || q.first() != sport) {
        return null;
      }
      int base = q.second() - basePort;
      if (base < 0 || base >= portSpan) {
        return null;
      }
      index = base;
      while (index + portSpan < sent) {
        index += portSpan;
      }
    }
    if (index >= sent) {
      return null;
    }
    if (m.timeExceeded(v6)) {
      return new Reply(index, m.from(), rx, Kind.TIME_EXCEEDED, m.code(), m.mpls());
    }
    if (m.unreachable(v6)) {
      boolean portUnreachable = m.code() == (v6 ? 4 : 3);
      return new Reply(index, m.from(), rx,
          portUnreachable && method == ProbeMethod.UDP ? Kind.ANSWER : Kind.UNREACHABLE,
          m.code(), m.mpls());
    }
    return null;
  }

  @Override
  public boolean kernelTimestamps() {
    return kernel;
  }

  @Override
  public void close() {
    raw.close();
    if (udp != null) {
      udp.close();
    }
  }
}
