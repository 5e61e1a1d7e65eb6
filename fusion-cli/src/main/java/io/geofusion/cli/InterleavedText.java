package io.geofusion.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task printed on stdout and on stderr, kept in the order it printed it: a bulk command
 * prints each batch of records on a worker and {@link #writeTo writes} the batches in input order
 * from one thread, so every warning still comes out next to the record it is about. Not
 * thread-safe (one per task).
 */
final class InterleavedText {

  private final List<String> parts = new ArrayList<>();
  private final List<Boolean> onErr = new ArrayList<>();
  private final StringBuilder current = new StringBuilder();
  private boolean currentErr;

  /** A writer whose text goes to stdout. */
  PrintWriter out() {
    return new PrintWriter(new Side(false));
  }

  /** A writer whose text goes to stderr. */
  PrintWriter err() {
    return new PrintWriter(new Side(true));
  }

  /**
   * Writes the text in the order it was printed; stdout is flushed before and stderr after each
   * stderr part, so a terminal or a file given both streams shows them in that order.
   */
  void writeTo(PrintWriter out, PrintWriter err) {
    cut();
    for (int i = 0; i < parts.size(); i++) {
      if (onErr.get(i)) {
        out.flush();
        err.write(parts.get(i));
        err.flush();
      } else {
        out.write(parts.get(i));
      }
    }
  }

  private void add(boolean err, char[] cbuf, int off, int len) {
    if (err != currentErr) {
      cut();
      currentErr = err;
    }
    current.append(cbuf, off, len);
  }

  private void add(boolean err, String s, int off, int len) {
    if (err != currentErr) {
      cut();
      currentErr = err;
    }
    if (off == 0 && len == s.length()) {
      current.append(s); // one array copy; the ranged append copies char by char (JDK 17)
    } else {
      current.append(s, off, off + len);
    }
  }

  private void cut() {
    if (current.length() > 0) {
      parts.add(current.toString());
      onErr.add(currentErr);
      current.setLength(0);
    }
  }

  private final class Side extends Writer {
    private final boolean err;

    Side(boolean err) {
      this.err = err;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      add(err, cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      add(err, str, off, len);
    }

    @Override
    public void flush() {
      // nothing buffered here
    }

    @Override
    public void close() {
      // the text stays readable by writeTo
    }
  }
}
