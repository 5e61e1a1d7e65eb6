package io.geofusion.formats;

import io.geofusion.GeoFusionException;
import java.nio.file.Path;

/**
 * A line of a vantages file ({@link VantagesCsv}) that is not a vantage position; the message
 * names the file and line ({@code vantages.csv:3: latitude 'x' is not a number}).
 */
public final class InvalidVantagesException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  InvalidVantagesException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The vantages file. */
  public Path file() {
    return file;
  }

  /** The 1-based number of the bad line. */
  public int line() {
    return line;
  }
}
