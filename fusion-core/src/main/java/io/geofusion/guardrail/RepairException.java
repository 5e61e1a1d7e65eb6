package io.geofusion.guardrail;

import io.geofusion.GeoFusionException;

/** A repair attempt failed (timeout, server error, malformed model reply); the message says which. */
public final class RepairException extends GeoFusionException {
  private static final long serialVersionUID = 1L;

  public RepairException(String message) {
    super(message);
  }

  public RepairException(String message, Throwable cause) {
    super(message, cause);
  }
}
