package io.geofusion.geoip;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An append-only byte sequence in chunks (1 MiB unless told): it grows without the copy (and the moment of
 * twice the memory) a doubling array needs, and it can pass 2 GiB. Not thread-safe.
 */
final class ByteChunks {

  private final int shift;
  private final int chunk;
  private final int mask;

  private byte[][] chunks = new byte[8][];
  private long size;

  ByteChunks() {
    this(20);
  }

  /** Chunks of 2^{@code shift} bytes. */
  ByteChunks(int shift) {
    this.shift = shift;
    this.chunk = 1 << shift;
    this.mask = chunk - 1;
  }

  long size() {
    return size;
  }

  void write(int b) {
    int c = (int) (size >>> shift);
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, c * 2);
    }
    if (chunks[c] == null) {
      chunks[c] = new byte[chunk];
    }
    chunks[c][(int) (size & mask)] = (byte) b;
    size++;
  }

  void write(byte[] b, int off, int len) {
    int done = 0;
    while (done < len) {
      int c = (int) (size >>> shift);
      if (c == chunks.length) {
        chunks = Arrays.copyOf(chunks, c * 2);
      }
      if (chunks[c] == null) {
        chunks[c] = new byte[chunk];
      }
      int at = (int) (size & mask);
      int n = Math.min(len - done, chunk - at);
      System.arraycopy(b, off + done, chunks[c], at, n);
      done += n;
      size += n;
    }
  }

  byte get(long pos) {
    return chunks[(int) (pos >>> shift)][(int) (pos & mask)];
  }

  /** Whether the {@code len} bytes at {@code pos} are {@code b[0..len)}. */
  boolean equalsAt(long pos, byte[] b, int len) {
    if (pos + len > size) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (get(pos + i) != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** Copies {@code len} bytes at {@code pos} into {@code to}. */
  void copy(long pos, byte[] to, int len) {
    for (int i = 0; i < len; i++) {
      to[i] = get(pos + i);
    }
  }

  void writeTo(OutputStream out) throws IOException {
    long left = size;
    for (int c = 0; left > 0; c++) {
      int n = (int) Math.min(chunk, left);
      out.write(chunks[c], 0, n);
      left -= n;
    }
  }
}
