package io.geofusion.pcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): any number of sections, each with its own byte order
 * and interfaces; Enhanced, Simple and obsolete Packet Blocks; per-interface {@code if_tsresol}
 * and {@code if_tsoffset}. Every other block type is skipped by its length without being read
 * into memory; the blocks that are read are bounded by {@link
 * CaptureReader.Options#maxBlockBytes()}.
 */
final class PcapngReader extends FormatReader {

  /** Section Header Block type, a palindrome: the same in both byte orders. */
  static final int SHB = 0x0A0D0D0A;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int IDB = 1;
  private static final int PB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;

  /** One interface of the current section. */
  private record Iface(int linkType, long snapLen, int exp, boolean binary,
      long offsetSeconds) {}

  private final List<Iface> ifaces = new ArrayList<>();
  private int sections;

  /** A reader positioned at the first Section Header Block (read by the first {@link #next}). */
  PcapngReader(CaptureInput input, CaptureReader.Options options) {
    super(input, options);
  }

  @Override
  int linkType() {
    return ifaces.isEmpty() ? -1 : ifaces.get(0).linkType();
  }

  @Override
  int sections() {
    return sections;
  }

  @Override
  CapturedPacket next() throws IOException {
    String source = input.source();
    while (true) {
      long blockOffset = input.position();
      int got = input.ensure(8);
      if (got == 0) {
        return null;
      }
      if (got < 8) {
        throw new TruncatedCaptureException(source, blockOffset, "a pcapng block header", 8, got);
      }
      int type = input.intBE(0); // the SHB type is a palindrome; others are checked below
      if (type == SHB) {
        readSectionHeader(blockOffset);
        continue;
      }
      if (sections == 0) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng data before any section"
            + " header block");
      }
      type = (int) input.u32(0);
      long len = input.u32(4);
      if (len < 12 || (len & 3) != 0) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type 0x"
            + Integer.toHexString(type) + " has length " + len
            + " (must be a multiple of 4 and >= 12)");
      }
      boolean packetBlock = type == EPB || type == SPB || type == PB;
      if (!packetBlock && type != IDB) {
        input.skip(blockOffset, len, "a pcapng block of type 0x" + Integer.toHexString(type));
        continue;
      }
      if (len > options.maxBlockBytes()) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type " + type
            + " claims " + len + " bytes, more than the cap of " + options.maxBlockBytes());
      }
      int ilen = (int) len;
      got = input.ensure(ilen);
      if (got < ilen) {
        throw new TruncatedCaptureException(source, blockOffset, "a pcapng block of type " + type,
            ilen, got);
      }
      if (input.u32(ilen - 4) != len) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type " + type
            + ": trailing length " + input.u32(ilen - 4) + " differs from leading length "
            + len);
      }
      if (type == IDB) {
        readInterface(blockOffset, ilen);
        input.advance(ilen);
        continue;
      }
      CapturedPacket p = readPacketBlock(blockOffset, type, ilen);
      input.advance(ilen);
      return p;
    }
  }

  private void readSectionHeader(long blockOffset) throws IOException {
    String source = input.source();
    int got = input.ensure(12);
    if (got < 12) {
      throw new TruncatedCaptureException(source, blockOffset, "a pcapng section header", 12, got);
    }
    int bom = input.intBE(8);
    if (bom == BYTE_ORDER_MAGIC) {
      input.bigEndian(true);
    } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
      input.bigEndian(false);
    } else {
      throw new CorruptCaptureException(source, blockOffset + 8, String.format(
          "pcapng section header has byte-order magic 0x%08x, expected 0x1a2b3c4d", bom));
    }
    long len = input.u32(4);
    if (len < 28 || (len & 3) != 0 || len > options.maxBlockBytes()) {
      throw new CorruptCaptureException(source, blockOffset, "pcapng section header length "
          + len + " is not a multiple of 4 in [28, " + options.maxBlockBytes() + "]");
    }
    int ilen = (int) len;
    got = input.ensure(ilen);
    if (got < ilen) {
      throw new TruncatedCaptureException(source, blockOffset, "a pcapng section header",
          ilen, got);
    }
    int major = input.u16(12);
    if (major != 1) {
      throw new CorruptCaptureException(source, blockOffset + 12, "unsupported pcapng major"
          + " version " + major + " (only 1 exists)");
    }
    if (input.u32(ilen - 4) != len) {
      throw new CorruptCaptureException(source, blockOffset, "pcapng section header: trailing"
          + " length " + input.u32(ilen - 4) + " differs from leading length " + len);
    }
    ifaces.clear();
    sections++;
    input.advance(ilen);
  }

  private void readInterface(long blockOffset, int len) throws CorruptCaptureException {
    String source = input.source();
    if (len < 20) {
      throw new CorruptCaptureException(source, blockOffset, "interface description block of "
          + len + " bytes (at least 20 needed)");
    }
    if (ifaces.size() >= options.maxInterfaces()) {
      throw new CorruptCaptureException(source, blockOffset, "more than "
          + options.maxInterfaces() + " interfaces in one section");
    }
    int linkType = input.u16(8);
    long snap = input.u32(12);
    int exp = 6;
    boolean binary = false;
    long tsOffset = 0;
    int o = 16;
    int end = len - 4;
    while (o + 4 <= end) {
      int code = input.u16(o);
      int olen = input.u16(o + 2);
      if (code == 0 || o + 4 + olen > end) {
        break; // opt_endofopt, or an option overrunning the block: ignore the rest
      }
      if (code == 9 && olen >= 1) {
        int r = input.u8(o + 4);
        binary = (r & 0x80) != 0;
        exp = r & 0x7F;
      } else if (code == 14 && olen >= 8) {
        tsOffset = input.u64(o + 4);
      }
      o += 4 + ((olen + 3) & ~3);
    }
    if ((!binary && exp > 18) || (binary && exp > 63)) {
      throw new CorruptCaptureException(source, blockOffset, "interface if_tsresol "
          + (binary ? "2^-" : "10^-") + exp + " is out of range");
    }
    ifaces.add(new Iface(linkType, snap, exp, binary, tsOffset));
  }

  private CapturedPacket readPacketBlock(long blockOffset, int type, int len)
      throws CaptureException {
    String source = input.source();
    int ifId;
    long ts;
    long capLen;
    long origLen;
    int dataAt;
    boolean hasTs = true;
    if (type == EPB || type == PB) {
      if (len < 32) {
        throw new CorruptCaptureException(source, blockOffset, "packet block of " + len
            + " bytes (at least 32 needed)");
      }
      ifId = type == EPB ? (int) Math.min(input.u32(8), Integer.MAX_VALUE) : input.u16(8);
      ts = (input.u32(12) << 32) | input.u32(16);
      capLen = input.u32(20);
      origLen = input.u32(24);
      dataAt = 28;
    } else {
      if (len < 16) {
        throw new CorruptCaptureException(source, blockOffset, "simple packet block of " + len
            + " bytes (at least 16 needed)");
      }
      ifId = 0;
      ts = 0;
      hasTs = false;
      origLen = input.u32(8);
      dataAt = 12;
      capLen = Math.min(origLen, len - 16L);
      if (!ifaces.isEmpty() && ifaces.get(0).snapLen() > 0) {
        capLen = Math.min(capLen, ifaces.get(0).snapLen());
      }
    }
    if (ifId >= ifaces.size()) {
      throw new CorruptCaptureException(source, blockOffset, "packet block refers to interface "
          + ifId + " but the section describes " + ifaces.size());
    }
    if (capLen > len - dataAt - 4L) {
      throw new CorruptCaptureException(source, blockOffset, "packet block claims " + capLen
          + " captured bytes but the block holds only " + (len - dataAt - 4));
    }
    if (capLen > options.maxPacketBytes()) {
      throw new CorruptCaptureException(source, blockOffset, "packet of " + capLen
          + " captured bytes exceeds the cap of " + options.maxPacketBytes());
    }
    Iface f = ifaces.get(ifId);
    long nanos = hasTs ? toNanos(ts, f.exp(), f.binary(), f.offsetSeconds())
        : CapturedPacket.NO_TIMESTAMP;
    return fill(blockOffset, dataAt, (int) capLen, origLen, nanos, f.linkType(), ifId);
  }

  /** Converts a pcapng timestamp in interface units to ns since the epoch (wraps past 2262). */
  static long toNanos(long units, int exp, boolean binary, long offsetSeconds) {
    long nanos;
    if (!binary) {
      if (exp == 9) {
        nanos = units;
      } else if (exp < 9) {
        nanos = units * POW10[9 - exp];
      } else {
        long div = POW10[exp - 9];
        nanos = Long.divideUnsigned(units, div);
      }
    } else if (exp == 0) {
      nanos = units * 1_000_000_000L;
    } else {
      long secs = units >>> exp;
      long frac = units << (64 - exp); // binary fraction of a second, as 0.64 fixed point
      long fracNanos = Math.multiplyHigh(frac, 1_000_000_000L)
          + (frac < 0 ? 1_000_000_000L : 0); // unsigned high word
      nanos = secs * 1_000_000_000L + fracNanos;
    }
    return nanos + offsetSeconds * 1_000_000_000L;
  }

  private static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
    1_000_000_000L, 10_000_000_000L
  };
}
