package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamEnricherTest {

  private final ObjectMapper m = new ObjectMapper();
  private final StreamEnricher e =
      new StreamEnricher(new KindCanonicalizer(EdgeKindRegistry.bundled()));

  private JsonNode json(String s) throws Exception {
    return m.readTree(s);
  }

  @Test
  void enrich_alias_rewritesKindKeepsOriginalAndTags() throws Exception {
    ObjectNode out = e.enrich(json("{\"src\":\"host:a\",\"kind\":\"session_between_hosts\","
        + "\"dst\":\"host:b\",\"confidence\":0.85}")).orElseThrow();
    assertThat(out.get("kind").asText()).isEqualTo("INFERRED_FLOW_IN_SERVICE");
    assertThat(out.get("original_kind").asText()).isEqualTo("session_between_hosts");
    assertThat(out.get("kind_method").asText()).isEqualTo("alias");
    assertThat(out.get("confidence_tier").asText()).isEqualTo("high");
  }

  @Test
  void enrich_observedKind_isDropped_unknownPassesTaggedLow() throws Exception {
    Optional<ObjectNode> dropped = e.enrich(json("{\"kind\":\"FLOW_OBSERVED_HOST\"}"));
    assertThat(dropped).isEmpty();
    ObjectNode unknown = e.enrich(json("{\"kind\":\"XQZ\",\"confidence\":0.99}")).orElseThrow();
    assertThat(unknown.get("kind").asText()).isEqualTo("XQZ");
    assertThat(unknown.get("confidence_tier").asText()).isEqualTo("low");
    ObjectNode noKind = e.enrich(json("{\"type\":\"RECON_LATENCY_ANALYSIS\"}")).orElseThrow();
    assertThat(noKind.get("confidence_tier").asText()).isEqualTo("medium");
    assertThat(e.stats()).isEqualTo(new StreamEnricher.Stats(3, 0, 1, 1));
  }

  @Test
  void enrich_similarKind_scalesConfidenceForTier() throws Exception {
    ObjectNode out = e.enrich(json("{\"kind\":\"FLOW_FROM_HOSTS\",\"confidence\":0.8}"))
        .orElseThrow();
    assertThat(out.get("kind_method").asText()).isEqualTo("similar");
    assertThat(out.get("confidence_tier").asText()).isEqualTo("medium");
  }
}
