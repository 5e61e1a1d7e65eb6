package io.geofusion.geoip;

import java.nio.file.Path;

/** The database file does not exist, is not a regular file, or cannot be read. */
public final class DatabaseNotFoundException extends GeoIpException {

  private static final long serialVersionUID = 1L;

  DatabaseNotFoundException(Path file, String reason, Throwable cause) {
    super(file, "GeoIP database " + file + " " + reason
        + ": check the path (GeoLite2 databases are downloaded from maxmind.com with an account)",
        cause);
  }
}
