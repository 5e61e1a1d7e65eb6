package io.geofusion.pcap;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One bidirectional flow (5-tuple). The initiator is the sender of the first SYN when one was
 * seen, otherwise the sender of the first packet.
 *
 * @param initiator initiating host
 * @param initiatorPort its port (0 for ICMP and other port-less protocols)
 * @param responder the other host
 * @param responderPort its port
 * @param protocol IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...)
 * @param packetsFromInitiator packets initiator → responder
 * @param packetsFromResponder packets responder → initiator
 * @param bytesFromInitiator IP bytes initiator → responder
 * @param bytesFromResponder IP bytes responder → initiator
 * @param firstNanos first packet time, ns since the epoch ({@link CapturedPacket#NO_TIMESTAMP}
 *     if unknown)
 * @param lastNanos last packet time
 * @param handshakes completed TCP handshakes (more than 1 when the 5-tuple was reused)
 * @param synToSynAckMs last unambiguous SYN→SYN/ACK interval, ms, or NaN
 * @param synAckToAckMs last unambiguous SYN/ACK→ACK interval, ms, or NaN
 */
public record FlowSummary(
    InetAddress initiator,
    int initiatorPort,
    InetAddress responder,
    int responderPort,
    int protocol,
    long packetsFromInitiator,
    long packetsFromResponder,
    long bytesFromInitiator,
    long bytesFromResponder,
    long firstNanos,
    long lastNanos,
    int handshakes,
    double synToSynAckMs,
    double synAckToAckMs) {

  public FlowSummary {
    Objects.requireNonNull(initiator, "initiator");
    Objects.requireNonNull(responder, "responder");
    if (initiatorPort < 0 || initiatorPort > 65535 || responderPort < 0 || responderPort > 65535) {
      throw new IllegalArgumentException("ports must be in [0, 65535], got " + initiatorPort
          + " and " + responderPort);
    }
    if (packetsFromInitiator < 0 || packetsFromResponder < 0 || bytesFromInitiator < 0
        || bytesFromResponder < 0 || handshakes < 0) {
      throw new IllegalArgumentException("flow counters must be >= 0");
    }
  }

  /** Total IP bytes in both directions. */
  public long totalBytes() {
    return bytesFromInitiator + bytesFromResponder;
  }

  /** A readable protocol name: tcp, udp, icmp, icmpv6 or the number. */
  public String protocolName() {
    switch (protocol) {
      case DecodedPacket.PROTO_TCP: return "tcp";
      case DecodedPacket.PROTO_UDP: return "udp";
      case DecodedPacket.PROTO_ICMP: return "icmp";
      case DecodedPacket.PROTO_ICMPV6: return "icmpv6";
      default: return Integer.toString(protocol);
    }
  }
}
