package io.geofusion.formats;

import java.time.Instant;

/**
 * One result read from a recorded-measurement file: a ping series, a traceroute with per-probe
 * replies, or an mtr-style per-hop summary.
 *
 * <p>Switch over the three permitted types; {@link #origin()} says which file format produced it
 * and {@link #line()} where in the file it started.
 */
public sealed interface Measurement permits PingMeasurement, TraceMeasurement, TraceSummary {

  /** The file format this result was read from. */
  SourceFormat origin();

  /** 1-based line in the input file where this result started. */
  long line();

  /** When the measurement started, or null when the file does not say. */
  Instant timestamp();
}
