package io.geofusion.history;

import io.geofusion.GeoFusionException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A history file that cannot be used: its message is one line naming the file, what was wrong
 * and what to do; {@link #reason()} tells the cases apart for callers that react differently
 * (a server answering 503 for {@link Reason#IN_USE}, a CLI exit code).
 */
public final class HistoryException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  /** Why the file could not be used. */
  public enum Reason {
    /** The file does not exist (reading), or its folder does not (writing). */
    NOT_FOUND,
    /**
     * Another process holds the file: DuckDB lets one process open a file at a time
     * ({@link #holderPid()} names it when DuckDB says).
     */
    IN_USE,
    /** Not a DuckDB file, a damaged one, or a DuckDB database that is not a GeoFusion history. */
    CORRUPT,
    /** Written by a newer GeoFusion (history schema) or a newer DuckDB (storage format). */
    TOO_NEW,
    /** A read or write failed on an open store (disk full, I/O error, closed store). */
    FAILED
  }

  private final Reason reason;
  private final long holderPid;

  HistoryException(Reason reason, String message, Throwable cause) {
    this(reason, message, cause, -1);
  }

  HistoryException(Reason reason, String message, Throwable cause, long holderPid) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.holderPid = holderPid;
  }

  /** Why the file could not be used. */
  public Reason reason() {
    return reason;
  }

  /** The process holding the file, for {@link Reason#IN_USE} when DuckDB named it. */
  public OptionalLong holderPid() {
    return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
