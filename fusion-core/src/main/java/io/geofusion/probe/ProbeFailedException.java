package io.geofusion.probe;

/**
 * A probe run failed part-way (a socket error, an external tool that exited with an error or
 * printed something unreadable); the message names the backend and the cause.
 */
public final class ProbeFailedException extends ProbeException {

  private static final long serialVersionUID = 1L;

  public ProbeFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public ProbeFailedException(String message) {
    super(message, null);
  }
}
