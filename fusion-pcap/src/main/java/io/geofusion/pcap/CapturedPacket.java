package io.geofusion.pcap;

import java.util.Arrays;

/**
 * One captured packet as the reader delivers it: a <em>flyweight</em> over the reader's
 * reused buffer. Its fields and bytes are valid only until the next call of
 * {@link CaptureReader#next()}; copy what you need to keep ({@link #copyData()}).
 *
 * <p>Not thread-safe; owned by one reader.
 */
public final class CapturedPacket {

  /** {@link #timestampNanos()} value when the record carries no time (pcapng SPB). */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  byte[] array;
  int offset;
  int capturedLength;
  long originalLength;
  long timestampNanos;
  int linkType;
  int interfaceId;
  long fileOffset;
  long index;

  CapturedPacket() {}

  /** Nanoseconds since 1970-01-01T00:00Z, or {@link #NO_TIMESTAMP}. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** Whether the record carried a timestamp. */
  public boolean hasTimestamp() {
    return timestampNanos != NO_TIMESTAMP;
  }

  /** LINKTYPE_ value of the interface the packet was captured on (see {@link LinkTypes}). */
  public int linkType() {
    return linkType;
  }

  /** Interface index within its pcapng section (0 for classic pcap). */
  public int interfaceId() {
    return interfaceId;
  }

  /** Bytes captured (present in {@link #array()} from {@link #offset()}). */
  public int capturedLength() {
    return capturedLength;
  }

  /** Length of the packet on the wire; larger than captured when the snapshot length cut it. */
  public long originalLength() {
    return originalLength;
  }

  /** The buffer holding the packet bytes; do not modify, do not keep. */
  public byte[] array() {
    return array;
  }

  /** Index of the first packet byte in {@link #array()}. */
  public int offset() {
    return offset;
  }

  /** Byte offset of this packet's record (header) in the file. */
  public long fileOffset() {
    return fileOffset;
  }

  /** Zero-based ordinal of this packet in the file. */
  public long index() {
    return index;
  }

  /** A copy of the captured bytes. */
  public byte[] copyData() {
    return Arrays.copyOfRange(array, offset, offset + capturedLength);
  }
}
