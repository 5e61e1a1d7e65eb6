package io.geofusion.rtt;

import java.util.Collection;

/**
 * A vantage's CBG "bestline" {@code rtt = m·d + b} (Gueye et al., "Constraint-based geolocation
 * of Internet hosts", IEEE/ACM ToN 14(6), 2006): the line lying on or below every calibration
 * landmark in the (distance, RTT) plane with the smallest total gap to them, under the physical
 * constraints {@code m ≥ 1/k} (no faster than the speed bound) and {@code b ≥ 0}.
 *
 * <p>Read backwards it turns a measured RTT into a distance bound tighter than the speed-of-light
 * bound: {@code d ≤ (rtt − b)/m}. It is an empirical bound (held-out landmarks can fall outside
 * it; see docs/model.md for the measured coverage), while {@link DistanceModel#maxDistanceKm}
 * is a physical one; because {@code m ≥ 1/k} and {@code b ≥ 0}, the bestline bound never
 * exceeds the physical bound of the speed it was fitted with.
 *
 * @param slopeMsPerKm {@code m}, RTT milliseconds per km of distance, finite and &gt; 0
 * @param interceptMs {@code b}, the distance-independent delay in ms, finite and ≥ 0
 */
public record Bestline(double slopeMsPerKm, double interceptMs) {

  public Bestline {
    if (!(slopeMsPerKm > 0.0) || Double.isInfinite(slopeMsPerKm)) {
      throw new IllegalArgumentException("bestline slope must be finite and > 0 ms/km, got "
          + slopeMsPerKm);
    }
    if (!(interceptMs >= 0.0) || Double.isInfinite(interceptMs)) {
      throw new IllegalArgumentException("bestline intercept must be finite and >= 0 ms, got "
          + interceptMs);
    }
  }

  /**
   * The physical baseline {@code m = 1/k, b = 0}: the fallback when landmarks cannot determine a
   * line (CBG's "baseline").
   *
   * @param kmPerRttMs the speed bound {@code k}, e.g. {@code DistanceModel.FIBER_TWO_THIRDS
   *     .kmPerRttMs(0)} ≈ 99.93
   */
  public static Bestline baseline(double kmPerRttMs) {
    if (!(kmPerRttMs > 0.0) || Double.isInfinite(kmPerRttMs)) {
      throw new IllegalArgumentException("speed bound must be finite and > 0 km per RTT-ms, got "
          + kmPerRttMs);
    }
    return new Bestline(1.0 / kmPerRttMs, 0.0);
  }

  /**
   * Fits the bestline to landmarks with the 2/3 c bound, rejecting physically impossible ones.
   * Use {@link BestlineFitter} to choose the speed bound or to exclude such landmarks instead.
   *
   * @throws IllegalArgumentException when the landmarks do not span two distinct distances or one
   *     of them is faster than the speed bound
   */
  public static Bestline fit(Collection<Landmark> landmarks) {
    return BestlineFitter.defaults().fit(landmarks).line();
  }

  /** The speed {@code 1/m} in km per RTT millisecond. */
  public double kmPerRttMs() {
    return 1.0 / slopeMsPerKm;
  }

  /** The line's RTT at a distance: {@code m·d + b}. */
  public double rttMsAt(double distanceKm) {
    return slopeMsPerKm * distanceKm + interceptMs;
  }

  /**
   * Distance bound for a measured min RTT: {@code max(0, (rtt − b)/m)} km.
   *
   * @throws IllegalArgumentException for a negative or non-finite RTT
   */
  public double maxDistanceKm(double rttMs) {
    if (!(rttMs >= 0.0) || Double.isInfinite(rttMs)) {
      throw new IllegalArgumentException("RTT must be finite and >= 0 ms, got " + rttMs);
    }
    return Math.max(0.0, (rttMs - interceptMs) / slopeMsPerKm);
  }
}
