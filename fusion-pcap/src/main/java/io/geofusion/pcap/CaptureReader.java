package io.geofusion.pcap;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A streaming reader of classic pcap and pcapng captures.
 *
 * <p>Formats (a gzip-compressed file is inflated on the fly, as libpcap's wiretap does; byte
 * offsets then count decompressed bytes): classic pcap in both byte orders with micro- or nanosecond timestamps (and the
 * "modified" 0xa1b2cd34 variant); pcapng (draft-ietf-opsawg-pcapng) with any number of
 * sections (each with its own byte order) and interfaces, Enhanced, Simple and obsolete Packet
 * Blocks, per-interface {@code if_tsresol} and {@code if_tsoffset}; all other block types are
 * skipped by their length without being read into memory.
 *
 * <p>Memory is bounded by {@link Options}: a record is held in memory only if it fits the caps
 * (default 256 KiB of packet data, 16 MiB for a pcapng block), whatever lengths the file claims.
 * The reader never loads the file as a whole.
 *
 * <p>Errors: an input that is not a capture raises {@link NotACaptureException} from
 * {@link #open}; a file cut inside a record raises {@link TruncatedCaptureException} from the
 * {@link #next()} call after the last complete packet; a length that breaks the format or a cap
 * raises {@link CorruptCaptureException}. All name the source and the byte offset.
 *
 * <p>Not thread-safe: one reader per thread. {@link #next()} returns the same
 * {@link CapturedPacket} flyweight each time, refilled in place.
 */
public final class CaptureReader implements Closeable {

  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int MAGIC_MODIFIED = 0xa1b2cd34;
  private static final int PCAPNG_SHB = 0x0A0D0D0A;
  private static final int PCAPNG_BOM = 0x1A2B3C4D;
  private static final int PCAPNG_IDB = 1;
  private static final int PCAPNG_PB = 2;
  private static final int PCAPNG_SPB = 3;
  private static final int PCAPNG_EPB = 6;

  /**
   * Caps that bound the reader's memory.
   *
   * @param maxPacketBytes largest captured length accepted for one packet (default 262,144,
   *     libpcap's MAXIMUM_SNAPLEN)
   * @param maxBlockBytes largest pcapng block read into memory: SHB, IDB or packet blocks
   *     (default 16 MiB); other blocks are skipped whatever their length
   * @param maxInterfaces largest number of interfaces per pcapng section (default 65,536)
   */
  public record Options(int maxPacketBytes, int maxBlockBytes, int maxInterfaces) {

    /** The defaults documented on the components. */
    public static final Options DEFAULTS = new Options(262_144, 16 << 20, 65_536);

    public Options {
      if (maxPacketBytes < 64) {
        throw new IllegalArgumentException("maxPacketBytes must be >= 64, got " + maxPacketBytes);
      }
      if (maxBlockBytes < 64 || maxBlockBytes > (1 << 30)) {
        throw new IllegalArgumentException(
            "maxBlockBytes must be in [64, 2^30], got " + maxBlockBytes);
      }
      if (maxInterfaces < 1) {
        throw new IllegalArgumentException("maxInterfaces must be >= 1, got " + maxInterfaces);
      }
    }
  }

  /** One pcapng interface (or the single implicit interface of a classic file). */
  private static final class Iface {
    final int linkType;
    final long snapLen;
    /** Timestamp unit: 10^-exp when !binary, 2^-exp when binary. */
    final int exp;
    final boolean binary;
    final long offsetSeconds;

    Iface(int linkType, long snapLen, int exp, boolean binary, long offsetSeconds) {
      this.linkType = linkType;
      this.snapLen = snapLen;
      this.exp = exp;
      this.binary = binary;
      this.offsetSeconds = offsetSeconds;
    }
  }

  private InputStream in;
  private boolean gzip;
  private final String source;
  private final Options options;
  private final CapturedPacket packet = new CapturedPacket();

  private byte[] buf;
  private int pos;
  private int lim;
  /** File offset of buf[0]. */
  private long bufBase;
  private boolean eof;

  private final CaptureFormat format;
  private boolean bigEndian;
  // classic
  private int classicLinkType;
  private long classicSnapLen;
  private int recordHeaderLength;
  // pcapng
  private final List<Iface> ifaces = new ArrayList<>();
  private int sections;

  private long packetIndex;
  private CaptureException failure;
  private boolean closed;

  private CaptureReader(InputStream in, String source, Options options) throws IOException {
    this.in = in;
    this.source = source;
    this.options = options;
    this.buf = new byte[Math.min(1 << 18, Math.max(512, options.maxBlockBytes() + 64))];
    try {
      this.format = readFileHeader();
    } catch (EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new TruncatedCaptureException(source, 0, "the gzip stream (" + e.getMessage() + ")",
          1, 0);
    } catch (ZipException e) {
      throw new CorruptCaptureException(source, 0, "bad gzip data: " + e.getMessage());
    }
  }

  /**
   * Opens a capture file with default caps.
   *
   * @throws NotACaptureException when the file is something else (named in the message)
   * @throws TruncatedCaptureException when the file header itself is cut
   * @throws IOException when the file cannot be read
   */
  public static CaptureReader open(Path file) throws IOException {
    return open(file, Options.DEFAULTS);
  }

  /** Opens a capture file with the given caps; see {@link #open(Path)}. */
  public static CaptureReader open(Path file, Options options) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return new CaptureReader(in, file.toString(), options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads a capture from a stream (which this reader closes). {@code source} names it in
   * errors.
   */
  public static CaptureReader open(InputStream in, String source, Options options)
      throws IOException {
    try {
      return new CaptureReader(in, source, options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The container format detected from the magic number. */
  public CaptureFormat format() {
    return format;
  }

  /** Byte order of the file header (of the current section for pcapng). */
  public boolean bigEndian() {
    return bigEndian;
  }

  /** Link type of the classic file, or of interface 0 of the current pcapng section (-1 if none). */
  public int linkType() {
    if (format != CaptureFormat.PCAPNG) {
      return classicLinkType;
    }
    return ifaces.isEmpty() ? -1 : ifaces.get(0).linkType;
  }

  /** Number of pcapng sections seen so far (0 for classic pcap). */
  public int sections() {
    return sections;
  }

  /** Bytes consumed so far: the offset of the next record. */
  public long position() {
    return bufBase + pos;
  }

  /** Current buffer size: never above {@link #memoryBound}; for tests and fuzzing. */
  int bufferCapacity() {
    return buf.length;
  }

  /** The largest buffer these options allow. */
  static int memoryBound(Options o) {
    return Math.max(Math.max(o.maxPacketBytes() + 24, o.maxBlockBytes() + 64), 1 << 18);
  }

  /** The source name used in errors. */
  public String source() {
    return source;
  }

  /**
   * Reads the next packet.
   *
   * @return the reused packet flyweight, or {@code null} at the clean end of the file
   * @throws TruncatedCaptureException when the file ends inside a record (again on every later
   *     call)
   * @throws CorruptCaptureException when a record breaks the format or a cap
   */
  public CapturedPacket next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IllegalStateException("reader for " + source + " is closed");
    }
    try {
      return format == CaptureFormat.PCAPNG ? nextPcapng() : nextClassic();
    } catch (CaptureException e) {
      failure = e;
      throw e;
    } catch (EOFException e) {
      if (!gzip) {
        throw e;
      }
      failure = new TruncatedCaptureException(source, position(), "the gzip stream", 1, 0);
      throw failure;
    } catch (ZipException e) {
      failure = new CorruptCaptureException(source, position(), "bad gzip data after "
          + position() + " decompressed bytes: " + e.getMessage());
      throw failure;
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    in.close();
  }

  // ---------------------------------------------------------------- file header / detection

  private CaptureFormat readFileHeader() throws IOException {
    int n = ensure(4);
    if (n < 4) {
      if (n == 0) {
        throw new NotACaptureException(source, "an empty file (0 bytes)", "");
      }
      throw new NotACaptureException(source, "a " + n + "-byte file, too short for any header",
          "");
    }
    int be = getIntBE(pos);
    int le = Integer.reverseBytes(be);
    if ((be >>> 16) == 0x1F8B && !gzip) {
      // gzip-compressed capture (as wiretap reads transparently): inflate while streaming;
      // offsets then count bytes of the decompressed capture
      gzip = true;
      in = new GZIPInputStream(new SequenceInputStream(
          new ByteArrayInputStream(Arrays.copyOfRange(buf, pos, lim)), in), 1 << 16);
      pos = 0;
      lim = 0;
      eof = false;
      return readFileHeader();
    }
    if (be == PCAPNG_SHB) {
      sections = 0;
      return CaptureFormat.PCAPNG;
    }
    CaptureFormat f = null;
    for (int k = 0; k < 2 && f == null; k++) {
      int m = k == 0 ? be : le;
      bigEndian = k == 0;
      if (m == MAGIC_MICROS) {
        f = CaptureFormat.PCAP_MICROS;
      } else if (m == MAGIC_NANOS) {
        f = CaptureFormat.PCAP_NANOS;
      } else if (m == MAGIC_MODIFIED) {
        f = CaptureFormat.PCAP_MODIFIED;
      }
    }
    if (f == null) {
      throw notACapture();
    }
    int got = ensure(24);
    if (got < 24) {
      throw new TruncatedCaptureException(source, 0, "the pcap file header", 24, got);
    }
    classicSnapLen = u32(pos + 16);
    classicLinkType = (int) (u32(pos + 20) & 0x03FF_FFFF) & 0xFFFF;
    recordHeaderLength = f == CaptureFormat.PCAP_MODIFIED ? 24 : 16;
    pos += 24;
    return f;
  }

  private NotACaptureException notACapture() throws IOException {
    int n = ensure(512);
    byte[] b = buf;
    int p = pos;
    if (match(b, p, n, 0x28, 0xB5, 0x2F, 0xFD)) {
      return new NotACaptureException(source, "zstd-compressed data",
          "decompress it first (zstd -d)");
    }
    if (gzip) {
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

  // ---------------------------------------------------------------- classic pcap

  private CapturedPacket nextClassic() throws IOException {
    long recordOffset = position();
    int hdr = recordHeaderLength;
    int got = ensure(hdr);
    if (got == 0) {
      return null;
    }
    if (got < hdr) {
      throw new TruncatedCaptureException(source, recordOffset, "a record header", hdr, got);
    }
    long sec = u32(pos);
    long frac = u32(pos + 4);
    long capLen = u32(pos + 8);
    long origLen = u32(pos + 12);
    if (capLen > options.maxPacketBytes()) {
      throw new CorruptCaptureException(source, recordOffset, "record claims " + capLen
          + " captured bytes, more than the cap of " + options.maxPacketBytes()
          + " (file snaplen " + classicSnapLen + "); the rest of the file cannot be framed");
    }
    int total = hdr + (int) capLen;
    got = ensure(total);
    if (got < total) {
      throw new TruncatedCaptureException(source, recordOffset, "a " + capLen
          + "-byte packet record", total, got);
    }
    long nanos = format == CaptureFormat.PCAP_NANOS ? frac : frac * 1000L;
    fill(recordOffset, pos + hdr, (int) capLen, origLen, sec * 1_000_000_000L + nanos,
        classicLinkType, 0);
    pos += total;
    return packet;
  }

  // ---------------------------------------------------------------- pcapng

  private CapturedPacket nextPcapng() throws IOException {
    while (true) {
      long blockOffset = position();
      int got = ensure(8);
      if (got == 0) {
        return null;
      }
      if (got < 8) {
        throw new TruncatedCaptureException(source, blockOffset, "a pcapng block header", 8, got);
      }
      int type = getIntBE(pos); // the SHB type is a palindrome; others are checked below
      if (type == PCAPNG_SHB) {
        readSectionHeader(blockOffset);
        continue;
      }
      if (sections == 0) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng data before any section"
            + " header block");
      }
      type = (int) u32(pos);
      long len = u32(pos + 4);
      if (len < 12 || (len & 3) != 0) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type 0x"
            + Integer.toHexString(type) + " has length " + len
            + " (must be a multiple of 4 and >= 12)");
      }
      boolean packetBlock = type == PCAPNG_EPB || type == PCAPNG_SPB || type == PCAPNG_PB;
      if (!packetBlock && type != PCAPNG_IDB) {
        skip(blockOffset, len, "a pcapng block of type 0x" + Integer.toHexString(type));
        continue;
      }
      if (len > options.maxBlockBytes()) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type " + type
            + " claims " + len + " bytes, more than the cap of " + options.maxBlockBytes());
      }
      int ilen = (int) len;
      got = ensure(ilen);
      if (got < ilen) {
        throw new TruncatedCaptureException(source, blockOffset, "a pcapng block of type " + type,
            ilen, got);
      }
      if (u32(pos + ilen - 4) != len) {
        throw new CorruptCaptureException(source, blockOffset, "pcapng block type " + type
            + ": trailing length " + u32(pos + ilen - 4) + " differs from leading length "
            + len);
      }
      if (type == PCAPNG_IDB) {
        readInterface(blockOffset, ilen);
        pos += ilen;
        continue;
      }
      readPacketBlock(blockOffset, type, ilen);
      pos += ilen;
      return packet;
    }
  }

  private void readSectionHeader(long blockOffset) throws IOException {
    int got = ensure(12);
    if (got < 12) {
      throw new TruncatedCaptureException(source, blockOffset, "a pcapng section header", 12, got);
    }
    int bom = getIntBE(pos + 8);
    if (bom == PCAPNG_BOM) {
      bigEndian = true;
    } else if (Integer.reverseBytes(bom) == PCAPNG_BOM) {
      bigEndian = false;
    } else {
      throw new CorruptCaptureException(source, blockOffset + 8, String.format(
          "pcapng section header has byte-order magic 0x%08x, expected 0x1a2b3c4d", bom));
    }
    long len = u32(pos + 4);
    if (len < 28 || (len & 3) != 0 || len > options.maxBlockBytes()) {
      throw new CorruptCaptureException(source, blockOffset, "pcapng section header length "
          + len + " is not a multiple of 4 in [28, " + options.maxBlockBytes() + "]");
    }
    int ilen = (int) len;
    got = ensure(ilen);
    if (got < ilen) {
      throw new TruncatedCaptureException(source, blockOffset, "a pcapng section header",
          ilen, got);
    }
    int major = u16(pos + 12);
    if (major != 1) {
      throw new CorruptCaptureException(source, blockOffset + 12, "unsupported pcapng major"
          + " version " + major + " (only 1 exists)");
    }
    if (u32(pos + ilen - 4) != len) {
      throw new CorruptCaptureException(source, blockOffset, "pcapng section header: trailing"
          + " length " + u32(pos + ilen - 4) + " differs from leading length " + len);
    }
    ifaces.clear();
    sections++;
    pos += ilen;
  }

  private void readInterface(long blockOffset, int len) throws CorruptCaptureException {
    if (len < 20) {
      throw new CorruptCaptureException(source, blockOffset, "interface description block of "
          + len + " bytes (at least 20 needed)");
    }
    if (ifaces.size() >= options.maxInterfaces()) {
      throw new CorruptCaptureException(source, blockOffset, "more than "
          + options.maxInterfaces() + " interfaces in one section");
    }
    int linkType = u16(pos + 8);
    long snap = u32(pos + 12);
    int exp = 6;
    boolean binary = false;
    long tsOffset = 0;
    int o = pos + 16;
    int end = pos + len - 4;
    while (o + 4 <= end) {
      int code = u16(o);
      int olen = u16(o + 2);
      if (code == 0 || o + 4 + olen > end) {
        break; // opt_endofopt, or an option overrunning the block: ignore the rest
      }
      if (code == 9 && olen >= 1) {
        int r = buf[o + 4] & 0xFF;
        binary = (r & 0x80) != 0;
        exp = r & 0x7F;
      } else if (code == 14 && olen >= 8) {
        tsOffset = u64(o + 4);
      }
      o += 4 + ((olen + 3) & ~3);
    }
    if ((!binary && exp > 18) || (binary && exp > 63)) {
      throw new CorruptCaptureException(source, blockOffset, "interface if_tsresol "
          + (binary ? "2^-" : "10^-") + exp + " is out of range");
    }
    ifaces.add(new Iface(linkType, snap, exp, binary, tsOffset));
  }

  private void readPacketBlock(long blockOffset, int type, int len) throws CaptureException {
    int ifId;
    long ts;
    long capLen;
    long origLen;
    int dataAt;
    boolean hasTs = true;
    if (type == PCAPNG_EPB || type == PCAPNG_PB) {
      if (len < 32) {
        throw new CorruptCaptureException(source, blockOffset, "packet block of " + len
            + " bytes (at least 32 needed)");
      }
      ifId = type == PCAPNG_EPB ? (int) Math.min(u32(pos + 8), Integer.MAX_VALUE) : u16(pos + 8);
      ts = (u32(pos + 12) << 32) | u32(pos + 16);
      capLen = u32(pos + 20);
      origLen = u32(pos + 24);
      dataAt = 28;
    } else {
      if (len < 16) {
        throw new CorruptCaptureException(source, blockOffset, "simple packet block of " + len
            + " bytes (at least 16 needed)");
      }
      ifId = 0;
      ts = 0;
      hasTs = false;
      origLen = u32(pos + 8);
      dataAt = 12;
      capLen = Math.min(origLen, len - 16L);
      if (!ifaces.isEmpty() && ifaces.get(0).snapLen > 0) {
        capLen = Math.min(capLen, ifaces.get(0).snapLen);
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
    long nanos = hasTs ? toNanos(ts, f) : CapturedPacket.NO_TIMESTAMP;
    fill(blockOffset, pos + dataAt, (int) capLen, origLen, nanos, f.linkType, ifId);
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

  private static long toNanos(long units, Iface f) {
    return toNanos(units, f.exp, f.binary, f.offsetSeconds);
  }

  private static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
    1_000_000_000L, 10_000_000_000L
  };

  // ---------------------------------------------------------------- buffer

  private void fill(long recordOffset, int at, int capLen, long origLen, long nanos, int link,
      int ifId) {
    CapturedPacket p = packet;
    p.array = buf;
    p.offset = at;
    p.capturedLength = capLen;
    p.originalLength = origLen;
    p.timestampNanos = nanos;
    p.linkType = link;
    p.interfaceId = ifId;
    p.fileOffset = recordOffset;
    p.index = packetIndex++;
  }

  /**
   * Makes {@code n} bytes available from {@code pos} (growing the buffer up to n, which callers
   * have bounded by a cap); returns how many are available (less than n only at end of input).
   */
  private int ensure(int n) throws IOException {
    int avail = lim - pos;
    if (avail >= n || eof) {
      return Math.min(avail, n);
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, Math.min(buf.length * 2, options.maxBlockBytes() + 64))];
      System.arraycopy(buf, pos, bigger, 0, avail);
      buf = bigger;
      bufBase += pos;
      pos = 0;
      lim = avail;
    } else if (pos + n > buf.length) {
      System.arraycopy(buf, pos, buf, 0, avail);
      bufBase += pos;
      pos = 0;
      lim = avail;
    }
    while (lim - pos < n) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
        break;
      }
      lim += r;
    }
    return Math.min(lim - pos, n);
  }

  /** Skips a block of {@code len} bytes starting at pos without buffering it. */
  private void skip(long blockOffset, long len, String what) throws IOException {
    long avail = lim - pos;
    if (len <= avail) {
      pos += (int) len;
      return;
    }
    long remaining = len - avail;
    bufBase += lim;
    pos = 0;
    lim = 0;
    while (remaining > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (r < 0) {
        eof = true;
        throw new TruncatedCaptureException(source, blockOffset, what, len, len - remaining);
      }
      remaining -= r;
      bufBase += r;
    }
  }

  private int getIntBE(int at) {
    return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
        | (buf[at + 3] & 0xFF);
  }

  private long u32(int at) {
    int v = getIntBE(at);
    return (bigEndian ? v : Integer.reverseBytes(v)) & 0xFFFF_FFFFL;
  }

  private int u16(int at) {
    int v = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    return bigEndian ? v : Integer.reverseBytes(v) >>> 16;
  }

  private long u64(int at) {
    long a = u32(at);
    long b = u32(at + 4);
    return bigEndian ? (a << 32) | b : (b << 32) | a;
  }
}
