package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {

  @TempDir Path dir;

  @Test
  void readAllLines_crlfBomAndNoFinalNewline_likeTextLines() throws Exception {
    Path f = dir.resolve("t.txt");
    Files.write(f, "\uFEFFa,b\r\n\r\nMontr\u00e9al \u6771\u4eac\nlast".getBytes(StandardCharsets.UTF_8));
    assertThat(TextLines.readAllLines(f)).containsExactly("a,b", "", "Montr\u00e9al \u6771\u4eac",
        "last");
    Files.write(f, new byte[0]);
    assertThat(TextLines.readAllLines(f)).isEmpty();
    Files.write(f, "\n".getBytes(StandardCharsets.UTF_8));
    assertThat(TextLines.readAllLines(f)).containsExactly("");
  }

  /**
   * A Windows-1252 byte far past the first decoder buffer: the error names its exact line
   * ({@code Files.newBufferedReader} says "Input length = 1" wherever its buffer was).
   */
  @Test
  void readLine_notUtf8DeepInTheFile_namesTheExactLine() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i < 5000; i++) {
      b.writeBytes(("line " + i + " \u00e9t\u00e9 ok\n").getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes("caf".getBytes(StandardCharsets.US_ASCII));
    b.write(0xE9); // é in Windows-1252 / Latin-1: not UTF-8
    b.writeBytes("\nmore\n".getBytes(StandardCharsets.US_ASCII));
    Path f = dir.resolve("latin.csv");
    Files.write(f, b.toByteArray());
    try (TextLines r = TextLines.open(f)) {
      for (int i = 1; i < 5000; i++) {
        assertThat(r.readLine()).isEqualTo("line " + i + " \u00e9t\u00e9 ok");
      }
      assertThatThrownBy(r::readLine).isInstanceOf(TextLines.NotUtf8Exception.class)
          .hasMessage(f + ":5000: not UTF-8 text (binary data, or text in another"
              + " encoding?); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8")
          .satisfies(e -> assertThat(((TextLines.NotUtf8Exception) e).line()).isEqualTo(5000));
    }
  }

  @Test
  void of_stream_usesTheGivenName() throws Exception {
    byte[] bin = {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, 0, 1, '\n'};
    try (TextLines r = TextLines.of(new ByteArrayInputStream(bin), "standard input")) {
      assertThat(r.readLine()).isEqualTo("ok");
      assertThat(r.lineNumber()).isEqualTo(1);
      assertThatThrownBy(r::readLine).hasMessageStartingWith("standard input:2: not UTF-8");
    }
  }

  @Test
  void jsonProblem_dropsProgrammerHintsAndRedactedSource_addsColumn() {
    ObjectMapper m = new ObjectMapper();
    assertThat(problem(m, "{\"a\":NaN}")).isEqualTo("Non-standard token 'NaN' (at column 9)");
    assertThat(problem(m, "[1,2")).isEqualTo("Unexpected end-of-input: expected close marker"
        + " for Array (start marker at line 1, column 1) (at column 5)");
    for (String bad : List.of("{'a':1}", "{\"a\":01}", "{\"a\":abc}", "{\"a\":1,}", "/* c */ {}")) {
      assertThat(problem(m, bad)).doesNotContain("`").doesNotContain("Source:")
          .contains("(at column ");
    }
  }

  private static String problem(ObjectMapper m, String json) {
    try {
      m.readTree(json);
    } catch (JsonProcessingException e) {
      return TextLines.jsonProblem(e);
    }
    throw new AssertionError("parsed: " + json);
  }
}
