package io.geofusion.rtt;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The vantage's own access delay, subtracted from every RTT before it becomes distance
 * (docs/architecture.md §5: {@code d_max = max(0, rtt_min − local_delay)·k}).
 *
 * <p>Measured, it is the minimum RTT to the first <em>public</em> hop of a traceroute: time
 * spent in the home router, Wi-Fi, DSL/cable/cellular access that carries no geographic
 * distance. Subtracting it keeps {@code d_max} a bound on the distance <em>from that hop</em>;
 * it is also a bound from the vantage when the first public hop is in the vantage's metro area
 * (the usual case: the ISP's BNG/CMTS/PE), which docs/model.md states as an assumption. Later
 * hops' RTTs contain the same access delay, so a later hop with a lower minimum proves the first
 * hop's minimum was inflated by slow ICMP generation; {@link #fromFirstPublicHop(RttEnvelope,
 * List)} therefore takes the lowest minimum at or beyond the first public hop.
 *
 * @param ms the delay in ms, finite and ≥ 0
 * @param source where it came from
 */
public record LocalDelay(double ms, Source source) {

  /** Where a local delay came from (JSON: the lower-case name). */
  public enum Source {
    /** No delay subtracted. */
    NONE,
    /** Given by the user or configuration. */
    CONFIGURED,
    /** Minimum RTT at or beyond the first public hop of a measured path. */
    FIRST_PUBLIC_HOP
  }

  /** No local delay. */
  public static final LocalDelay NONE = new LocalDelay(0.0, Source.NONE);

  public LocalDelay {
    if (!(ms >= 0.0) || Double.isInfinite(ms)) {
      throw new IllegalArgumentException("local delay must be finite and >= 0 ms, got " + ms);
    }
    if (source == null) {
      throw new IllegalArgumentException("local delay source must not be null");
    }
  }

  /** A configured delay. */
  public static LocalDelay configured(double ms) {
    return new LocalDelay(ms, Source.CONFIGURED);
  }

  /**
   * The minimum RTT of the first public hop.
   *
   * @throws IllegalArgumentException if that hop never answered
   */
  public static LocalDelay fromFirstPublicHop(RttEnvelope firstPublicHop) {
    return fromFirstPublicHop(firstPublicHop, List.of());
  }

  /**
   * The lowest minimum RTT among the first public hop and the hops after it (see the class
   * comment for why later hops may lower it). Hops without replies are ignored.
   *
   * @param firstPublicHop envelope of the first hop with a public address
   * @param laterHops envelopes of the hops after it, in path order (may be empty)
   * @throws IllegalArgumentException if none of them answered
   */
  public static LocalDelay fromFirstPublicHop(RttEnvelope firstPublicHop,
      List<RttEnvelope> laterHops) {
    double min = Double.POSITIVE_INFINITY;
    if (firstPublicHop.hasReplies()) {
      min = firstPublicHop.minMs();
    }
    for (RttEnvelope e : laterHops) {
      if (e.hasReplies()) {
        min = Math.min(min, e.minMs());
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("the first public hop and the hops after it sent no"
          + " replies (sent=" + firstPublicHop.sent() + "); configure the local delay instead");
    }
    return new LocalDelay(min, Source.FIRST_PUBLIC_HOP);
  }

  /**
   * The delay to use: the configured value when there is one, otherwise the measured one (as
   * {@link #fromFirstPublicHop(RttEnvelope, List)}), otherwise {@link #NONE} when no public hop
   * is known or none of them answered.
   *
   * @param configuredMs a user-given delay, if any
   * @param firstPublicHop envelope of the first hop with a public address, if the path has one
   * @param laterHops envelopes of the hops after it, in path order (may be empty)
   */
  public static LocalDelay resolve(OptionalDouble configuredMs,
      Optional<RttEnvelope> firstPublicHop, List<RttEnvelope> laterHops) {
    if (configuredMs.isPresent()) {
      return configured(configuredMs.getAsDouble());
    }
    if (firstPublicHop.isEmpty()) {
      return NONE;
    }
    boolean answered = firstPublicHop.get().hasReplies();
    for (RttEnvelope e : laterHops) {
      answered |= e.hasReplies();
    }
    return answered ? fromFirstPublicHop(firstPublicHop.get(), laterHops) : NONE;
  }
}
