package io.geofusion.geoip;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The file is not a well-formed MaxMind DB: unreadable metadata, a search tree that points
 * outside itself, a data record that cannot be decoded. Raised on open, by a verifying open, or
 * by the lookup that first touches the broken part.
 */
public final class DatabaseCorruptException extends GeoIpException {

  private static final long serialVersionUID = 1L;

  private final long offset;

  DatabaseCorruptException(Path file, String detail, Throwable cause) {
    this(file, -1, detail, cause);
  }

  DatabaseCorruptException(Path file, long offset, String detail, Throwable cause) {
    super(file, "GeoIP database " + file + " is corrupt"
        + (offset >= 0 ? " at byte offset " + offset : "") + ": " + detail
        + " (replace the file with a fresh copy)", cause);
    this.offset = offset;
  }

  /** Byte offset in the file where the damage was found, when known. */
  public OptionalLong offset() {
    return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
  }
}
