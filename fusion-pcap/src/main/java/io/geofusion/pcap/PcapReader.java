package io.geofusion.pcap;

import java.io.IOException;

/**
 * Classic libpcap files: both byte orders, micro- or nanosecond timestamps and the "modified"
 * 0xa1b2cd34 variant with its 24-byte record headers (draft-ietf-opsawg-pcap). One implicit
 * interface; records are read as they come, each bounded by {@link
 * CaptureReader.Options#maxPacketBytes()}.
 */
final class PcapReader extends FormatReader {

  private final CaptureFormat format;
  private final int linkType;
  private final long snapLen;
  private final int recordHeaderLength;

  /**
   * Reads the 24-byte file header; the magic number (with the byte order already set on {@code
   * input}) said {@code format}.
   *
   * @throws TruncatedCaptureException when the file header is cut
   */
  PcapReader(CaptureInput input, CaptureReader.Options options, CaptureFormat format)
      throws IOException {
    super(input, options);
    this.format = format;
    int got = input.ensure(24);
    if (got < 24) {
      throw new TruncatedCaptureException(input.source(), 0, "the pcap file header", 24, got);
    }
    this.snapLen = input.u32(16);
    this.linkType = (int) (input.u32(20) & 0x03FF_FFFF) & 0xFFFF;
    this.recordHeaderLength = format == CaptureFormat.PCAP_MODIFIED ? 24 : 16;
    input.advance(24);
  }

  @Override
  int linkType() {
    return linkType;
  }

  @Override
  CapturedPacket next() throws IOException {
    long recordOffset = input.position();
    int hdr = recordHeaderLength;
    int got = input.ensure(hdr);
    if (got == 0) {
      return null;
    }
    if (got < hdr) {
      throw new TruncatedCaptureException(input.source(), recordOffset, "a record header", hdr,
          got);
    }
    long sec = input.u32(0);
    long frac = input.u32(4);
    long capLen = input.u32(8);
    long origLen = input.u32(12);
    if (capLen > options.maxPacketBytes()) {
      throw new CorruptCaptureException(input.source(), recordOffset, "record claims " + capLen
          + " captured bytes, more than the cap of " + options.maxPacketBytes()
          + " (file snaplen " + snapLen + "); the rest of the file cannot be framed");
    }
    int total = hdr + (int) capLen;
    got = input.ensure(total);
    if (got < total) {
      throw new TruncatedCaptureException(input.source(), recordOffset, "a " + capLen
          + "-byte packet record", total, got);
    }
    long nanos = format == CaptureFormat.PCAP_NANOS ? frac : frac * 1000L;
    CapturedPacket p = fill(recordOffset, hdr, (int) capLen, origLen,
        sec * 1_000_000_000L + nanos, linkType, 0);
    input.advance(total);
    return p;
  }
}
