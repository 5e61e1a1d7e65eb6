package io.geofusion;

import java.io.IOException;

/**
 * Root of the GeoFusion library's checked exceptions: catching it catches every checked failure
 * any GeoFusion module throws, and nothing else. Each subclass names the input it could not use
 * (a file and offset, a database, a capture, a URL, a probe backend, a repair server).
 *
 * <p>It extends {@link IOException} because every one of these failures is input the library
 * could not read or obtain (docs/decisions/exception-root.md), and a caller that already handles
 * {@code IOException} keeps working. Misuse is an {@link IllegalArgumentException} or
 * {@link IllegalStateException}; a lookup that finds nothing returns an empty
 * {@link java.util.Optional}. Not sealed: subclasses live in several modules (fusion-core,
 * fusion-pcap), and Java allows a sealed hierarchy to span only one module. Each family below it
 * (e.g. {@code GeoIpException}, {@code ProbeException}, {@code CaptureException}) is sealed with
 * final leaves.
 */
public abstract class GeoFusionException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no cause.
   *
   * @param message what failed, naming the input
   */
  protected GeoFusionException(String message) {
    super(message);
  }

  /**
   * An exception with a message and the failure that caused it.
   *
   * @param message what failed, naming the input
   * @param cause the underlying failure, or {@code null}
   */
  protected GeoFusionException(String message, Throwable cause) {
    super(message, cause);
  }
}
