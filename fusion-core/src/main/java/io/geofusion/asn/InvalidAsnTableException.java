package io.geofusion.asn;

import io.geofusion.GeoFusionException;

/** An ASN profile table that cannot be used; the message names the file and the problem. */
public final class InvalidAsnTableException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  private final String source;

  InvalidAsnTableException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file (or resource) the table came from. */
  public String source() {
    return source;
  }
}
