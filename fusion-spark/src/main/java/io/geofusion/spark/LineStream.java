package io.geofusion.spark;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The lines of a partition as one UTF-8 stream, each followed by {@code '\n'}, read lazily: the
 * library's {@link io.geofusion.formats.MeasurementReader} reads a partition as it reads a file,
 * so the job has no parser of its own. Holds one line at a time; not thread-safe.
 */
final class LineStream extends InputStream {

  private final Iterator<String> lines;
  private byte[] current = new byte[0];
  private int pos;

  LineStream(Iterator<String> lines) {
    this.lines = lines;
  }

  private boolean fill() {
    while (pos >= current.length) {
      if (!lines.hasNext()) {
        return false;
      }
      current = (lines.next() + "\n").getBytes(StandardCharsets.UTF_8);
      pos = 0;
    }
    return true;
  }

  @Override
  public int read() {
    return fill() ? current[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}
