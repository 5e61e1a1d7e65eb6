package io.geofusion.formats;

import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a UTF-8 byte stream, ended where {@link java.io.BufferedReader#readLine()} ends
 * them ({@code \n}, {@code \r} or {@code \r\n}), without decoding them: a JSON Lines reader hands
 * the bytes to Jackson's byte parser, or to another thread, instead of building a {@code String}
 * per line and a {@code char[]} copy of it. A line longer than {@link Limits#LINE_BYTES} bytes
 * fails with {@link TextLines.LineTooLongException}, numbered as {@link
 * io.geofusion.text.LineLimitReader} numbers it (by {@code \n}).
 *
 * <p>A line longer than the record limit (for JSON Lines {@link Limits#JSON_RECORD_BYTES}) is not
 * held: once it passes the limit, the bytes read so far are dropped and the rest of the line is
 * read and dropped chunk by chunk up to its end, so the buffer never grows past about twice the
 * record limit. Such a line is returned empty with {@link #tooLong()} set, for the caller to
 * count as skipped; the line limit still ends a line without an end (it is an error). Not
 * thread-safe.
 */
final class ByteLines {

  private final InputStream in;
  private final String name;
  private final long max;
  private final long recordMax;
  private byte[] buf;
  private int pos;
  private int end;
  private boolean eof;
  private boolean skipLf; // the last line ended at '\r': a '\n' right after it belongs to it
  private long newlines;
  private int start;
  private int length;
  private boolean ascii;
  private boolean tooLong;

  /** Lines with no record limit (only the line limit). */
  ByteLines(InputStream in, String name, int bufferSize) {
    this(in, name, bufferSize, Long.MAX_VALUE);
  }

  /** Lines of which those longer than {@code recordMax} bytes are skipped, not held. */
  ByteLines(InputStream in, String name, int bufferSize, long recordMax) {
    this.in = in;
    this.name = name;
    this.max = Limits.LINE_BYTES.value();
    this.recordMax = recordMax;
    this.buf = new byte[bufferSize];
  }

  /**
   * Moves to the next line; false at the end of the input. The line is then {@link #length()}
   * bytes of {@link #buffer()} from {@link #start()}, valid until the next call; or, when the
   * line was longer than the record limit, empty with {@link #tooLong()} set.
   */
  boolean next() throws IOException {
    tooLong = false;
    if (skipLf) {
      if (pos == end && !fill(pos)) {
        return false;
      }
      skipLf = false;
      if (buf[pos] == '\n') {
        pos++;
        newlines++;
      }
    }
    int from = pos;
    int i = pos;
    int bits = 0;
    while (true) {
      byte[] b = buf;
      int e = end;
      while (i < e) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          break;
        }
        bits |= c;
        i++;
      }
      if (i - from > max) {
        throw new TextLines.LineTooLongException(name, newlines + 1, max);
      }
      if (i - from > recordMax) {
        return skipRest(i - from, i);
      }
      if (i < e) {
        start = from;
        length = i - from;
        ascii = bits >= 0;
        if (b[i] == '\n') {
          newlines++;
        } else {
          skipLf = true;
        }
        pos = i + 1;
        return true;
      }
      int scanned = i - from;
      if (!fill(from)) {
        if (scanned == 0) {
          return false;
        }
        start = end - scanned;
        length = scanned;
        ascii = bits >= 0;
        pos = end;
        return true;
      }
      from = 0;
      i = scanned;
    }
  }

  /**
   * Drops the line being read, {@code seen} bytes long so far, whose scan stopped at {@code i}
   * (its end, or the end of the bytes read): reads on into the same buffer, dropping each chunk,
   * up to the line's end.
   */
  private boolean skipRest(long seen, int i) throws IOException {
    while (i == end) {
      int n = eof ? -1 : in.read(buf, 0, buf.length);
      if (n <= 0) {
        eof = true;
        end = 0;
        i = 0;
        break;
      }
      end = n;
      i = 0;
      while (i < end && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
      seen += i;
      if (seen > max) {
        throw new TextLines.LineTooLongException(name, newlines + 1, max);
      }
    }
    if (i < end) {
      if (buf[i] == '\n') {
        newlines++;
      } else {
        skipLf = true;
      }
      i++;
    }
    pos = i;
    start = i;
    length = 0;
    ascii = true;
    tooLong = true;
    return true;
  }

  /**
   * Reads more bytes after moving those from {@code keep} on (the line being read) to the front
   * of the buffer, which grows when that line fills it. False at the end of the input; the line
   * then ends at {@link #end} either way.
   */
  private boolean fill(int keep) throws IOException {
    if (eof) {
      return false;
    }
    int kept = end - keep;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, kept);
    } else if (kept == buf.length) {
      // One byte past the record limit is enough to know the line is too long to hold.
      long grown = Math.min(Math.min(Integer.MAX_VALUE - 8, 2L * buf.length),
          Math.min(recordMax, Integer.MAX_VALUE) + 1);
      buf = Arrays.copyOf(buf, (int) grown);
    }
    end = kept;
    pos = kept;
    int n = in.read(buf, end, buf.length - end);
    if (n <= 0) {
      eof = true;
      return false;
    }
    end += n;
    return true;
  }

  byte[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int length() {
    return length;
  }

  /** Whether the line was longer than the record limit: then it is empty, and was not held. */
  boolean tooLong() {
    return tooLong;
  }

  /** Whether the line is ASCII only (then its bytes are its characters). */
  boolean ascii() {
    return ascii;
  }
}
