package io.geofusion.probe.remote;

import io.geofusion.GeoFusionException;
import java.util.Objects;

/**
 * A RIPE Atlas request or file that failed; the message is one line saying what was wrong and
 * what to do.
 */
public final class AtlasException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** The API refused the request as malformed (HTTP 400). */
    BAD_REQUEST,
    /** The key is missing, wrong or lacks the permission (HTTP 401/403). */
    FORBIDDEN,
    /** Not enough credits, or a daily spending/measurement limit was reached. */
    NO_CREDIT,
    /** HTTP 429 with a wait longer than the deadline left. */
    RATE_LIMITED,
    /** No such measurement (HTTP 404). */
    NOT_FOUND,
    /** The overall deadline passed. */
    DEADLINE,
    /** The answer is not the documented shape (bad JSON, missing field, too large). */
    MALFORMED,
    /** Another HTTP status, or the connection failed. */
    UNAVAILABLE,
    /** A probe archive file that cannot be read. */
    BAD_ARCHIVE
  }

  /** What failed. */
  private final Kind kind;

  /**
   * An exception of one kind.
   *
   * @param kind what failed
   * @param message one line: what was wrong and what to do
   */
  public AtlasException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * An exception of one kind with its cause.
   *
   * @param kind what failed
   * @param message one line: what was wrong and what to do
   * @param cause the underlying failure
   */
  public AtlasException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * What failed.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
