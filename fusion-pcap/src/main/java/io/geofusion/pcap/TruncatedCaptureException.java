package io.geofusion.pcap;

/**
 * The capture ends in the middle of a header or record (a file cut off during copy or while
 * still being written). Every complete packet before {@link #offset()} was delivered; the
 * offset is where the incomplete header or record starts.
 */
public final class TruncatedCaptureException extends CaptureException {

  private static final long serialVersionUID = 1L;

  TruncatedCaptureException(String source, long offset, String what, long needed, long present) {
    super(source, offset, "file ends inside " + what + " (needs " + needed + " bytes, "
        + present + " present); every packet before this offset was read");
  }
}
