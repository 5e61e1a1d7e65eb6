package io.geofusion.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;

/**
 * Geodesic computations on the WGS84 ellipsoid (Karney's algorithms via GeographicLib), accurate
 * to about 15 nm for any pair of points, antipodal ones included.
 *
 * <p>Stateless and thread-safe. Distances are in kilometres, bearings in degrees clockwise from
 * true north in [0, 360).
 */
public final class Geodesy {

  private static final Geodesic WGS84 = Geodesic.WGS84;

  /** Mean Earth radius (IUGG R1), used only where a spherical approximation is stated. */
  public static final double MEAN_EARTH_RADIUS_KM = 6371.0088;

  /** Half the WGS84 meridian length: no two points on Earth are further apart than this. */
  public static final double MAX_DISTANCE_KM = 20003.931;

  private Geodesy() {}

  /**
   * {@code km} clamped to {@link #MAX_DISTANCE_KM}: a distance or radius derived from an RTT or a
   * posterior beyond half the circumference says "anywhere on Earth", and is reported as 20,004
   * km (callers that clamp say so in their output, e.g. the {@code distance_clamped} note).
   */
  public static double clampDistanceKm(double km) {
    return Math.min(km, MAX_DISTANCE_KM);
  }

  /** Whether {@code km} is at or beyond {@link #MAX_DISTANCE_KM} (so clamping changes it). */
  public static boolean beyondHalfCircumference(double km) {
    return km >= MAX_DISTANCE_KM;
  }

  /** Geodesic distance between two positions, in km. */
  public static double distanceKm(LatLon a, LatLon b) {
    GeodesicData g = WGS84.Inverse(a.lat(), a.lon(), b.lat(), b.lon(), GeodesicMask.DISTANCE);
    return g.s12 / 1000.0;
  }

  /** Initial bearing of the geodesic from {@code a} to {@code b}, degrees in [0, 360). */
  public static double initialBearingDeg(LatLon a, LatLon b) {
    GeodesicData g = WGS84.Inverse(a.lat(), a.lon(), b.lat(), b.lon(), GeodesicMask.AZIMUTH);
    return normaliseBearing(g.azi1);
  }

  /**
   * The point reached by travelling {@code distanceKm} along the geodesic that leaves
   * {@code from} at {@code bearingDeg}.
   *
   * @throws IllegalArgumentException if the distance is negative or not finite
   */
  public static LatLon destination(LatLon from, double bearingDeg, double distanceKm) {
    if (!(distanceKm >= 0.0) || Double.isInfinite(distanceKm)) {
      throw new IllegalArgumentException("distance must be finite and >= 0 km, got " + distanceKm);
    }
    if (!Double.isFinite(bearingDeg)) {
      throw new IllegalArgumentException("bearing must be finite, got " + bearingDeg);
    }
    GeodesicData g =
        WGS84.Direct(from.lat(), from.lon(), bearingDeg, distanceKm * 1000.0,
            GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
    return LatLon.wrapped(Math.max(-90.0, Math.min(90.0, g.lat2)), g.lon2);
  }

  static double normaliseBearing(double deg) {
    double b = deg % 360.0;
    return b < 0 ? b + 360.0 : b;
  }

  /**
   * {@code segments + 1} points evenly spaced along the shortest WGS84 geodesic from {@code a} to
   * {@code b}, both ends included exactly. Solved as one inverse line (GeographicLib
   * {@code InverseLine}), so it stays on the geodesic even for nearly antipodal ends, where an
   * initial bearing is ill-conditioned.
   *
   * @throws IllegalArgumentException if {@code segments < 1}
   */
  public static java.util.List<LatLon> geodesicPoints(LatLon a, LatLon b, int segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("segments must be >= 1, got " + segments);
    }
    GeodesicLine line = WGS84.InverseLine(a.lat(), a.lon(), b.lat(), b.lon(),
        GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.DISTANCE_IN);
    double total = line.Distance();
    java.util.List<LatLon> out = new java.util.ArrayList<>(segments + 1);
    out.add(a);
    for (int i = 1; i < segments; i++) {
      GeodesicData g = line.Position(total * i / segments,
          GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
      out.add(LatLon.wrapped(Math.max(-90.0, Math.min(90.0, g.lat2)), g.lon2));
    }
    out.add(b);
    return out;
  }

  /**
   * The latitude at which the shortest WGS84 geodesic from {@code a} to {@code b} reaches the
   * meridian {@code edgeLon} (±180 for the antimeridian), found by bisection on the geodesic's
   * unrolled longitude (60 steps). For a short segment that crosses the meridian once.
   */
  public static double crossingLatitude(LatLon a, LatLon b, double edgeLon) {
    GeodesicLine line = WGS84.InverseLine(a.lat(), a.lon(), b.lat(), b.lon(),
        GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.DISTANCE_IN
            | GeodesicMask.LONG_UNROLL);
    double total = line.Distance();
    int mask = GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.LONG_UNROLL;
    double end = line.Position(total, mask).lon2;
    // The edge as an unrolled longitude between the two ends.
    double target = edgeLon;
    while (target - a.lon() > 180.0) {
      target -= 360.0;
    }
    while (target - a.lon() < -180.0) {
      target += 360.0;
    }
    boolean increasing = end > a.lon();
    double lo = 0.0;
    double hi = total;
    for (int i = 0; i < 60; i++) {
      double mid = 0.5 * (lo + hi);
      double lon = line.Position(mid, mask).lon2;
      if ((lon < target) == increasing) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.max(-90.0, Math.min(90.0, line.Position(0.5 * (lo + hi), mask).lat2));
  }
}
