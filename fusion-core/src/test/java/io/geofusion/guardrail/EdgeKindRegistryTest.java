package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.graph.NodeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeKindRegistryTest {

  @TempDir Path dir;

  @Test
  void bundled_containsEveryOriginAlias() {
    EdgeKindRegistry r = EdgeKindRegistry.bundled();
    assertThat(r.validKinds()).containsExactly("INFERRED_FLOW_IN_SERVICE", "INFERRED_HOST_IN_ORG",
        "INFERRED_HOST_OFFERS_SERVICE");
    for (String a : new String[] {"FLOW_HOST_TO_HOST", "FLOW_FROM_HOST", "SESSION_BETWEEN_HOSTS",
        "FLOW_BETWEEN_HOSTS", "FLOW_TO_HOST", "INFERRED_FLOW", "INFERRED_SESSION"}) {
      assertThat(r.aliases()).containsEntry(a, "INFERRED_FLOW_IN_SERVICE");
    }
    assertThat(r.aliases()).containsEntry("HOST_IN_ASN", "INFERRED_HOST_IN_ORG")
        .containsEntry("INFERRED_HOST_IN_ASN", "INFERRED_HOST_IN_ORG")
        .containsEntry("PORT_HUB", "INFERRED_HOST_OFFERS_SERVICE")
        .containsEntry("INFERRED_PORT_CLUSTER", "INFERRED_HOST_OFFERS_SERVICE");
    assertThat(r.isObserved("FLOW_OBSERVED_HOST")).isTrue();
    assertThat(r.isObserved("DNS_OBSERVED_NAME")).as("marker token").isTrue();
    assertThat(r.isObserved("UNOBSERVEDX")).isFalse();
    assertThat(r.spec("INFERRED_HOST_IN_ORG").orElseThrow().acceptsDst(NodeKind.ASN)).isTrue();
  }

  @Test
  void extendedWith_file_addsKindAliasAndObservedKind() throws IOException {
    Path f = dir.resolve("mine.json");
    Files.writeString(f, "{\"format\":\"geofusion-edge-kinds\",\"version\":1,"
        + "\"kinds\":[{\"kind\":\"INFERRED_HOST_BEHIND_NAT\",\"src\":[\"host\"],\"dst\":[\"host\"]}],"
        + "\"aliases\":{\"behind-nat\":\"INFERRED_HOST_BEHIND_NAT\"},"
        + "\"observed_kinds\":[\"DNS_ANSWER\"],\"similarity_threshold\":0.8}");
    EdgeKindRegistry r = EdgeKindRegistry.bundled().extendedWith(f);
    assertThat(r.validKinds()).contains("INFERRED_HOST_BEHIND_NAT", "INFERRED_HOST_IN_ORG");
    assertThat(r.aliases()).containsEntry("BEHIND_NAT", "INFERRED_HOST_BEHIND_NAT")
        .containsKey("PORT_HUB");
    assertThat(r.isObserved("DNS_ANSWER")).isTrue();
    assertThat(r.similarityThreshold()).isEqualTo(0.8);
    assertThat(EdgeKindRegistry.load(f).validKinds()).containsExactly("INFERRED_HOST_BEHIND_NAT");
  }

  @Test
  void extendedWith_badEntries_failNamingFileAndProblem() throws IOException {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"aliases\":{\"X\":\"NOT_A_KIND\"}}");
    assertThatThrownBy(() -> EdgeKindRegistry.bundled().extendedWith(f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(f.toString())
        .hasMessageContaining("NOT_A_KIND");
    Files.writeString(f, "{\"kinds\":[{\"kind\":\"HOST_OBSERVED_THING\"}]}");
    assertThatThrownBy(() -> EdgeKindRegistry.bundled().extendedWith(f))
        .hasMessageContaining("observed-zone marker");
    Files.writeString(f, "{\"kinds\":[{\"kind\":\"lower_case\"}]}");
    assertThatThrownBy(() -> EdgeKindRegistry.bundled().extendedWith(f))
        .hasMessageContaining("UPPER_SNAKE_CASE");
    Files.writeString(f, "{not json");
    assertThatThrownBy(() -> EdgeKindRegistry.bundled().extendedWith(f))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void normalise_separatorsAndCase() {
    assertThat(EdgeKindRegistry.normalise(" flow-to host ")).isEqualTo("FLOW_TO_HOST");
    assertThat(EdgeKindRegistry.normalise("Flow__To--Host!!")).isEqualTo("FLOW_TO_HOST");
    assertThat(EdgeKindRegistry.normalise("???")).isEmpty();
    assertThat(EdgeKindRegistry.normalise(null)).isEmpty();
  }

  @Test
  void extendedWith_json_keepsBundledWhenEmpty() {
    EdgeKindRegistry base = EdgeKindRegistry.bundled();
    EdgeKindRegistry same = base.extendedWith(new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode());
    assertThat(same.aliases()).isEqualTo(base.aliases());
    assertThat(same.validKinds()).isEqualTo(base.validKinds());
    assertThat(Map.copyOf(same.aliases())).hasSize(11);
  }
}
