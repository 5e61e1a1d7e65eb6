package io.geofusion.path;

import java.util.Locale;

/**
 * What hop analysis found about one hop of a traceroute. See {@link HopAnalyzer} for the rules
 * and docs/hop-analysis.md for the reasoning.
 *
 * <p>Some flags <em>disqualify</em> a hop from the clean-path distance gradient because its RTT
 * does not measure the path to that hop ({@link #excludesFromGradient()}): {@code timeout},
 * {@code rtt_spike}, {@code non_monotonic}, {@code repeated_hop}, {@code routing_loop}. The others
 * are informational: {@code private_backbone} and {@code mpls} describe the hop, and
 * {@code geographic_jump} marks a clean hop where the path covers a long distance.
 */
public enum HopFlag {
  /** No probe at this TTL was answered. */
  TIMEOUT("hop_timeout", true),
  /** The hop's primary address is not public ({@link io.geofusion.net.AddressClass#isPublic()}). */
  PRIVATE_BACKBONE("private_backbone_segment", false),
  /** The hop's min RTT is far above the monotone fit of the path: slow ICMP generation. */
  RTT_SPIKE("hop_latency_spike", true),
  /** The hop's min RTT is far below the fit or below an earlier clean hop. */
  NON_MONOTONIC("non_monotonic_hop", true),
  /** Same primary address as the previous answering hop. */
  REPEATED_HOP("repeated_hop", true),
  /** The primary address appeared before, with a different address in between (A, B, A). */
  ROUTING_LOOP("routing_loop", true),
  /** A clean hop whose distance step exceeds the analyzer's geographic-jump threshold. */
  GEOGRAPHIC_JUMP("geographic_jump", false),
  /** At least one reply quoted an MPLS label stack (RFC 4950). */
  MPLS("mpls_tunnel", false);

  private final String jsonName = name().toLowerCase(Locale.ROOT);
  private final String eventAnomaly;
  private final boolean excludesFromGradient;

  HopFlag(String eventAnomaly, boolean excludesFromGradient) {
    this.eventAnomaly = eventAnomaly;
    this.excludesFromGradient = excludesFromGradient;
  }

  /** Name in JSON ({@code hops[].anomalies}) and on the command line, e.g. {@code "rtt_spike"}. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The name of this flag in the {@code anomalies} list of a {@code RECON_LATENCY_ANALYSIS}
   * event: {@code rtt_spike → "hop_latency_spike"}, {@code private_backbone →
   * "private_backbone_segment"}, {@code timeout → "hop_timeout"}, {@code non_monotonic →
   * "non_monotonic_hop"}, {@code mpls → "mpls_tunnel"}; the others keep their JSON name.
   */
  public String eventAnomaly() {
    return eventAnomaly;
  }

  /** True when a hop with this flag never feeds the distance gradient. */
  public boolean excludesFromGradient() {
    return excludesFromGradient;
  }

  /**
   * Looks a flag up by {@link #jsonName()}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static HopFlag fromJsonName(String name) {
    for (HopFlag f : values()) {
      if (f.jsonName.equals(name)) {
        return f;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (HopFlag f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f.jsonName);
    }
    throw new IllegalArgumentException("unknown hop flag '" + name + "'; use one of " + sb);
  }
}
