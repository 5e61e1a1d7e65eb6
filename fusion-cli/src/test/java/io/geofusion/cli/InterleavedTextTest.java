package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

/** A batch's stdout and stderr come out in the order they were printed, each on its stream. */
class InterleavedTextTest {

  @Test
  void writeTo_interleavedPrints_keepOrderAndStreams() {
    InterleavedText text = new InterleavedText();
    try (PrintWriter o = text.out(); PrintWriter e = text.err()) {
      o.print("table 1\n");
      e.println("warning about record 2");
      o.print("table 2\n");
      o.print("table 3\n");
      e.print("warning 4a\n");
      e.print("warning 4b\n");
      o.printf("%s%n", "table 4");
    }
    StringBuilder both = new StringBuilder();
    StringWriter outOnly = new StringWriter();
    StringWriter errOnly = new StringWriter();
    PrintWriter out = new PrintWriter(tee(outOnly, both, "O:"));
    PrintWriter err = new PrintWriter(tee(errOnly, both, "E:"));
    text.writeTo(out, err);
    out.flush();
    err.flush();

    String nl = System.lineSeparator();
    assertThat(outOnly.toString()).isEqualTo("table 1\ntable 2\ntable 3\ntable 4" + nl);
    assertThat(errOnly.toString()).isEqualTo("warning about record 2" + nl
        + "warning 4a\nwarning 4b\n");
    assertThat(both.toString()).isEqualTo("O:table 1\nE:warning about record 2" + nl
        + "O:table 2\ntable 3\nE:warning 4a\nwarning 4b\nO:table 4" + nl);
  }

  @Test
  void writeTo_nothingPrinted_writesNothing() {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    new InterleavedText().writeTo(new PrintWriter(o), new PrintWriter(e));
    assertThat(o.toString()).isEmpty();
    assertThat(e.toString()).isEmpty();
  }

  /** Writes to {@code own} and to {@code both}, marking each write's stream when it changes. */
  private static Writer tee(StringWriter own, StringBuilder both, String mark) {
    return new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        own.write(cbuf, off, len);
        if (!lastMark(both).equals(mark)) {
          both.append(mark);
        }
        both.append(cbuf, off, len);
      }

      @Override
      public void flush() {
        // nothing buffered
      }

      @Override
      public void close() {
        // nothing to close
      }
    };
  }

  private static String lastMark(StringBuilder both) {
    int o = both.lastIndexOf("O:");
    int e = both.lastIndexOf("E:");
    return o < 0 && e < 0 ? "" : o > e ? "O:" : "E:";
  }
}
