package io.geofusion.formats;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * How a text transcript ({@code ping}, {@code traceroute}, {@code tracepath}) is cut into records:
 * a header line ({@code PING …}, {@code traceroute to …}, {@code 1?: [LOCALHOST]}) opens a record;
 * the next header ends it once the record holds anything (what counts is the subclass's
 * {@link #hasContent}), and is read again as the next record's first line.
 * Body lines before any header open a record without one (a transcript whose header was cut off).
 * Blank lines and the tool's notices are passed over. A record that {@link #finish} skips (it
 * reported why) does not end the input: the next record is read.
 *
 * <p>Subclasses say what a header, a notice and a body line mean for their record type {@code R};
 * this class keeps the line numbers and the one line of push-back. Not thread-safe.
 *
 * @param <R> the record being assembled
 */
abstract class TranscriptSource<R> implements RecordSource {

  final LineCursor lines;
  final Problems problems;

  TranscriptSource(BufferedReader in, Problems problems) {
    this.lines = new LineCursor(in);
    this.problems = problems;
  }

  /** Whether the stripped, non-blank line {@code t} is a header, opening a record. */
  abstract boolean isHeader(String t);

  /** Whether the stripped line {@code t} is a notice to pass over wherever it stands. */
  abstract boolean isNotice(String t);

  /** A new, empty record whose first line is {@code line} (1-based). */
  abstract R open(long line);

  /** Whether {@code record} holds anything yet, so that a further header starts the next one. */
  abstract boolean hasContent(R record);

  /** Reads the header line {@code t} (stripped) into {@code record}. */
  abstract void header(R record, String t);

  /** Reads a body line into {@code record}: {@code line} as written, {@code t} stripped. */
  abstract void body(R record, String line, String t);

  /**
   * The measurement of a complete record, or null when it cannot be used (reported as skipped by
   * the subclass).
   */
  abstract Measurement finish(R record);

  @Override
  public final Measurement next() throws IOException {
    while (true) {
      R record = null;
      String line;
      boolean atEnd = true;
      while ((line = lines.readLine()) != null) {
        String t = line.strip();
        if (t.isEmpty() || isNotice(t)) {
          continue;
        }
        if (isHeader(t)) {
          if (record != null && hasContent(record)) {
            lines.pushBack(line);
            atEnd = false;
            break;
          }
          if (record == null) {
            record = open(lines.lineNo());
          }
          header(record, t);
          continue;
        }
        if (record == null) {
          record = open(lines.lineNo());
        }
        body(record, line, t);
      }
      if (record == null) {
        return null;
      }
      Measurement m = finish(record);
      if (m != null || atEnd) {
        return m;
      }
    }
  }

  /** {@code s} cut to 100 characters for a problem message. */
  static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }
}
