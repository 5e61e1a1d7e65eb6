package io.geofusion.geoip;

import java.nio.file.Path;

/**
 * A well-formed MaxMind DB that holds nothing a {@link GeoIpService} answers with: no locations
 * (coordinates or a country code) and no autonomous system numbers, e.g. a
 * {@code GeoIP2-Domain} or {@code GeoIP2-Connection-Type} database.
 */
public final class UnsupportedDatabaseException extends GeoIpException {

  private static final long serialVersionUID = 1L;

  UnsupportedDatabaseException(Path file, String detail) {
    super(file, "GeoIP database " + file + " is not usable: " + detail, null);
  }
}
