package io.geofusion.cli;

/**
 * A runtime failure with a message that already says what went wrong and what to do: one line
 * on stderr, exit 1.
 */
public final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Failure(String message) {
    super(message);
  }

  public Failure(String message, Throwable cause) {
    super(message, cause);
  }
}
