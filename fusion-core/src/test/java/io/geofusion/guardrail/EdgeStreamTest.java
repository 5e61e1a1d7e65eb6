package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.text.TextLines;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeStreamTest {

  private static final String GOOD =
      "{\"src\":\"host:a\",\"kind\":\"PORT_HUB\",\"dst\":\"service:tcp/22\"}";

  private static TextLines lines(String... text) {
    byte[] b = (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8);
    return TextLines.of(new ByteArrayInputStream(b), "test");
  }

  @Test
  void run_mixedLines_acceptsRejectsAndCountsMalformed() throws Exception {
    StringWriter accepted = new StringWriter();
    StringWriter rejects = new StringWriter();
    List<String> told = new ArrayList<>();
    Guardrail g = Guardrail.builder().build();
    EdgeStream.Counts c = new EdgeStream(g, accepted, rejects,
        (line, why) -> told.add(line + ": " + why))
        .run(lines(GOOD, "", "not json",
            "{\"src\":\"host:b\",\"kind\":\"XQZ_PLORT\",\"dst\":\"host:c\"}"));

    assertThat(c).isEqualTo(new EdgeStream.Counts(4, 1));
    assertThat(accepted.toString().lines().toList()).singleElement()
        .satisfies(l -> assertThat(l).contains("INFERRED_HOST_OFFERS_SERVICE"));
    assertThat(rejects.toString().lines().toList()).hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("{\"line\":3,\"stage\":\"parse\"")
            .contains("\"reason\":\"malformed_json\""))
        .anySatisfy(l -> assertThat(l).startsWith("{\"line\":4,"));
    assertThat(told).singleElement().satisfies(t -> assertThat(t).startsWith("3: not valid JSON"));
    assertThat(g.stats().accepted()).isEqualTo(1);
  }

  @Test
  void run_noRejectsWriter_dropsRejectsQuietly() throws Exception {
    StringWriter accepted = new StringWriter();
    EdgeStream.Counts c = new EdgeStream(Guardrail.builder().build(), accepted, null,
        (line, why) -> { }).run(lines("{\"src\":42}", GOOD));
    assertThat(c).isEqualTo(new EdgeStream.Counts(2, 1));
    assertThat(accepted.toString().lines()).hasSize(1);
  }

  /**
   * A line longer than jsonRecordBytes is rejected at stage parse as {@code record_too_long}
   * without being held or parsed (a 60 MB line was built whole: 1.2 GB), and its neighbours are
   * read; lines around it keep their numbers, "\r\n" included.
   */
  @Test
  void run_lineLongerThanTheRecordLimit_isRejectedUnparsedAndTheRestRead() throws Exception {
    System.setProperty("geofusion.limit.jsonRecordBytes", "4096");
    try {
      StringWriter accepted = new StringWriter();
      StringWriter rejects = new StringWriter();
      List<String> told = new ArrayList<>();
      String big = GOOD.replace("\"dst\"", "\"pad\":\"" + "x".repeat(50_000) + "\",\"dst\"");
      EdgeStream.Counts c = new EdgeStream(Guardrail.builder().build(), accepted, rejects,
          (line, why) -> told.add(line + ": " + why))
          .run(lines(GOOD + "\r", big + "\r", GOOD.replace("host:a", "host:d")));

      assertThat(c).isEqualTo(new EdgeStream.Counts(3, 1));
      assertThat(accepted.toString().lines()).hasSize(2);
      assertThat(rejects.toString().lines().toList()).singleElement().satisfies(l -> assertThat(l)
          .startsWith("{\"line\":2,\"stage\":\"parse\",\"reason\":\"record_too_long\"")
          .contains("-Dgeofusion.limit.jsonRecordBytes=").hasSizeLessThan(1000));
      assertThat(told).singleElement().satisfies(t -> assertThat(t)
          .startsWith("2: a JSON record longer than 4096 bytes"));
    } finally {
      System.clearProperty("geofusion.limit.jsonRecordBytes");
    }
  }

  /** The line reader drops an over-long line as it reads it, whatever its length. */
  @Test
  void readLine_lineLongerThanTheRecordLimit_isReturnedEmptyAndFlagged() throws Exception {
    TextLines in = lines("a", "b".repeat(100_000), "c");
    assertThat(in.readLine(10)).isEqualTo("a");
    assertThat(in.tooLong()).isFalse();
    assertThat(in.readLine(10)).isEmpty();
    assertThat(in.tooLong()).isTrue();
    assertThat(in.lineNumber()).isEqualTo(2);
    assertThat(in.readLine(10)).isEqualTo("c");
    assertThat(in.tooLong()).isFalse();
    assertThat(in.readLine(10)).isNull();
  }
}
