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
}
