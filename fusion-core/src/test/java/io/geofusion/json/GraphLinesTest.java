package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.graph.EntityGraph;
import io.geofusion.text.TextLines;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphLinesTest {

  private static TextLines lines(String... text) {
    byte[] b = (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8);
    return TextLines.of(new ByteArrayInputStream(b), "test");
  }

  @Test
  void load_nodesEdgesAndBadLines_appliesCountsAndReportsEach() throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    List<String> told = new ArrayList<>();
    GraphLines.Counts c = GraphLines.load(g, lines(
        "{\"node\":\"host:a\"}",
        "",
        "{\"src\":\"host:a\",\"kind\":\"K\",\"dst\":\"org:o\"}",
        "not json",
        "{\"x\":1}",
        "{\"node\":\"host:b\",\"abstained\":true}"), (n, why) -> told.add(n + ": " + why));

    assertThat(c).isEqualTo(new GraphLines.Counts(3, 2, 1));
    assertThat(g.node("host:a")).isPresent();
    assertThat(g.node("host:b")).isPresent();
    assertThat(g.edges()).hasSize(1);
    assertThat(told).hasSize(2);
    assertThat(told.get(0)).startsWith("4: malformed JSON");
    assertThat(told.get(1)).startsWith("5: not a graph event, node or edge");
  }

  /** A line longer than jsonRecordBytes is skipped unparsed (it was built whole before). */
  @Test
  void load_lineLongerThanTheRecordLimit_isSkippedNamingTheLimit() throws Exception {
    System.setProperty("geofusion.limit.jsonRecordBytes", "4096");
    try {
      EntityGraph g = EntityGraph.builder().build();
      List<String> told = new ArrayList<>();
      GraphLines.Counts c = GraphLines.load(g, lines(
          "{\"node\":\"host:a\"}",
          "{\"node\":\"host:big\",\"pad\":\"" + "x".repeat(50_000) + "\"}",
          "{\"node\":\"host:b\"}"), (n, why) -> told.add(n + ": " + why));

      assertThat(c).isEqualTo(new GraphLines.Counts(2, 1, 0));
      assertThat(g.node("host:big")).isEmpty();
      assertThat(told).singleElement().satisfies(t -> assertThat(t)
          .startsWith("2: a JSON record longer than 4096 bytes")
          .contains("-Dgeofusion.limit.jsonRecordBytes="));
    } finally {
      System.clearProperty("geofusion.limit.jsonRecordBytes");
    }
  }

  @Test
  void counts_plus_addsEachField() {
    assertThat(GraphLines.Counts.NONE.plus(new GraphLines.Counts(1, 2, 3))
        .plus(new GraphLines.Counts(10, 20, 30))).isEqualTo(new GraphLines.Counts(11, 22, 33));
  }
}
