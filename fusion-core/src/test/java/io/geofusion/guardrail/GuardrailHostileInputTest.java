package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.text.TextLines;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint ids and rule firings a hostile input file may carry (issue 19). */
class GuardrailHostileInputTest {

  @ParameterizedTest
  @ValueSource(strings = {"host:1.2\u00003.4", "host:evil\u202Egpj.exe", "host:a\nb",
      "host:{\"x\":1}", "asn:4294967296", "asn:99999999999999999999"})
  void process_hostileEndpointId_isDroppedAtCanonicaliseNotRepaired(String id) {
    Guardrail g = Guardrail.builder().build();
    EdgeOutcome o = g.process(new EdgeCandidate(id, "INFERRED_HOST_IN_ORG", "org:x", "r1", 0.9,
        null, Map.of()));
    assertThat(o.accepted()).isFalse();
    assertThat(o.stage()).isEqualTo("canonicalise");
    assertThat(o.violations().get(0).reason()).isEqualTo(IdCheck.INVALID_ID);
    assertThat(g.stats().get(GuardrailCounter.REPAIR_ATTEMPTS)).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {257, 5 << 20})
  void process_hugeId_isDroppedWithoutEchoingIt(int length) {
    Guardrail g = Guardrail.builder().build();
    String id = "host:" + "a".repeat(length);
    EdgeOutcome o = g.process(new EdgeCandidate(id, "INFERRED_HOST_IN_ORG", "org:x", "r1", 0.9,
        null, Map.of()));
    assertThat(o.accepted()).isFalse();
    assertThat(o.violations().get(0).detail()).hasSizeLessThan(200);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100})
  void run_firingLongerThanTheLimit_isProcessedInChunksAndLosesNothing(int limit)
      throws Exception {
    System.setProperty("geofusion.limit.ruleFiringEdges", Integer.toString(limit));
    try {
      StringBuilder sb = new StringBuilder();
      int n = 250;
      for (int i = 0; i < n; i++) {
        sb.append("{\"src\":\"host:10.0.0.").append(i % 250).append("\",\"kind\":\"PORT_HUB\","
            + "\"dst\":\"service:tcp/").append(i).append("\",\"rule_id\":\"r\","
            + "\"context_node_id\":\"host:10.0.0.1\"}\n");
      }
      StringWriter accepted = new StringWriter();
      StringWriter rejects = new StringWriter();
      EdgeStream.Counts c = new EdgeStream(Guardrail.builder().build(), accepted, rejects,
          (line, why) -> { }).run(TextLines.of(new ByteArrayInputStream(
              sb.toString().getBytes(StandardCharsets.UTF_8)), "t"));
      assertThat(c.lines()).isEqualTo(n);
      assertThat(accepted.toString().lines().count() + rejects.toString().lines().count())
          .isEqualTo(n);
    } finally {
      System.clearProperty("geofusion.limit.ruleFiringEdges");
    }
  }
}
