package io.geofusion.probe;

import io.geofusion.GeoFusionException;

/**
 * Root of the probing failures a caller can act on. Misuse (bad arguments, refused targets) is an
 * {@link IllegalArgumentException} instead.
 */
public abstract sealed class ProbeException extends GeoFusionException
    permits ProbeUnavailableException, ProbeFailedException {

  private static final long serialVersionUID = 1L;

  ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
