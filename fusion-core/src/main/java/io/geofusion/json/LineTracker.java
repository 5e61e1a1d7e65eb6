package io.geofusion.json;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Passes bytes through and notes where the first {@code tracked} lines are: each one's byte
 * offset, length without the newline, CRC-32 and whether it holds a backslash (a JSON escape).
 * Lines after those are only counted in
 * {@link #position()}, so tracking the header and node lines of a snapshot costs nothing on its
 * edge lines (the bulk). JSON text escapes newlines inside strings, so a '\n' byte always ends a
 * line. Not thread-safe.
 */
final class LineTracker extends FilterOutputStream {

  private final int tracked;
  private final long[] offsets;
  private final int[] lengths;
  private final int[] crcs;
  private final boolean[] escapes;
  private boolean escaped;
  private final CRC32 lineCrc = new CRC32();
  private long position;
  private long lineStart;
  private int line;

  LineTracker(OutputStream out, int tracked) {
    super(out);
    this.tracked = tracked;
    this.offsets = new long[tracked];
    this.lengths = new int[tracked];
    this.crcs = new int[tracked];
    this.escapes = new boolean[tracked];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (line < tracked && i < end) {
      int nl = i;
      while (nl < end && b[nl] != '\n') {
        escaped |= b[nl] == '\\';
        nl++;
      }
      lineCrc.update(b, i, nl - i);
      if (nl == end) {
        break; // the line continues in a later write
      }
      long lineEnd = position + (nl - off);
      if (lineEnd - lineStart > Integer.MAX_VALUE) {
        throw new IOException("a snapshot line longer than 2 GiB cannot be indexed");
      }
      offsets[line] = lineStart;
      lengths[line] = (int) (lineEnd - lineStart);
      crcs[line] = (int) lineCrc.getValue();
      escapes[line] = escaped;
      escaped = false;
      lineCrc.reset();
      line++;
      lineStart = lineEnd + 1;
      i = nl + 1;
    }
    out.write(b, off, len);
    position += len;
  }

  /** Bytes written so far. */
  long position() {
    return position;
  }

  /** The byte offset of tracked line {@code i} (0-based). */
  long offset(int i) {
    return offsets[checked(i)];
  }

  /** The length of tracked line {@code i} without its newline. */
  int length(int i) {
    return lengths[checked(i)];
  }

  /** The CRC-32 of tracked line {@code i} without its newline. */
  int crc(int i) {
    return crcs[checked(i)];
  }

  /** Whether tracked line {@code i} holds a backslash. */
  boolean escapes(int i) {
    return escapes[checked(i)];
  }

  private int checked(int i) {
    if (i >= line) {
      throw new IllegalStateException("line " + i + " is not complete yet (" + line
          + " lines written)");
    }
    return i;
  }
}
