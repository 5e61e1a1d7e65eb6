package io.geofusion.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenScenarioTest {

  static Stream<Path> scenarios() throws IOException {
    return Scenarios.files("").stream();
  }

  static Stream<Path> failures() throws IOException {
    return Scenarios.files("failure").stream();
  }

  @Test
  void scenarioFolders_areNotEmpty() throws IOException {
    assertThat(Scenarios.files("")).hasSizeGreaterThanOrEqualTo(10);
    assertThat(Scenarios.files("failure")).hasSizeGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void analyze_goldenScenario_matchesExpectedFlags(Path file) throws IOException {
    JsonNode s = Scenarios.read(file);
    String name = file.getFileName().toString();
    PathAnalysis a = Scenarios.analyzer(s).analyze(Scenarios.trace(s));
    JsonNode expect = s.get("expect");

    assertThat(a.destinationReached()).as(name + " destination_reached")
        .isEqualTo(expect.get("destination_reached").asBoolean());
    assertThat(a.eventAnomalies()).as(name + " event_anomalies")
        .containsExactlyElementsOf(texts(expect.get("event_anomalies")));
    JsonNode hops = expect.get("hops");
    assertThat(a.hops()).as(name + " hop count").hasSize(hops.size());
    for (int i = 0; i < hops.size(); i++) {
      JsonNode e = hops.get(i);
      HopAnalysis h = a.hops().get(i);
      String where = name + " TTL " + h.ttl();
      assertThat(h.ttl()).as(where).isEqualTo(e.get("ttl").asInt());
      assertThat(new TreeSet<>(h.flagNames())).as(where + " flags")
          .isEqualTo(new TreeSet<>(texts(e.get("flags"))));
      if (e.has("clean")) {
        assertThat(h.clean()).as(where + " clean").isEqualTo(e.get("clean").asBoolean());
      }
      if (e.has("address")) {
        assertThat(h.address()).as(where + " address").isEqualTo(e.get("address").asText());
      }
      if (e.has("responders")) {
        assertThat(h.responders()).as(where + " responders")
            .containsExactlyElementsOf(texts(e.get("responders")));
      }
      if (e.has("delta_ms")) {
        assertThat(h.deltaMs()).as(where + " delta_ms").isNotNull();
        assertThat(h.deltaMs()).as(where + " delta_ms")
            .isCloseTo(e.get("delta_ms").asDouble(), within(1e-9));
      }
      if (e.has("delta_km")) {
        assertThat(h.deltaKm()).as(where + " delta_km").isNotNull();
        assertThat(h.deltaKm()).as(where + " delta_km")
            .isCloseTo(e.get("delta_km").asDouble(), within(0.01));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void trace_knownBadScenario_isRejectedWithClearMessage(Path file) throws IOException {
    JsonNode s = Scenarios.read(file);
    assertThatThrownBy(() -> HopAnalyzer.defaults().analyze(Scenarios.trace(s)))
        .as(file.getFileName().toString())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(s.get("expect").get("error_contains").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
