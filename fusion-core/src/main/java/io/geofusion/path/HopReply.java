package io.geofusion.path;

import io.geofusion.rtt.RttEnvelope;
import java.util.List;

/**
 * One probe sent at a given TTL, and what came back.
 *
 * <p>A probe with no reply has {@code address == null} and {@code rttMs} NaN. {@code address} is
 * the responder's IP literal as text (never a host name: nothing here resolves DNS).
 * {@code flag} carries a traceroute annotation such as {@code "!H"}, {@code "!N"}, {@code "!X"} or
 * an ICMP error name, or is {@code null}.
 *
 * @param address responder IP literal, or null for no reply
 * @param rttMs round-trip time in ms, or NaN for no reply
 * @param mpls MPLS label stack quoted by the responder (RFC 4950), possibly empty
 * @param flag traceroute annotation, or null
 */
public record HopReply(String address, double rttMs, List<MplsLabel> mpls, String flag) {

  public HopReply {
    mpls = mpls == null ? List.of() : List.copyOf(mpls);
    if (address == null && !Double.isNaN(rttMs)) {
      throw new IllegalArgumentException("a reply with an RTT needs a responder address");
    }
    if (!Double.isNaN(rttMs) && !RttEnvelope.plausible(rttMs)) {
      throw new IllegalArgumentException("an RTT must be in [0, " + RttEnvelope.MAX_RTT_MS
          + "] ms, got " + rttMs);
    }
  }

  /** A reply from {@code address} after {@code rttMs}. */
  public static HopReply of(String address, double rttMs) {
    return new HopReply(address, rttMs, List.of(), null);
  }

  /** A probe that timed out. */
  public static HopReply timeout() {
    return new HopReply(null, Double.NaN, List.of(), null);
  }

  /** True when this probe was answered with an RTT. */
  public boolean answered() {
    return !Double.isNaN(rttMs);
  }
}
