package io.geofusion.formats;

import io.geofusion.GeoFusionException;

/**
 * An input that is not a recorded-measurement file this package can read (for example a binary
 * warts file, a capture, or unrelated JSON). Problems inside a recognised file are not thrown:
 * they are reported per record as {@link RecordProblem}s.
 */
public final class MeasurementFormatException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message names the input and says what to do
   */
  public MeasurementFormatException(String message) {
    super(message);
  }
}
