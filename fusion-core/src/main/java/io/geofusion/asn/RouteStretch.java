package io.geofusion.asn;

import io.geofusion.rtt.DistanceEstimate;

/**
 * Applies a route stretch to an RTT-derived distance (docs/architecture.md §5,
 * docs/asn-profiles.md).
 */
public final class RouteStretch {

  private RouteStretch() {}

  /**
   * The estimate divided by the stretch, {@code d_est = estimate / s}, never below {@code minKm};
   * {@code minKm}, {@code maxKm} (the hard physical bound) and confidence are unchanged. A stretch
   * can therefore only move the estimate towards the vantage, never past the bound.
   *
   * @throws IllegalArgumentException when {@code stretch} is not in [1, 10]
   */
  public static DistanceEstimate apply(DistanceEstimate estimate, double stretch) {
    AsnProfile.checkStretch("path", stretch);
    double e = Math.max(estimate.minKm(), estimate.estimateKm() / stretch);
    return new DistanceEstimate(e, estimate.minKm(), estimate.maxKm(), estimate.confidence());
  }
}
