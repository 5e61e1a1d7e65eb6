package io.geofusion.probe.vnet;

import io.geofusion.path.MplsLabel;
import io.geofusion.probe.internal.Packets;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides how the emulated path answers one packet the kernel sent into the TUN device: which
 * reply (IP packet bytes) after which delay, or nothing. Pure apart from the seeded loss draws;
 * not thread-safe (the TUN reader thread owns it).
 */
final class PathEmulator {

  /** A reply to write back into the TUN device {@code delayNanos} after the probe was read. */
  record Emission(long delayNanos, byte[] packet) {}

  private final Scenario scenario;
  private final InetAddress destination;
  private final InetAddress[] hopAddresses;
  private final SplittableRandom random;

  PathEmulator(Scenario scenario) {
    this.scenario = scenario;
    this.destination = scenario.destinationAddress();
    this.hopAddresses = scenario.hops().stream().map(h -> Addresses.literal(h.address()))
        .toArray(InetAddress[]::new);
    this.random = new SplittableRandom(scenario.seed());
  }

  /** The reply to {@code packet[0, len)}, if the path answers it. */
  Optional<Emission> answer(byte[] packet, int len) {
    if (len < 20) {
      return Optional.empty();
    }
    int version = (packet[0] >> 4) & 0xF;
    int headerLen;
    int ttl;
    int proto;
    InetAddress src;
    InetAddress dst;
    if (version == 4 && !scenario.ipv6()) {
      headerLen = (packet[0] & 0xF) * 4;
      ttl = packet[8] & 0xFF;
      proto = packet[9] & 0xFF;
      src = addr(packet, 12, 4);
      dst = addr(packet, 16, 4);
    } else if (version == 6 && scenario.ipv6() && len >= 40) {
      headerLen = 40;
      ttl = packet[7] & 0xFF;
      proto = packet[6] & 0xFF;
      src = addr(packet, 8, 16);
      dst = addr(packet, 24, 16);
    } else {
      return Optional.empty();
    }
    if (!dst.equals(destination) || len < headerLen + 8) {
      return Optional.empty();
    }
    byte[] original = java.util.Arrays.copyOf(packet, len);
    int hop = scenario.hopAt(ttl);
    double rttMs = scenario.pathRttMs(ttl);
    if (hop <= scenario.pathLength()) {
      Scenario.HopSpec spec = scenario.hops().get(hop - 1);
      if (spec.silent() || lost(spec.loss())) {
        return Optional.empty();
      }
      InetAddress from = hopAddresses[hop - 1];
      List<MplsLabel> labels = spec.labels();
      byte[] icmp = Packets.icmpError(from, src, scenario.ipv6() ? 3 : 11, 0, original, labels);
      return emit(rttMs + spec.icmpExtraMs(), Packets.ip(from, src,
          scenario.ipv6() ? Packets.PROTO_ICMPV6 : Packets.PROTO_ICMP, 64, icmp));
    }
    if (scenario.unreachableCode() != null) {
      int last = scenario.pathLength();
      Scenario.HopSpec spec = scenario.hops().get(last - 1);
      InetAddress from = hopAddresses[last - 1];
      byte[] icmp = Packets.icmpError(from, src, scenario.ipv6() ? 1 : 3,
          scenario.unreachableCode(), original, List.of());
      return emit(scenario.pathRttMs(last) + spec.icmpExtraMs(), Packets.ip(from, src,
          scenario.ipv6() ? Packets.PROTO_ICMPV6 : Packets.PROTO_ICMP, 64, icmp));
    }
    if (scenario.destinationSilent() || lost(scenario.destinationLoss())) {
      return Optional.empty();
    }
    int l4 = headerLen;
    byte[] reply;
    int replyProto;
    switch (proto) {
      case Packets.PROTO_ICMP, Packets.PROTO_ICMPV6 -> {
        int type = packet[l4] & 0xFF;
        if (type != (scenario.ipv6() ? 128 : 8)) {
          return Optional.empty();
        }
        byte[] data = java.util.Arrays.copyOfRange(packet, l4 + 8, len);
        int rest = (int) Packets.get32(packet, l4 + 4);
        reply = Packets.icmp(destination, src, scenario.ipv6() ? 129 : 0, 0, rest, data);
        replyProto = proto;
      }
      case Packets.PROTO_UDP -> {
        reply = Packets.icmpError(destination, src, scenario.ipv6() ? 1 : 3,
            scenario.ipv6() ? 4 : 3, original, List.of());
        replyProto = scenario.ipv6() ? Packets.PROTO_ICMPV6 : Packets.PROTO_ICMP;
      }
      case Packets.PROTO_TCP -> {
        int flags = packet[l4 + 13] & 0xFF;
        if ((flags & (Packets.TCP_SYN | Packets.TCP_ACK | Packets.TCP_RST)) != Packets.TCP_SYN) {
          return Optional.empty();
        }
        int sport = Packets.get16(packet, l4);
        int dport = Packets.get16(packet, l4 + 2);
        long seq = Packets.get32(packet, l4 + 4);
        boolean open = scenario.openTcpPorts().contains(dport);
        reply = Packets.tcp(destination, src, dport, sport, open ? 0x1000_0000L : 0, seq + 1,
            open ? Packets.TCP_SYN | Packets.TCP_ACK : Packets.TCP_RST | Packets.TCP_ACK,
            open ? 65535 : 0);
        replyProto = Packets.PROTO_TCP;
      }
      default -> {
        return Optional.empty();
      }
    }
    return emit(rttMs, Packets.ip(destination, src, replyProto, 64, reply));
  }

  private boolean lost(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }

  private static Optional<Emission> emit(double rttMs, byte[] packet) {
    return Optional.of(new Emission(Math.round(rttMs * 1e6), packet));
  }

  private static InetAddress addr(byte[] p, int off, int len) {
    try {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(p, off, off + len));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
