package io.geofusion.cli;

/**
 * Thrown by a subcommand for a usage problem found after parsing (e.g. two options that
 * cannot be combined): one line on stderr, exit 2.
 */
public final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageError(String message) {
    super(message);
  }
}
