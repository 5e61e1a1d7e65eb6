package io.geofusion.geo;

import java.util.List;

/**
 * A region of the Earth as one or more non-overlapping polygons in the lon/lat plane: a GeoJSON
 * Polygon when it has one part, a MultiPolygon otherwise (RFC 7946 §3.1.6–3.1.7). Shapes that
 * cross the antimeridian are already split into parts on either side of it (§3.1.9).
 *
 * <p>Immutable and safe to share.
 *
 * @param polygons the parts, at least one; copied
 */
public record GeoRegion(List<GeoPolygon> polygons) {

  /** The whole Earth: the box lon [−180, 180] × lat [−90, 90]. */
  public static final GeoRegion WORLD = new GeoRegion(List.of(GeoPolygon.of(new GeoRing(List.of(
      LatLon.of(-90, -180), LatLon.of(-90, 180), LatLon.of(90, 180), LatLon.of(90, -180),
      LatLon.of(-90, -180))))));

  public GeoRegion {
    if (polygons == null || polygons.isEmpty()) {
      throw new IllegalArgumentException("a region needs at least one polygon");
    }
    polygons = List.copyOf(polygons);
  }

  /** True when the region has more than one part (written as a GeoJSON MultiPolygon). */
  public boolean isMulti() {
    return polygons.size() > 1;
  }

  /** Whether any part contains the position (planar test in lon/lat). */
  public boolean contains(LatLon p) {
    for (GeoPolygon poly : polygons) {
      if (poly.contains(p)) {
        return true;
      }
    }
    return false;
  }
}
