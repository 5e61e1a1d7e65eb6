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
   * The ellipse as simple polygons in the lon/lat plane, ready for GeoJSON: counter-clockwise,
   * split at the antimeridian, running to the pole when it covers one (as {@link
   * GeoCircle#polygon(int)}), for any axes below the antipodal distance — also a long, thin or
   * bent one that passes a pole or wraps round most of the globe.
   *
   * <p>Vertices start at {@code vertices} equal bearing steps; a step is halved (at most 10 times)
   * while its straight lon/lat edge strays more than 0.05° — or a quarter of the semi-minor axis,
   * if less — from the boundary point at the mid bearing. Near a pole one 5° step of a thin
   * ellipse can sweep tens of degrees of longitude, and edges that far from the curve cross
   * each other. Typical counts for 72 steps: 72 for a small ellipse, 110–160 on average for
   * axes of thousands of km, a few hundred next to a pole. Ellipses thinner than about 1:1000
   * (semi-minor of a few km over thousands) can still be drawn with crossing edges.
   *
   * @param vertices initial boundary vertices, in [{@value GeoCircle#MIN_VERTICES}, {@value
   *     GeoCircle#MAX_VERTICES}]
   */
  public GeoRegion polygon(int vertices) {
    if (vertices < GeoCircle.MIN_VERTICES || vertices > GeoCircle.MAX_VERTICES) {
      throw new IllegalArgumentException("ellipse polygon vertices must be in ["
          + GeoCircle.MIN_VERTICES + ", " + GeoCircle.MAX_VERTICES + "], got " + vertices);
    }
    return CirclePolygons.build(centre, vertices, this::radiusKm, true);
  }
}
