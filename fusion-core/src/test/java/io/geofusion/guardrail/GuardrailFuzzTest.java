package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geofusion.json.GraphJson;

/**
 * Any text line fed to the edge parsers fails only with {@link IllegalArgumentException}, and the
 * guardrail never throws on a parsed candidate (every outcome is accepted or dropped with a
 * reason). In a normal test run Jazzer replays its regression inputs; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class GuardrailFuzzTest {

  private static final Guardrail GUARDRAIL = Guardrail.builder().build();

  @FuzzTest(maxDuration = "60s")
  void edgeLine(String line) {
    try {
      GraphJson.edgeUpdateFromJson(GraphJson.parseTree(line));
    } catch (IllegalArgumentException expected) {
      // documented
    }
    EdgeCandidate c;
    try {
      c = EdgeCandidate.fromJson(GraphJson.parseTree(line));
    } catch (IllegalArgumentException expected) {
      return;
    }
    EdgeOutcome o = GUARDRAIL.process(c);
    assertThat(o.accepted() || o.reason() != null).isTrue();
  }
}
