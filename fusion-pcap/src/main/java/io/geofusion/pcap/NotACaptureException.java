package io.geofusion.pcap;

/**
 * The input is not a pcap or pcapng capture. {@link #detectedKind()} names what it looks like
 * ("zstd-compressed data", "a Solaris snoop capture", "a text file", ...), so a user knows what
 * to do (decompress it, convert it with {@code editcap}, or pick another file).
 */
public final class NotACaptureException extends CaptureException {

  private static final long serialVersionUID = 1L;

  private final String detectedKind;

  NotACaptureException(String source, String detectedKind, String advice) {
    super(source, 0, "not a pcap or pcapng capture: looks like " + detectedKind
        + (advice.isEmpty() ? "" : "; " + advice));
    this.detectedKind = detectedKind;
  }

  /** What the input looks like instead, e.g. {@code "zstd-compressed data"}. */
  public String detectedKind() {
    return detectedKind;
  }
}
