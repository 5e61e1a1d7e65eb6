package io.geofusion.geo;

/**
 * A geodesic circle (spherical cap on the WGS84 ellipsoid): every position whose geodesic
 * distance from {@code centre} is at most {@code radiusKm}.
 *
 * <p>{@link #contains(LatLon)} is exact (Karney's geodesic inverse, about 15 nm). {@link
 * #polygon(int)} draws the boundary as a GeoJSON-ready region: vertices at equal bearings along
 * geodesics from the centre, the interior on the left (counter-clockwise), split at the
 * antimeridian per RFC 7946 §3.1.9, a cap around a pole closed along the antimeridian and the
 * pole's parallel, and a cap around both poles drawn as the world minus the uncovered part. A
 * radius at or beyond the antipodal distance covers the whole Earth.
 *
 * <p>Immutable and safe to share.
 *
 * @param centre the centre
 * @param radiusKm geodesic radius in km, finite and ≥ 0
 */
public record GeoCircle(LatLon centre, double radiusKm) {

  /** Vertex count used by {@link #polygon()}: one every 5 degrees of bearing. */
  public static final int DEFAULT_VERTICES = 72;

  /** Fewest vertices {@link #polygon(int)} accepts. */
  public static final int MIN_VERTICES = 8;

  /** Most vertices {@link #polygon(int)} accepts. */
  public static final int MAX_VERTICES = 3600;

  /**
   * Smallest radius drawn by {@link #polygon(int)}: a smaller circle is drawn with this radius so
   * its vertices stay distinct at GeoJSON's 6-decimal precision (≈ 0.11 m).
   */
  public static final double MIN_DRAWN_RADIUS_KM = 0.1;

  public GeoCircle {
    if (centre == null) {
      throw new IllegalArgumentException("a circle needs a centre, got null");
    }
    if (!(radiusKm >= 0.0) || Double.isInfinite(radiusKm)) {
      throw new IllegalArgumentException("circle radius must be finite and >= 0 km, got " + radiusKm);
    }
  }

  /** Same as the constructor: {@code GeoCircle.of(LatLon.of(52.4, 4.9), 250)}. */
  public static GeoCircle of(LatLon centre, double radiusKm) {
    return new GeoCircle(centre, radiusKm);
  }

  /** Whether the geodesic distance from the centre to {@code p} is at most the radius. */
  public boolean contains(LatLon p) {
    return Geodesy.distanceKm(centre, p) <= radiusKm;
  }

  /** Whether the circle covers the North (+1) or South (−1) pole. */
  public boolean containsPole(int hemisphere) {
    if (hemisphere != 1 && hemisphere != -1) {
      throw new IllegalArgumentException("hemisphere must be +1 (north) or -1 (south), got "
          + hemisphere);
    }
    return contains(LatLon.of(90.0 * hemisphere, 0.0));
  }

  /** {@link #polygon(int)} with {@link #DEFAULT_VERTICES} vertices. */
  public GeoRegion polygon() {
    return polygon(DEFAULT_VERTICES);
  }

  /**
   * The circle as a region of polygons in the lon/lat plane, ready for GeoJSON.
   *
   * <p>Boundary vertices lie at bearings {@code 360·i/vertices} degrees, exactly {@code radiusKm}
   * from the centre along the geodesic (WGS84). Edges are straight in lon/lat, so the drawn
   * shape deviates from the true circle between vertices by at most about {@code
   * radius·(1 − cos(π/vertices))} plus the plate carrée edge distortion; use more vertices for
   * large radii at high latitude. Crossing the antimeridian yields two parts; covering a pole
   * yields a polygon running along the antimeridian to the pole.
   *
   * @param vertices boundary vertices, in [{@value #MIN_VERTICES}, {@value #MAX_VERTICES}]
   * @throws IllegalArgumentException for a vertex count outside that range
   */
  public GeoRegion polygon(int vertices) {
    if (vertices < MIN_VERTICES || vertices > MAX_VERTICES) {
      throw new IllegalArgumentException("circle polygon vertices must be in [" + MIN_VERTICES
          + ", " + MAX_VERTICES + "], got " + vertices);
    }
    return CirclePolygons.build(centre, Math.max(radiusKm, MIN_DRAWN_RADIUS_KM), vertices);
  }
}
