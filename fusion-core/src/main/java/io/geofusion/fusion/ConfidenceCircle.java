package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * A circle centred on the estimate that holds {@code probability} of the posterior mass: under the
 * model of docs/fusion.md the true location lies inside with that probability (measured coverage
 * on real ground truth is in docs/evaluation.md).
 *
 * @param centre the estimate
 * @param radiusKm radius, km, ≥ 0; clamped to half the circumference ({@link
 *     Geodesy#MAX_DISTANCE_KM}, 20,004 km): a circle that large already covers the Earth
 * @param probability share of posterior mass inside, in (0, 1]
 */
public record ConfidenceCircle(LatLon centre, double radiusKm, double probability) {

  public ConfidenceCircle {
    Objects.requireNonNull(centre, "circle centre must not be null");
    if (!(radiusKm >= 0.0) || Double.isInfinite(radiusKm)) {
      throw new IllegalArgumentException("circle radius must be finite and >= 0 km, got "
          + radiusKm);
    }
    radiusKm = Geodesy.clampDistanceKm(radiusKm);
    if (!(probability > 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException("circle probability must be in (0, 1], got "
          + probability);
    }
  }
}
