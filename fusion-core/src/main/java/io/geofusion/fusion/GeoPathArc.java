package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The leg of a {@link GeoPath} between two consecutive located points: from the vantage (when
 * known) or a located waypoint to the next located waypoint. Hops in between that GeoIP could
 * not place are listed in {@code skippedTtls}; the arc is drawn straight over them.
 *
 * <p>The arc follows the WGS84 geodesic (great-circle-like) between its ends, not a straight
 * line on a map: see {@link #parts(double)}.
 *
 * @param fromTtl TTL of the start waypoint, null when the arc starts at the vantage
 * @param toTtl TTL of the end waypoint
 * @param from where the arc starts
 * @param to where the arc ends
 * @param skippedTtls TTLs strictly between the ends whose hops are unlocated, ascending
 * @param distanceKm geodesic length of the arc in km
 */
public record GeoPathArc(Integer fromTtl, int toTtl, LatLon from, LatLon to,
    List<Integer> skippedTtls, double distanceKm) {

  /** Spacing of the interpolated points of {@link #parts()}, in km. */
  public static final double DEFAULT_STEP_KM = 100.0;

  /** At most this many segments per arc, whatever the step (bounds output size). */
  public static final int MAX_SEGMENTS = 1024;

  public GeoPathArc {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    skippedTtls = List.copyOf(skippedTtls);
    if (toTtl < 1 || toTtl > 255) {
      throw new IllegalArgumentException("arc end TTL must be in [1, 255], got " + toTtl);
    }
    if (fromTtl != null && !(fromTtl >= 1 && fromTtl < toTtl)) {
      throw new IllegalArgumentException("arc start TTL must be in [1, " + toTtl + "), got "
          + fromTtl);
    }
    int lo = fromTtl == null ? 0 : fromTtl;
    int prev = lo;
    for (int t : skippedTtls) {
      if (t <= prev || t >= toTtl) {
        throw new IllegalArgumentException("skipped TTLs must ascend strictly between " + lo
            + " and " + toTtl + ", got " + skippedTtls);
      }
      prev = t;
    }
    if (!(distanceKm >= 0 && distanceKm <= Geodesy.MAX_DISTANCE_KM + 1)) {
      throw new IllegalArgumentException("arc length must be in [0, 20004] km, got "
          + distanceKm);
    }
  }

  /** An arc whose length is computed from its ends. */
  public static GeoPathArc between(Integer fromTtl, int toTtl, LatLon from, LatLon to,
      List<Integer> skippedTtls) {
    return new GeoPathArc(fromTtl, toTtl, from, to, skippedTtls, Geodesy.distanceKm(from, to));
  }

  /** True when the arc starts at the vantage rather than at a hop. */
  public boolean fromVantage() {
    return fromTtl == null;
  }

  /** {@link #parts(double)} with {@link #DEFAULT_STEP_KM}. */
  public List<List<LatLon>> parts() {
    return parts(DEFAULT_STEP_KM);
  }

  /**
   * The arc as polylines ready for a map: points along the geodesic every {@code stepKm} at most
   * (at most {@value #MAX_SEGMENTS} segments), cut where the arc crosses the antimeridian (RFC
   * 7946 §3.1.9) so no part jumps from +180° to −180°. The first part starts at {@code from}, the
   * last ends at {@code to}; a cut ends one part at longitude ±180 and starts the next at ∓180 at
   * the same latitude (interpolated linearly over the short crossing segment, an error far below
   * the step). Empty when the ends coincide (a zero-length arc has nothing to draw).
   *
   * @throws IllegalArgumentException when {@code stepKm} is not finite and &gt; 0
   */
  public List<List<LatLon>> parts(double stepKm) {
    if (!(stepKm > 0) || Double.isInfinite(stepKm)) {
      throw new IllegalArgumentException("step must be finite and > 0 km, got " + stepKm);
    }
    if (from.equals(to) || distanceKm == 0.0) {
      return List.of();
    }
    int n = (int) Math.min(MAX_SEGMENTS, Math.max(1, Math.ceil(distanceKm / stepKm)));
    return splitAtAntimeridian(new ArrayList<>(Geodesy.geodesicPoints(from, to, n)));
  }

  /** True when the geodesic between the ends crosses the antimeridian. */
  public boolean crossesAntimeridian() {
    return parts().size() > 1;
  }

  /**
   * Cuts a polyline where consecutive points are more than 180° of longitude apart (the short way
   * round crosses ±180°). Points exactly on ±180° stay where they are.
   */
  static List<List<LatLon>> splitAtAntimeridian(List<LatLon> pts) {
    List<List<LatLon>> parts = new ArrayList<>();
    List<LatLon> cur = new ArrayList<>();
    cur.add(pts.get(0));
    for (int i = 1; i < pts.size(); i++) {
      LatLon a = pts.get(i - 1);
      LatLon b = pts.get(i);
      double dLon = b.lon() - a.lon();
      if (Math.abs(dLon) > 180.0) {
        // Eastward over +180 when a is east of 0 and b wrapped to the west, else westward.
        boolean eastward = dLon < 0;
        double edge = eastward ? 180.0 : -180.0;
        // Where the geodesic itself meets the antimeridian (a straight line in lat/lon would
        // leave it, by up to a few km near the poles).
        double lat = Math.abs(a.lon()) == 180.0 ? a.lat()
            : Math.abs(b.lon()) == 180.0 ? b.lat() : Geodesy.crossingLatitude(a, b, edge);
        addDistinct(cur, LatLon.of(lat, edge));
        if (cur.size() >= 2) {
          parts.add(List.copyOf(cur));
        }
        cur = new ArrayList<>();
        cur.add(LatLon.of(lat, -edge));
      }
      addDistinct(cur, b);
    }
    if (cur.size() >= 2) {
      parts.add(List.copyOf(cur));
    }
    return List.copyOf(parts);
  }

  private static void addDistinct(List<LatLon> line, LatLon p) {
    if (!line.get(line.size() - 1).equals(p)) {
      line.add(p);
    }
  }
}
