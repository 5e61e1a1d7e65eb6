package io.geofusion.asn;

import java.io.IOException;

/** An ASN profile table that cannot be used; the message names the file and the problem. */
public final class InvalidAsnTableException extends IOException {

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
