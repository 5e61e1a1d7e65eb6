package io.geofusion.geo;

import java.util.Objects;

/**
 * A geodesic ellipse: the points whose distance from {@code centre} along the geodesic at
 * bearing {@code θ} is at most {@code r(θ) = a·b / √((b·cos φ)² + (a·sin φ)²)}, with
 * {@code φ = θ − majorAxisBearingDeg}, {@code a} the semi-major and {@code b} the semi-minor axis
 * in km. This is the exponential-map image of a plane ellipse in the tangent plane at the
 * centre (azimuthal equidistant projection), the shape of a 2-D Gaussian's contour drawn on the
 * sphere. Immutable.
 *
 * @param centre the centre
 * @param semiMajorKm semi-major axis, km, finite and ≥ semi-minor
 * @param semiMinorKm semi-minor axis, km, finite and ≥ 0
 * @param majorAxisBearingDeg bearing of the major axis, degrees clockwise from north
 */
public record GeoEllipse(LatLon centre, double semiMajorKm, double semiMinorKm,
    double majorAxisBearingDeg) {

  public GeoEllipse {
    Objects.requireNonNull(centre, "centre");
    if (!(semiMinorKm >= 0 && Double.isFinite(semiMajorKm) && semiMajorKm >= semiMinorKm)) {
      throw new IllegalArgumentException("need 0 <= semi-minor <= semi-major (finite km), got "
          + semiMinorKm + " and " + semiMajorKm);
    }
    if (!Double.isFinite(majorAxisBearingDeg)) {
      throw new IllegalArgumentException("major-axis bearing must be finite, got "
          + majorAxisBearingDeg);
    }
  }

  /** Distance in km from the centre to the boundary along the geodesic at {@code bearingDeg}. */
  public double radiusKm(double bearingDeg) {
    double a = Math.max(semiMajorKm, GeoCircle.MIN_DRAWN_RADIUS_KM);
    double b = Math.max(semiMinorKm, GeoCircle.MIN_DRAWN_RADIUS_KM);
    double phi = Math.toRadians(bearingDeg - majorAxisBearingDeg);
    double bc = b * Math.cos(phi);
    double as = a * Math.sin(phi);
    return a * b / Math.sqrt(bc * bc + as * as);
  }

  /**
   * The ellipse as polygons in the lon/lat plane, ready for GeoJSON: counter-clockwise, split at
   * the antimeridian, running to the pole when it covers one (as {@link GeoCircle#polygon(int)};
   * axes up to a quarter of the Earth's circumference keep the shape star-shaped and convex
   * enough for that cut).
   *
   * @param vertices boundary vertices, in [{@value GeoCircle#MIN_VERTICES}, {@value
   *     GeoCircle#MAX_VERTICES}]
   */
  public GeoRegion polygon(int vertices) {
    if (vertices < GeoCircle.MIN_VERTICES || vertices > GeoCircle.MAX_VERTICES) {
      throw new IllegalArgumentException("ellipse polygon vertices must be in ["
          + GeoCircle.MIN_VERTICES + ", " + GeoCircle.MAX_VERTICES + "], got " + vertices);
    }
    return CirclePolygons.build(centre, vertices, this::radiusKm);
  }
}
