package io.geofusion.formats.json;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A confidence circle: the disc around {@code (lat, lon)} of radius {@code radius_km} that holds
 * {@code probability} of the posterior mass (e.g. 0.9 for the 90 % circle).
 *
 * @param lat centre latitude in degrees, [−90, 90]
 * @param lon centre longitude in degrees, [−180, 180]
 * @param radiusKm radius in km, ≥ 0
 * @param probability share of probability mass inside, in (0, 1]; also read from {@code mass}, its
 *     name in graph snapshots written before 2026-11-26 (no writer emits it any more)
 */
public record ConfidenceCircle(double lat, double lon, double radiusKm,
    @JsonAlias("mass") double probability) {

  public ConfidenceCircle {
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90] degrees, got " + lat);
    }
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180] degrees, got " + lon);
    }
    if (!(radiusKm >= 0) || Double.isInfinite(radiusKm)) {
      throw new IllegalArgumentException("radius_km must be finite and >= 0, got " + radiusKm);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1], got " + probability);
    }
  }
}
