package io.geofusion.guardrail;

/** A repair attempt failed (timeout, server error, malformed model reply); the message says which. */
public final class RepairException extends Exception {
  private static final long serialVersionUID = 1L;

  public RepairException(String message) {
    super(message);
  }

  public RepairException(String message, Throwable cause) {
    super(message, cause);
  }
}
