package io.geofusion.formats;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Lines of a text transcript with their 1-based numbers, and one line of push-back for parsers
 * that only see the end of a record when the next one starts. Not thread-safe.
 */
final class LineCursor {

  private final BufferedReader in;
  private long lineNo;
  private String pushedBack;
  private long pushedBackLine;

  LineCursor(BufferedReader in) {
    this.in = in;
  }

  /** The next line (the pushed-back one first), or null at the end. */
  String readLine() throws IOException {
    if (pushedBack != null) {
      String s = pushedBack;
      pushedBack = null;
      lineNo = pushedBackLine;
      return s;
    }
    String s = in.readLine();
    if (s != null) {
      lineNo++;
    }
    return s;
  }

  /** Number of the line last returned by {@link #readLine()}. */
  long lineNo() {
    return lineNo;
  }

  /** Gives back the line last read, so the next {@link #readLine()} returns it again. */
  void pushBack(String line) {
    pushedBack = line;
    pushedBackLine = lineNo;
  }
}
