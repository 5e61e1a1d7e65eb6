package io.geofusion.pcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Magic numbers: which container a capture is, and what a file that is no capture is instead
 * (compressed, another capture format, text), so the error can say what to do.
 */
final class CaptureMagic {

  private static final int PCAP_MICROS = 0xa1b2c3d4;
  private static final int PCAP_NANOS = 0xa1b23c4d;
  private static final int PCAP_MODIFIED = 0xa1b2cd34;
  private static final int GZIP = 0x1F8B;

  private CaptureMagic() {}

  /** Whether the first four bytes, read big-endian, start a gzip stream. */
  static boolean gzip(int firstFourBytesBE) {
    return (firstFourBytesBE >>> 16) == GZIP;
  }

  /** The classic pcap format of a magic number read in one byte order, or null. */
  static CaptureFormat classic(int magic) {
    if (magic == PCAP_MICROS) {
      return CaptureFormat.PCAP_MICROS;
    } else if (magic == PCAP_NANOS) {
      return CaptureFormat.PCAP_NANOS;
    } else if (magic == PCAP_MODIFIED) {
      return CaptureFormat.PCAP_MODIFIED;
    }
    return null;
  }

  /** The error for an input that starts with no capture magic: what it looks like instead. */
  static NotACaptureException notACapture(CaptureInput input) throws IOException {
    String source = input.source();
    int n = input.ensure(512);
    byte[] b = input.array();
    int p = input.index(0);
    if (match(b, p, n, 0x28, 0xB5, 0x2F, 0xFD)) {
      return new NotACaptureException(source, "zstd-compressed data",
          "decompress it first (zstd -d)");
    }
    if (input.gzip()) {
      return new NotACaptureException(source, "gzip-compressed data that is not a capture", "");
    }
    if (match(b, p, n, 'B', 'Z', 'h')) {
      return new NotACaptureException(source, "bzip2-compressed data",
          "decompress it first (bunzip2)");
    }
    if (match(b, p, n, 0xFD, '7', 'z', 'X', 'Z', 0)) {
      return new NotACaptureException(source, "xz-compressed data", "decompress it first (unxz)");
    }
    if (match(b, p, n, 0x04, 0x22, 0x4D, 0x18)) {
      return new NotACaptureException(source, "lz4-compressed data", "decompress it first (lz4 -d)");
    }
    if (match(b, p, n, 's', 'n', 'o', 'o', 'p', 0, 0, 0)) {
      return new NotACaptureException(source, "a Solaris snoop capture (RFC 1761)",
          "convert it with 'editcap -F pcapng IN OUT'");
    }
    if (match(b, p, n, 'P', 'K', 3, 4)) {
      return new NotACaptureException(source, "a zip archive", "extract it first");
    }
    int printable = 0;
    for (int i = 0; i < n; i++) {
      int c = b[p + i] & 0xFF;
      if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F) || c >= 0x80) {
        printable++;
      }
    }
    if (printable == n) {
      int shown = Math.min(n, 24);
      String head = new String(b, p, shown, StandardCharsets.UTF_8)
          .replaceAll("[\\p{Cntrl}]", " ").strip();
      return new NotACaptureException(source, "a text file (starts \"" + head + "\")", "");
    }
    return new NotACaptureException(source, String.format("unknown data (magic 0x%02x%02x%02x%02x)",
        b[p] & 0xFF, b[p + 1] & 0xFF, b[p + 2] & 0xFF, b[p + 3] & 0xFF), "");
  }

  private static boolean match(byte[] b, int p, int n, int... sig) {
    if (n < sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[p + i] & 0xFF) != sig[i]) {
        return false;
      }
    }
    return true;
  }
}
