package io.geofusion.pcap;

import io.geofusion.GeoFusionException;

/**
 * A capture could not be read: the root of the reader's checked exceptions. Every instance
 * names the input ({@link #source()}) and, where it applies, the byte offset of the problem
 * ({@link #offset()}, counted from the first byte of the file).
 *
 * <p>Leaves: {@link NotACaptureException} (the input is something else, e.g. zstd-compressed or
 * a Solaris snoop file), {@link TruncatedCaptureException} (the file ends inside a header or a
 * record) and {@link CorruptCaptureException} (a length or field that violates the format or a
 * configured cap). Packets before the offset were delivered before the exception was thrown.
 */
public abstract sealed class CaptureException extends GeoFusionException
    permits NotACaptureException, TruncatedCaptureException, CorruptCaptureException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;

  CaptureException(String source, long offset, String message) {
    super(source + (offset >= 0 ? " at byte offset " + offset : "") + ": " + message);
    this.source = source;
    this.offset = offset;
  }

  /** The file name or URL the reader was given. */
  public String source() {
    return source;
  }

  /** Byte offset of the problem from the start of the input, or -1 when not applicable. */
  public long offset() {
    return offset;
  }
}
