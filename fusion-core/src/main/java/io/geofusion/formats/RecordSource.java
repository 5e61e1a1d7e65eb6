package io.geofusion.formats;

import java.io.IOException;

/** A pull source of measurements from one input; one per format family. Not thread-safe. */
interface RecordSource {

  /** The next measurement, or null at the end of input. */
  Measurement next() throws IOException;
}
