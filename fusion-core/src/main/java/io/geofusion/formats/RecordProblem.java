package io.geofusion.formats;

/**
 * Something wrong with one record of an input file, reported instead of thrown so the rest of the
 * file is still read.
 *
 * @param line 1-based line number where the record starts (for JSON Lines: the record's line)
 * @param kind whether the record was dropped or kept in degraded form
 * @param message what was wrong, in words a user can act on
 */
public record RecordProblem(long line, Kind kind, String message) {

  /** What the reader did with the record. */
  public enum Kind {
    /** The record could not be used at all and was not returned. */
    SKIPPED,
    /**
     * The record was returned, but part of it was missing, contradictory or approximated (the
     * message says which part).
     */
    DEGRADED
  }

  public RecordProblem {
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    if (kind == null) {
      throw new IllegalArgumentException("a problem needs a kind");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a problem needs a message");
    }
  }

  @Override
  public String toString() {
    return "line " + line + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "): " + message;
  }
}
