package io.geofusion.text;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that fails, naming the input, the line and the limit, as soon as a line grows past
 * {@link Limits#LINE_BYTES} characters: {@link java.io.BufferedReader#readLine()} would otherwise
 * collect a 3 GB line (a gzip bomb holding no newline, {@code /dev/zero}) until the heap runs
 * out. Wrap it in a {@link java.io.BufferedReader}; the check costs one scan of each chunk.
 *
 * <p>It also refuses U+FFFD, the replacement character a lenient UTF-8 decoder puts where a byte
 * is not UTF-8, with {@link TextLines.NotUtf8Exception} naming the line: text in another
 * encoding is reported, not read as if it were UTF-8. (A file that really holds U+FFFD is
 * refused too; no measurement format has a use for it.)
 */
public final class LineLimitReader extends FilterReader {

  private final String name;
  private final long max;
  private long run; // characters since the last line end
  private long line = 1;

  /** Limits the lines of {@code in}, which errors call {@code name}. */
  public LineLimitReader(Reader in, String name) {
    this(in, name, Limits.LINE_BYTES.value());
  }

  private LineLimitReader(Reader in, String name, long max) {
    super(in);
    this.name = name;
    this.max = max;
  }

  /**
   * Only the encoding check, for a JSON document that may legitimately be one long line (a RIPE
   * Atlas array): U+FFFD is refused with its line, the line length is not limited.
   */
  public static LineLimitReader encodingOnly(Reader in, String name) {
    return new LineLimitReader(in, name, Long.MAX_VALUE);
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = super.read(cbuf, off, len);
    for (int i = off; i < off + n; i++) {
      count(cbuf[i]);
    }
    return n;
  }

  private void count(char c) throws IOException {
    if (c == '\uFFFD') {
      // What the UTF-8 decoder put in place of a byte that is not UTF-8 (a Windows-1252 dash,
      // binary data): refused with the line instead of read on as if nothing had happened.
      throw new TextLines.NotUtf8Exception(name, line, null);
    }
    if (c == '\n' || c == '\r') {
      if (c == '\n') {
        line++;
      }
      run = 0;
    } else if (++run > max) {
      throw new TextLines.LineTooLongException(name, line, max);
    }
  }
}
