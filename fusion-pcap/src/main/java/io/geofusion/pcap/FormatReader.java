package io.geofusion.pcap;

import java.io.IOException;

/**
 * The reader of one container format behind {@link CaptureReader}: frames records in a {@link
 * CaptureInput} and fills the one {@link CapturedPacket} flyweight. Not thread-safe.
 */
abstract sealed class FormatReader permits PcapReader, PcapngReader {

  final CaptureInput input;
  final CaptureReader.Options options;
  private final CapturedPacket packet = new CapturedPacket();
  private long packetIndex;

  FormatReader(CaptureInput input, CaptureReader.Options options) {
    this.input = input;
    this.options = options;
  }

  /**
   * The next packet, or {@code null} at the clean end of the input.
   *
   * @throws CaptureException when the input ends inside a record or a record breaks the format
   */
  abstract CapturedPacket next() throws IOException;

  /** Link type of the file, or of interface 0 of the current pcapng section (-1 if none). */
  abstract int linkType();

  /** Number of pcapng sections seen so far (0 for classic pcap). */
  int sections() {
    return 0;
  }

  /** Refills the flyweight with a packet of {@code capLen} bytes, {@code rel} past the position. */
  final CapturedPacket fill(long recordOffset, int rel, int capLen, long origLen, long nanos,
      int link, int ifId) {
    CapturedPacket p = packet;
    p.array = input.array();
    p.offset = input.index(rel);
    p.capturedLength = capLen;
    p.originalLength = origLen;
    p.timestampNanos = nanos;
    p.linkType = link;
    p.interfaceId = ifId;
    p.fileOffset = recordOffset;
    p.index = packetIndex++;
    return p;
  }
}
