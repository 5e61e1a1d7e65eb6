package io.geofusion.pcap;

/**
 * The capture holds a header or record that violates the format (a block length that is not a
 * multiple of 4, a packet longer than its block, an interface id that was never described) or
 * that exceeds a configured cap ({@link CaptureReader.Options}). Packets before
 * {@link #offset()} were delivered.
 */
public final class CorruptCaptureException extends CaptureException {

  private static final long serialVersionUID = 1L;

  CorruptCaptureException(String source, long offset, String message) {
    super(source, offset, message);
  }
}
