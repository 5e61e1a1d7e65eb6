package io.geofusion.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * A closed linear ring of positions, as in RFC 7946 §3.1.6: at least four positions, the last
 * equal to the first. Edges are straight lines in longitude/latitude (the GeoJSON reading of a
 * polygon), so a ring never crosses the antimeridian; {@link GeoCircle#polygon(int)} splits
 * shapes that would.
 *
 * <p>Immutable and safe to share. Orientation is not enforced here ({@code
 * io.geofusion.json.GeoJson} writes exterior rings counter-clockwise and holes clockwise whatever
 * the input); {@link #isCounterClockwise()} tells it.
 *
 * @param points the positions, first equal to last; copied
 */
public record GeoRing(List<LatLon> points) {

  public GeoRing {
    if (points == null || points.size() < 4) {
      throw new IllegalArgumentException("a ring needs at least 4 positions (first = last), got "
          + (points == null ? "null" : points.size()));
    }
    points = List.copyOf(points);
    if (!points.get(0).equals(points.get(points.size() - 1))) {
      throw new IllegalArgumentException("a ring must be closed: first position "
          + points.get(0) + " differs from last " + points.get(points.size() - 1));
    }
  }

  /** Builds a ring from open or closed positions, closing it when the last differs from the first. */
  public static GeoRing closing(List<LatLon> positions) {
    if (positions.isEmpty() || positions.get(0).equals(positions.get(positions.size() - 1))) {
      return new GeoRing(positions);
    }
    List<LatLon> closed = new ArrayList<>(positions.size() + 1);
    closed.addAll(positions);
    closed.add(positions.get(0));
    return new GeoRing(closed);
  }

  /**
   * Twice the signed planar area in square degrees (shoelace over x = lon, y = lat); positive
   * for counter-clockwise rings.
   */
  double signedArea2() {
    double s = 0;
    for (int i = 0; i + 1 < points.size(); i++) {
      LatLon a = points.get(i);
      LatLon b = points.get(i + 1);
      s += a.lon() * b.lat() - b.lon() * a.lat();
    }
    return s;
  }

  /** True when the ring runs counter-clockwise in the lon/lat plane (RFC 7946 exterior order). */
  public boolean isCounterClockwise() {
    return signedArea2() > 0;
  }

  /** The same ring in the opposite direction. */
  public GeoRing reversed() {
    List<LatLon> r = new ArrayList<>(points);
    java.util.Collections.reverse(r);
    return new GeoRing(r);
  }

  /**
   * Whether a position lies inside the ring in the lon/lat plane (even-odd rule). Positions
   * exactly on an edge may fall either way.
   */
  public boolean contains(LatLon p) {
    boolean inside = false;
    double x = p.lon();
    double y = p.lat();
    for (int i = 0, j = points.size() - 2; i < points.size() - 1; j = i++) {
      LatLon a = points.get(i);
      LatLon b = points.get(j);
      if ((a.lat() > y) != (b.lat() > y)
          && x < (b.lon() - a.lon()) * (y - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
        inside = !inside;
      }
    }
    return inside;
  }
}
