package io.geofusion.graph;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.Optional;

/**
 * Where a host probably is: the {@code location_distribution} of DESIGN §5 as the graph stores it —
 * a Gaussian mixture summarised by weighted centroids and an {@code uncertainty_km}, plus the
 * optional confidence circle that holds a stated share ({@code probability}, e.g. 0.9) of the
 * posterior.
 *
 * <p>The graph does not compute locations; it stores what the fusion engine produced. Centroid
 * weights must sum to 1 within 10⁻³.
 *
 * @param centroids the mixture components' centres and weights, at least one
 * @param uncertaintyKm the mixture's overall spread in km (≥ 0)
 * @param circle the confidence circle, or {@code null} when the producer gave none
 */
public record HostLocation(List<Centroid> centroids, double uncertaintyKm, ConfidenceCircle circle) {

  public HostLocation {
    if (centroids == null || centroids.isEmpty()) {
      throw new IllegalArgumentException("a host location needs at least one centroid");
    }
    centroids = List.copyOf(centroids);
    double sum = 0;
    for (Centroid c : centroids) {
      sum += c.weight();
    }
    if (Math.abs(sum - 1.0) > 1e-3) {
      throw new IllegalArgumentException("centroid weights must sum to 1 (±0.001), got " + sum);
    }
    if (!(uncertaintyKm >= 0.0) || Double.isInfinite(uncertaintyKm)) {
      throw new IllegalArgumentException("uncertainty_km must be finite and >= 0, got "
          + uncertaintyKm);
    }
  }

  /** A location with one centroid of weight 1 and no circle. */
  public static HostLocation point(LatLon position, double uncertaintyKm) {
    return new HostLocation(List.of(new Centroid(position, 1.0)), uncertaintyKm, null);
  }

  /** The confidence circle, if the producer recorded one. */
  public Optional<ConfidenceCircle> confidenceCircle() {
    return Optional.ofNullable(circle);
  }

  /** The heaviest centroid's position (the first one on ties): the host's single best guess. */
  public LatLon bestGuess() {
    Centroid best = centroids.get(0);
    for (Centroid c : centroids) {
      if (c.weight() > best.weight()) {
        best = c;
      }
    }
    return best.position();
  }

  /**
   * Whether the host may lie in {@code region}: its confidence circle intersects the region, or,
   * when no circle was recorded, the disk of radius {@code uncertainty_km} around any centroid does.
   */
  public boolean mayIntersect(GeoRegion region) {
    if (circle != null) {
      return region.intersectsDisk(circle.centre(), circle.radiusKm());
    }
    for (Centroid c : centroids) {
      if (region.intersectsDisk(c.position(), uncertaintyKm)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A mixture component.
   *
   * @param position the component's centre
   * @param weight its share of the probability mass, in (0, 1]
   */
  public record Centroid(LatLon position, double weight) {
    public Centroid {
      if (position == null) {
        throw new IllegalArgumentException("centroid position is required");
      }
      if (!(weight > 0.0 && weight <= 1.0)) {
        throw new IllegalArgumentException("centroid weight must be in (0, 1], got " + weight);
      }
    }
  }

  /**
   * A circle holding {@code probability} of the posterior mass (0.9 for the usual 90 % circle),
   * like {@code fusion.ConfidenceCircle}; JSON {@code {"lat","lon","radius_km","probability"}}.
   *
   * @param centre the circle's centre
   * @param radiusKm geodesic radius in km, in [0, {@link Geodesy#MAX_DISTANCE_KM}]
   * @param probability the share of posterior mass inside, in (0, 1]
   */
  public record ConfidenceCircle(LatLon centre, double radiusKm, double probability) {
    public ConfidenceCircle {
      if (centre == null) {
        throw new IllegalArgumentException("circle centre is required");
      }
      if (!(radiusKm >= 0.0 && radiusKm <= Geodesy.MAX_DISTANCE_KM)) {
        throw new IllegalArgumentException("circle radius_km must be in [0, "
            + Geodesy.MAX_DISTANCE_KM + "], got " + radiusKm);
      }
      if (!(probability > 0.0 && probability <= 1.0)) {
        throw new IllegalArgumentException("circle probability must be in (0, 1], got "
            + probability);
      }
    }

    /**
     * The share of posterior mass inside: the former name of {@link #probability()}.
     *
     * @return {@link #probability()}
     * @deprecated use {@link #probability()}, the name every JSON writer uses since 2026-11-26
     */
    @Deprecated(since = "0.1")
    public double mass() {
      return probability;
    }
  }
}
