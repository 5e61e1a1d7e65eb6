package io.geofusion.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of one capture as its readers see them: a window over the stream that grows only as
 * far as the caller's caps allow, with byte-order aware reads relative to the current record.
 * Offsets ({@link #position()}) count bytes of the decompressed capture when the stream was
 * gzip-compressed. Not thread-safe: one per reader.
 */
final class CaptureInput {

  private InputStream in;
  private final String source;
  private final int maxBlockBytes;
  private boolean gzip;
  private byte[] buf;
  private int pos;
  private int lim;
  /** File offset of buf[0]. */
  private long bufBase;
  private boolean eof;
  private boolean bigEndian;

  CaptureInput(InputStream in, String source, CaptureReader.Options options) {
    this.in = in;
    this.source = source;
    this.maxBlockBytes = options.maxBlockBytes();
    this.buf = new byte[Math.min(1 << 18, Math.max(512, options.maxBlockBytes() + 64))];
  }

  /** The source name used in errors. */
  String source() {
    return source;
  }

  /** Whether the stream is being inflated ({@link #inflate}). */
  boolean gzip() {
    return gzip;
  }

  /** Byte order of the multi-byte reads. */
  boolean bigEndian() {
    return bigEndian;
  }

  void bigEndian(boolean big) {
    this.bigEndian = big;
  }

  /** Bytes consumed so far: the offset of the next record. */
  long position() {
    return bufBase + pos;
  }

  /** Current buffer size. */
  int capacity() {
    return buf.length;
  }

  /**
   * From now on reads the gzip-inflated stream (as libpcap's wiretap does), starting with the
   * bytes already buffered; call before anything is consumed.
   */
  void inflate() throws IOException {
    gzip = true;
    in = new GZIPInputStream(new SequenceInputStream(
        new ByteArrayInputStream(Arrays.copyOfRange(buf, pos, lim)), in), 1 << 16);
    pos = 0;
    lim = 0;
    eof = false;
  }

  /**
   * Makes {@code n} bytes available from the current position (growing the buffer up to n, which
   * callers have bounded by a cap); returns how many are available (less than n only at end of
   * input).
   */
  int ensure(int n) throws IOException {
    int avail = lim - pos;
    if (avail >= n || eof) {
      return Math.min(avail, n);
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, Math.min(buf.length * 2, maxBlockBytes + 64))];
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

  /** Moves the position past {@code n} bytes already {@link #ensure ensured}. */
  void advance(int n) {
    pos += n;
  }

  /**
   * Skips a block of {@code len} bytes starting at the position without buffering it.
   *
   * @throws TruncatedCaptureException naming {@code what} at {@code blockOffset} when the input
   *     ends first
   */
  void skip(long blockOffset, long len, String what) throws IOException {
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

  /** The buffer that holds the ensured bytes (replaced when it grows). */
  byte[] array() {
    return buf;
  }

  /** Index in {@link #array()} of the byte {@code rel} bytes past the position. */
  int index(int rel) {
    return pos + rel;
  }

  int u8(int rel) {
    return buf[pos + rel] & 0xFF;
  }

  /** Four bytes as a big-endian int, whatever the byte order (magic numbers). */
  int intBE(int rel) {
    int at = pos + rel;
    return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
        | (buf[at + 3] & 0xFF);
  }

  long u32(int rel) {
    int v = intBE(rel);
    return (bigEndian ? v : Integer.reverseBytes(v)) & 0xFFFF_FFFFL;
  }

  int u16(int rel) {
    int at = pos + rel;
    int v = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    return bigEndian ? v : Integer.reverseBytes(v) >>> 16;
  }

  long u64(int rel) {
    long a = u32(rel);
    long b = u32(rel + 4);
    return bigEndian ? (a << 32) | b : (b << 32) | a;
  }

  void close() throws IOException {
    in.close();
  }
}
