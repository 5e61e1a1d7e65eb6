package io.geofusion.rtt;

/**
 * One calibration point for a vantage: a landmark at a known geodesic distance and the minimum
 * RTT measured to it. Used to fit a {@link Bestline}.
 *
 * @param distanceKm geodesic distance from the vantage, finite and ≥ 0
 * @param minRttMs minimum RTT to the landmark, finite and ≥ 0
 */
public record Landmark(double distanceKm, double minRttMs) {

  public Landmark {
    if (!(distanceKm >= 0.0) || Double.isInfinite(distanceKm)) {
      throw new IllegalArgumentException("landmark distance must be finite and >= 0 km, got "
          + distanceKm);
    }
    if (!(minRttMs >= 0.0) || Double.isInfinite(minRttMs)) {
      throw new IllegalArgumentException("landmark min RTT must be finite and >= 0 ms, got "
          + minRttMs);
    }
  }
}
