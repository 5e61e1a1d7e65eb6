package io.geofusion.formats.json;

import java.util.List;

/**
 * A host's location as a probability distribution (DESIGN §5): {@code {"type":"gaussian_mixture",
 * "centroids":[...], "uncertainty_km":850}}. Weights sum to 1 within 0.001, so weights rounded for
 * output (4 decimals) still read back.
 *
 * @param type always {@value #GAUSSIAN_MIXTURE}
 * @param centroids one or more weighted centres
 * @param uncertaintyKm radius in km of the confidence circle around the estimate, ≥ 0
 * @param circle the confidence circle (centre, radius, probability mass), or null
 */
public record LocationDistribution(String type, List<Centroid> centroids, double uncertaintyKm,
    ConfidenceCircle circle) {

  /** The only distribution type so far. */
  public static final String GAUSSIAN_MIXTURE = "gaussian_mixture";

  public LocationDistribution {
    if (type == null) {
      type = GAUSSIAN_MIXTURE;
    }
    if (!GAUSSIAN_MIXTURE.equals(type)) {
      throw new IllegalArgumentException("distribution type must be " + GAUSSIAN_MIXTURE
          + ", got " + type);
    }
    if (centroids == null || centroids.isEmpty()) {
      throw new IllegalArgumentException("a location distribution needs at least one centroid");
    }
    centroids = List.copyOf(centroids);
    double sum = 0;
    for (Centroid c : centroids) {
      sum += c.weight();
    }
    if (Math.abs(sum - 1.0) > 1e-3) {
      throw new IllegalArgumentException("centroid weights must sum to 1 (±0.001), got " + sum);
    }
    if (!(uncertaintyKm >= 0) || Double.isInfinite(uncertaintyKm)) {
      throw new IllegalArgumentException("uncertainty_km must be finite and >= 0, got "
          + uncertaintyKm);
    }
  }

  /** A mixture without an explicit circle. */
  public static LocationDistribution of(List<Centroid> centroids, double uncertaintyKm) {
    return new LocationDistribution(GAUSSIAN_MIXTURE, centroids, uncertaintyKm, null);
  }
}
