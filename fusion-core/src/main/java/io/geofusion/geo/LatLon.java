package io.geofusion.geo;

import java.util.Locale;

/**
 * A position on the WGS84 ellipsoid in decimal degrees.
 *
 * <p>Latitude is in [−90, 90], longitude in [−180, 180]. A value outside those ranges, or NaN,
 * is rejected with a message that names it: swapped latitude/longitude is the classic geo bug,
 * so nothing in GeoFusion passes bare {@code double} pairs across an API. GeoJSON writes the
 * same position as {@code [lon, lat]} (RFC 7946 §3.1.1); this type always reads lat first.
 *
 * @param lat latitude in degrees, north positive
 * @param lon longitude in degrees, east positive
 */
public record LatLon(double lat, double lon) {

  public LatLon {
    if (!(lat >= -90.0 && lat <= 90.0)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90] degrees, got " + lat);
    }
    if (!(lon >= -180.0 && lon <= 180.0)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180] degrees, got " + lon);
    }
  }

  /** Same as the canonical constructor; reads well at call sites: {@code LatLon.of(52.38, 4.90)}. */
  public static LatLon of(double lat, double lon) {
    return new LatLon(lat, lon);
  }

  /**
   * Builds a position, wrapping the longitude into [−180, 180] first (e.g. 190 → −170). Latitude
   * is still validated strictly.
   */
  public static LatLon wrapped(double lat, double lon) {
    if (!Double.isFinite(lon)) {
      throw new IllegalArgumentException("longitude must be finite, got " + lon);
    }
    double w = ((lon + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
    if (w == -180.0 && lon > 0) {
      w = 180.0;
    }
    return new LatLon(lat, w);
  }

  /**
   * Parses {@code "LAT,LON"} (decimal degrees, optional spaces), as given on a command line.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static LatLon parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s*,\\s*");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "expected LAT,LON in decimal degrees (e.g. 52.38,4.90), got '" + text + "'");
    }
    try {
      return new LatLon(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected LAT,LON in decimal degrees (e.g. 52.38,4.90), got '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.5f,%.5f", lat, lon);
  }
}
