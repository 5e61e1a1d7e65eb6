package io.geofusion.server;

/**
 * A request the server refuses: the HTTP status and the one-line message the CLI would print for
 * the same mistake. The server answers {@code {"error": message, "status": status}}. Extra routes
 * ({@link GeoFusionServer.Builder#route}) throw it to refuse a request.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;

  /**
   * @param status the HTTP status, 400-599
   * @param message one line saying what was wrong and what to do
   */
  public ApiException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is in [400, 599], got " + status);
    }
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
