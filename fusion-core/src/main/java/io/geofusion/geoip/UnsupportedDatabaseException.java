package io.geofusion.geoip;

import java.nio.file.Path;

/**
 * A well-formed MaxMind DB that holds nothing a {@link GeoIpService} answers with: no locations
 * (coordinates or a country code), no autonomous system numbers and no anonymous-IP flags, e.g.
 * a {@code GeoIP2-Domain} or {@code GeoIP2-Connection-Type} database; or a database of another
 * type than the one asked for (a City database given where an anonymous-IP database is required,
 * see {@link MaxMindGeoIpService.Builder#anonymousIpDatabase}).
 */
public final class UnsupportedDatabaseException extends GeoIpException {

  private static final long serialVersionUID = 1L;

  UnsupportedDatabaseException(Path file, String detail) {
    super(file, "GeoIP database " + file + " is not usable: " + detail, null);
  }
}
