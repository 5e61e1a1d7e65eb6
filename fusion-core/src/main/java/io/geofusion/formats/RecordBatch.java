package io.geofusion.formats;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records read by {@link MeasurementReader#readBatch} and decoded by {@link #decode}, on any
 * thread: a bulk reader keeps one thread reading while others decode (JSON Lines are split on
 * the reading thread and parsed in {@link #decode}; other formats are decoded as they are read,
 * and {@link #decode} returns them). Immutable; {@link #decode} may be called from several
 * threads and gives the same measurements each time.
 */
public final class RecordBatch {

  private final byte[] bytes;
  private final int[] ends;
  private final BitSet tooLong;
  private final long firstLine;
  private final List<Measurement> decoded;

  /**
   * Lines {@code firstLine}, {@code firstLine + 1}, ... of JSON Lines: each ends at an end; those
   * set in {@code tooLong} were longer than the record limit, are empty, and are reported skipped.
   */
  RecordBatch(byte[] bytes, int[] ends, BitSet tooLong, long firstLine) {
    this.bytes = bytes;
    this.ends = ends;
    this.tooLong = tooLong;
    this.firstLine = firstLine;
    this.decoded = null;
  }

  private RecordBatch(List<Measurement> decoded) {
    this.bytes = null;
    this.ends = null;
    this.tooLong = null;
    this.firstLine = 0;
    this.decoded = List.copyOf(decoded);
  }

  /** Measurements decoded already, on the reading thread. */
  static RecordBatch decoded(List<Measurement> measurements) {
    return new RecordBatch(measurements);
  }

  /**
   * The batch's measurements in input order. Problems met while decoding go to {@code onProblem}
   * (called on this thread, in input order), not to the reader's callback nor to its {@link
   * MeasurementReader#problems()}; problems of records decoded on the reading thread went there
   * when they were read.
   */
  public List<Measurement> decode(Consumer<RecordProblem> onProblem) {
    Objects.requireNonNull(onProblem, "onProblem");
    if (decoded != null) {
      return decoded;
    }
    return JsonLinesSource.decode(bytes, ends, tooLong, firstLine, new Problems(onProblem));
  }
}
