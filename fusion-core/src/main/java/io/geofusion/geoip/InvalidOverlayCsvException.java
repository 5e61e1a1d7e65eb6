package io.geofusion.geoip;

import io.geofusion.GeoFusionException;

/**
 * A networks CSV ({@link OverlayCsv}) that cannot be read: an empty file or an unusable header;
 * the message names the file (and line).
 */
public final class InvalidOverlayCsvException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  InvalidOverlayCsvException(String message) {
    super(message);
  }
}
