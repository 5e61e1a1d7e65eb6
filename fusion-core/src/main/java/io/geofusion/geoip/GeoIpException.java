package io.geofusion.geoip;

import io.geofusion.GeoFusionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Root of the failures of opening or reading a GeoIP database: checked, sealed, with final leaves
 * a caller can switch on.
 *
 * <ul>
 *   <li>{@link DatabaseNotFoundException}: the file is missing or unreadable;
 *   <li>{@link DatabaseCorruptException}: the file is not a well-formed MaxMind DB (bad metadata,
 *       search tree or data section), detected on open or during a lookup;
 *   <li>{@link UnsupportedDatabaseException}: a well-formed database that holds nothing this
 *       service can answer with (e.g. a {@code GeoIP2-Domain} database), or not the type that
 *       was required of it (see {@link MaxMindGeoIpService.Builder#anonymousIpDatabase}).
 * </ul>
 *
 * <p>It extends {@link IOException} because every cause is bad input on disk. A lookup that finds
 * no record is not a failure: it returns {@link java.util.Optional#empty()}.
 */
public abstract sealed class GeoIpException extends GeoFusionException
    permits DatabaseNotFoundException, DatabaseCorruptException, UnsupportedDatabaseException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  GeoIpException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The database file the failure is about. */
  public Path file() {
    return file;
  }
}
