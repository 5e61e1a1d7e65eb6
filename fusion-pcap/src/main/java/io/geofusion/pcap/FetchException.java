package io.geofusion.pcap;

import io.geofusion.GeoFusionException;
import java.util.Locale;

/**
 * A remote capture could not be fetched. {@link #reason()} says why in a way a caller can act
 * on; the message names the source URL and the figures involved (bytes, seconds, status).
 */
public final class FetchException extends GeoFusionException {

  private static final long serialVersionUID = 1L;

  /** Why a fetch failed. */
  public enum Reason {
    /** The URL's host name could not be resolved (no such name, or no DNS). */
    UNKNOWN_HOST,
    /** Connecting took longer than the connect timeout. */
    CONNECT_TIMEOUT,
    /** No byte arrived for longer than the read timeout (a stalled server). */
    READ_TIMEOUT,
    /** The whole transfer took longer than the overall deadline. */
    DEADLINE,
    /** The file is (or grew) larger than the size cap. */
    TOO_LARGE,
    /** The server sent fewer or more bytes than it announced. */
    SIZE_MISMATCH,
    /** A remote name would escape the staging folder or is not a plain file name. */
    UNSAFE_NAME,
    /** The server answered with an error status or broke its protocol. */
    PROTOCOL,
    /** The URL scheme is not http, https or ftp. */
    UNSUPPORTED_SCHEME;

    /** The {@code snake_case} name. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;
  private final String source;

  FetchException(Reason reason, String source, String message) {
    super(source + ": " + message);
    this.reason = reason;
    this.source = source;
  }

  FetchException(Reason reason, String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.reason = reason;
    this.source = source;
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }

  /** The URL that was being fetched. */
  public String source() {
    return source;
  }

  /**
   * The {@link Reason#UNKNOWN_HOST} failure when {@code t} or one of its causes says the host
   * name did not resolve ({@link java.net.UnknownHostException}, or the {@link
   * java.nio.channels.UnresolvedAddressException} inside the HTTP client's message-less
   * {@code ConnectException}); empty otherwise.
   */
  static java.util.Optional<FetchException> unknownHost(String source, String host,
      Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException
          || c instanceof java.nio.channels.UnresolvedAddressException) {
        return java.util.Optional.of(new FetchException(Reason.UNKNOWN_HOST, source,
            "cannot resolve host '" + host + "': check the host name in the URL (and that DNS"
                + " works from here)", t));
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return java.util.Optional.empty();
  }
}
