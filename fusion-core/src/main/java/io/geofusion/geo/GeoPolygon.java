package io.geofusion.geo;

import java.util.List;

/**
 * A polygon in the lon/lat plane (RFC 7946 §3.1.6): one exterior ring and zero or more holes.
 * Immutable and safe to share.
 *
 * @param exterior the outer boundary
 * @param holes interior rings cut out of it; copied
 */
public record GeoPolygon(GeoRing exterior, List<GeoRing> holes) {

  public GeoPolygon {
    if (exterior == null) {
      throw new IllegalArgumentException("a polygon needs an exterior ring, got null");
    }
    holes = holes == null ? List.of() : List.copyOf(holes);
  }

  /** A polygon without holes. */
  public static GeoPolygon of(GeoRing exterior) {
    return new GeoPolygon(exterior, List.of());
  }

  /** Inside the exterior ring and inside no hole (planar test in lon/lat). */
  public boolean contains(LatLon p) {
    if (!exterior.contains(p)) {
      return false;
    }
    for (GeoRing h : holes) {
      if (h.contains(p)) {
        return false;
      }
    }
    return true;
  }
}
