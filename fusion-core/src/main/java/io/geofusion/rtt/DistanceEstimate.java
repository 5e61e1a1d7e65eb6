package io.geofusion.rtt;

import io.geofusion.geo.Geodesy;

/**
 * A distance derived from RTT evidence, never a bare number: a likely value, a range, and how far
 * to trust it.
 *
 * <p>Invariants: {@code 0 ≤ minKm ≤ estimateKm ≤ maxKm}, all finite, and {@code confidence} in
 * [0, 1]. {@code maxKm} is a hard physical bound (see docs/model.md); penalties never enlarge it.
 * No distance exceeds half the Earth's circumference, {@link Geodesy#MAX_DISTANCE_KM} (20,004
 * km); {@link #clamped()} says when {@code maxKm} was cut to it. Serialised as
 * {@code {"estimate_km", "min_km", "max_km", "confidence"}}.
 */
public record DistanceEstimate(double estimateKm, double minKm, double maxKm, double confidence) {

  public DistanceEstimate {
    if (!(Double.isFinite(estimateKm) && Double.isFinite(minKm) && Double.isFinite(maxKm))) {
      throw new IllegalArgumentException("distances must be finite, got estimate=" + estimateKm
          + " min=" + minKm + " max=" + maxKm);
    }
    if (!(0.0 <= minKm && minKm <= estimateKm && estimateKm <= maxKm)) {
      throw new IllegalArgumentException("need 0 <= min <= estimate <= max km, got min=" + minKm
          + " estimate=" + estimateKm + " max=" + maxKm);
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
    if (maxKm > Geodesy.MAX_DISTANCE_KM) {
      throw new IllegalArgumentException("no distance on Earth exceeds "
          + Geodesy.MAX_DISTANCE_KM + " km (half the circumference), got max=" + maxKm
          + "; clamp it with Geodesy.clampDistanceKm");
    }
  }

  /**
   * Whether the RTT allowed more than half the circumference, so {@code maxKm} was clamped to
   * {@link Geodesy#MAX_DISTANCE_KM}: the measurement bounds nothing on Earth.
   */
  public boolean clamped() {
    return Geodesy.beyondHalfCircumference(maxKm);
  }
}
