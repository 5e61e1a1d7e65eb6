package io.geofusion.pcap;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * A streaming reader of classic pcap and pcapng captures.
 *
 * <p>Formats (a gzip-compressed file is inflated on the fly, as libpcap's wiretap does; byte
 * offsets then count decompressed bytes): classic pcap in both byte orders with micro- or
 * nanosecond timestamps (and the "modified" 0xa1b2cd34 variant); pcapng
 * (draft-ietf-opsawg-pcapng) with any number of sections (each with its own byte order) and
 * interfaces, Enhanced, Simple and obsolete Packet Blocks, per-interface {@code if_tsresol} and
 * {@code if_tsoffset}; all other block types are skipped by their length without being read into
 * memory. This class sniffs the magic number and hands the records to the reader of that format
 * ({@code PcapReader}, {@code PcapngReader}).
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

  private final CaptureInput input;
  private final String source;
  private final CaptureFormat format;
  private final FormatReader reader;
  private CaptureException failure;
  private boolean closed;

  private CaptureReader(InputStream in, String source, Options options) throws IOException {
    this.input = new CaptureInput(in, source, options);
    this.source = source;
    CaptureFormat f;
    FormatReader r;
    try {
      f = sniff(input);
      r = f == CaptureFormat.PCAPNG ? new PcapngReader(input, options)
          : new PcapReader(input, options, f);
    } catch (EOFException e) {
      if (!input.gzip()) {
        throw e;
      }
      throw new TruncatedCaptureException(source, 0, "the gzip stream (" + e.getMessage() + ")",
          1, 0);
    } catch (ZipException e) {
      throw new CorruptCaptureException(source, 0, "bad gzip data: " + e.getMessage());
    }
    this.format = f;
    this.reader = r;
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

  /**
   * The container format of the input's magic number, with the byte order set on {@code input}
   * for classic pcap; a gzip stream is inflated first.
   *
   * @throws NotACaptureException for any other magic number
   */
  private static CaptureFormat sniff(CaptureInput input) throws IOException {
    String source = input.source();
    int n = input.ensure(4);
    if (n < 4) {
      if (n == 0) {
        throw new NotACaptureException(source, "an empty file (0 bytes)", "");
      }
      throw new NotACaptureException(source, "a " + n + "-byte file, too short for any header",
          "");
    }
    int be = input.intBE(0);
    if (CaptureMagic.gzip(be) && !input.gzip()) {
      input.inflate();
      return sniff(input);
    }
    if (be == PcapngReader.SHB) {
      return CaptureFormat.PCAPNG;
    }
    CaptureFormat f = null;
    for (int k = 0; k < 2 && f == null; k++) {
      input.bigEndian(k == 0);
      f = CaptureMagic.classic(k == 0 ? be : Integer.reverseBytes(be));
    }
    if (f == null) {
      throw CaptureMagic.notACapture(input);
    }
    return f;
  }

  /** The container format detected from the magic number. */
  public CaptureFormat format() {
    return format;
  }

  /** Byte order of the file header (of the current section for pcapng). */
  public boolean bigEndian() {
    return input.bigEndian();
  }

  /** Link type of the classic file, or of interface 0 of the current pcapng section (-1 if none). */
  public int linkType() {
    return reader.linkType();
  }

  /** Number of pcapng sections seen so far (0 for classic pcap). */
  public int sections() {
    return reader.sections();
  }

  /** Bytes consumed so far: the offset of the next record. */
  public long position() {
    return input.position();
  }

  /** Current buffer size: never above {@link #memoryBound}; for tests and fuzzing. */
  int bufferCapacity() {
    return input.capacity();
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
      return reader.next();
    } catch (CaptureException e) {
      failure = e;
      throw e;
    } catch (EOFException e) {
      if (!input.gzip()) {
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
    input.close();
  }
}
