package io.geofusion.cli;

import io.geofusion.geo.LatLon;

/** A position option ({@code --from LAT,LON}, {@code --vantage LAT,LON}). */
final class LatLonOption {

  private LatLonOption() {}

  /**
   * {@code value} as a position, or null when the option was not given.
   *
   * @param option the option's name, for the usage error a bad value gives
   */
  static LatLon parse(String value, String option) {
    if (value == null) {
      return null;
    }
    try {
      return LatLon.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageError(option + ": " + e.getMessage());
    }
  }
}
