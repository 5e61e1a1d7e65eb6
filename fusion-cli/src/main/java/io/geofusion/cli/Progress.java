package io.geofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr for multi-target runs, redrawn in place with {@code '\r'}:
 * {@code [#########...........]  3/7 targets  1 failed  last: 198.18.9.9}.
 *
 * <p>Only drawn when stderr is a terminal ({@link #forTerminal}); when output is piped or
 * captured nothing is written at all, so logs and tests see only result lines. Lines printed
 * through {@link #println} while the bar is shown first erase the bar, then redraw it below.
 * Thread-safe (every method is synchronized).
 *
 * <p>Written here rather than with {@code me.tongfei:progressbar}: that library pulls in JLine
 * (about 1 MB and a terminal probe at start-up) for what is one line of text.
 */
final class Progress implements AutoCloseable {

  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final boolean enabled;
  private final int total;
  private int done;
  private int failed;
  private String last = "";
  private int drawnLength;

  Progress(PrintWriter err, int total, boolean enabled) {
    this.err = err;
    this.total = total;
    this.enabled = enabled;
  }

  /**
   * A bar that draws only when stderr is a terminal: the JVM has a console (stdin and stdout are
   * a terminal, the test {@link System#console()} offers), or, on Linux, file descriptor 2 is a
   * terminal device, so {@code geofusion triangulate --ndjson > out.ndjson} still shows it.
   */
  static Progress forTerminal(PrintWriter err, int total) {
    return new Progress(err, total, stderrIsTerminal());
  }

  /** Whether stderr is a terminal (see {@link #forTerminal}); false when it cannot be told. */
  static boolean stderrIsTerminal() {
    if (System.console() != null) {
      return true;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false; // not Linux, or no /proc: only the console test above
    }
  }

  /** Shows the empty bar. */
  synchronized Progress begin() {
    draw();
    return this;
  }

  /** Counts one finished target. */
  synchronized void step(String label, boolean ok) {
    done++;
    if (!ok) {
      failed++;
    }
    last = label;
    draw();
  }

  /** Prints a whole line on stderr, keeping the bar below it. */
  synchronized void println(String line) {
    erase();
    err.println(line);
    draw();
  }

  /** The current bar text (without the leading carriage return). */
  synchronized String render() {
    int filled = total == 0 ? WIDTH : (int) Math.round((double) WIDTH * done / total);
    StringBuilder sb = new StringBuilder("[");
    sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    sb.append(done).append('/').append(total).append(total == 1 ? " target" : " targets");
    if (failed > 0) {
      sb.append("  ").append(failed).append(" failed");
    }
    if (!last.isEmpty()) {
      sb.append("  last: ").append(last);
    }
    return sb.toString();
  }

  private void draw() {
    if (!enabled) {
      return;
    }
    String s = render();
    err.print('\r');
    err.print(s);
    if (s.length() < drawnLength) {
      err.print(" ".repeat(drawnLength - s.length()));
    }
    drawnLength = s.length();
    err.flush();
  }

  private void erase() {
    if (!enabled || drawnLength == 0) {
      return;
    }
    err.print('\r');
    err.print(" ".repeat(drawnLength));
    err.print('\r');
    drawnLength = 0;
    err.flush();
  }

  /** Removes the bar. */
  @Override
  public synchronized void close() {
    erase();
  }
}
