package io.geofusion.formats.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Produced JSON conforms to the published schemas in docs/schemas/. */
class SchemaConformanceTest {

  private static final ObjectMapper M = new ObjectMapper();

  static Path schemaDir() {
    // Tests run with fusion-core as working directory; the schemas live at the repository root.
    Path p = Path.of("..", "docs", "schemas");
    assertThat(Files.isDirectory(p)).as("docs/schemas next to fusion-core").isTrue();
    return p;
  }

  private final MiniSchemaValidator v = new MiniSchemaValidator(schemaDir());

  private static JsonNode tree(Object value) throws Exception {
    return M.readTree(ProductJson.toJson(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"recon-latency-analysis.schema.json", "ping-result.schema.json",
      "traceroute.schema.json", "host-location.schema.json"})
  void schema_usesOnlyCheckedKeywordsAndDeclaresDraft202012(String file) {
    assertThat(v.unsupportedKeywords(file)).isEmpty();
    assertThat(v.schema(file).get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(v.schema(file).get("$id").asText()).endsWith("/" + file);
  }

  @Test
  void event_conforms() throws Exception {
    assertThat(v.validate(tree(ProductJsonRoundTripTest.designEvent()),
        "recon-latency-analysis.schema.json")).isEmpty();
  }

  @Test
  void designExamples_conform() throws Exception {
    JsonNode event = M.readTree("{\"type\":\"RECON_LATENCY_ANALYSIS\",\"entity\":\"212.102.40.218\","
        + "\"metrics\":{\"min_rtt\":28.6,\"median_rtt\":35.0,\"jitter\":12.3},"
        + "\"distance\":{\"estimate_km\":1800,\"min_km\":0,\"max_km\":2857,\"confidence\":0.72},"
        + "\"anomalies\":[\"hop_latency_spike\",\"private_backbone_segment\"]}");
    assertThat(v.validate(event, "recon-latency-analysis.schema.json")).isEmpty();
    JsonNode host = M.readTree("{\"node\":\"host:212.102.40.218\",\"location_distribution\":"
        + "{\"type\":\"gaussian_mixture\",\"centroids\":[{\"lat\":32.78,\"lon\":-96.80,\"weight\":0.6},"
        + "{\"lat\":29.42,\"lon\":-98.49,\"weight\":0.4}],\"uncertainty_km\":850},"
        + "\"evidence\":{\"rf\":0.7,\"rtt\":0.8,\"semantic\":0.6}}");
    assertThat(v.validate(host, "host-location.schema.json")).isEmpty();
  }

  @Test
  void traceroute_conforms() throws Exception {
    assertThat(v.validate(tree(ProductJsonRoundTripTest.trace()), "traceroute.schema.json"))
        .isEmpty();
  }

  @Test
  void hostLocation_conforms() throws Exception {
    assertThat(v.validate(tree(ProductJsonRoundTripTest.host()), "host-location.schema.json"))
        .isEmpty();
  }

  @Test
  void fusionAndGraphHostDocuments_conform() throws Exception {
    io.geofusion.fusion.FusionResult r = io.geofusion.fusion.FusionEngine.builder().build()
        .fuse(io.geofusion.fusion.FusionInput.builder("198.51.100.7").vantages(List.of(
            io.geofusion.fusion.VantageObservation.of("dallas",
                io.geofusion.geo.LatLon.of(32.78, -96.80), 4.0),
            io.geofusion.fusion.VantageObservation.of("denver",
                io.geofusion.geo.LatLon.of(39.74, -104.99), 19.0))).build());
    ObjectNode fusion = io.geofusion.fusion.FusionJson.toJson(r, M);
    assertThat(v.validate(fusion, "host-location.schema.json")).as(fusion.toString()).isEmpty();
    JsonNode graph = M.readTree(io.geofusion.graph.GraphJson.toJson(
        io.geofusion.graph.EntityGraph.builder().build().upsertNode(
            io.geofusion.graph.GraphJson.nodeUpdateFromJson(fusion))));
    assertThat(graph.at("/location_distribution/circle/probability").asDouble()).isEqualTo(0.9);
    assertThat(v.validate(graph, "host-location.schema.json")).as(graph.toString()).isEmpty();
  }

  @Test
  void validator_reportsMissingRequiredAndWrongValues() throws Exception {
    ObjectNode e = (ObjectNode) tree(ProductJsonRoundTripTest.designEvent());
    e.remove("anomalies");
    ((ObjectNode) e.get("metrics")).put("min_rtt", -1);
    e.put("type", "OTHER");
    List<String> errors = v.validate(e, "recon-latency-analysis.schema.json");
    assertThat(errors).anyMatch(s -> s.contains("missing required field 'anomalies'"))
        .anyMatch(s -> s.contains("metrics.min_rtt") && s.contains("minimum"))
        .anyMatch(s -> s.contains("$.type"));
    ObjectNode t = (ObjectNode) tree(ProductJsonRoundTripTest.trace());
    ((ObjectNode) t.get("hops").get(0)).remove("delta_km");
    assertThat(v.validate(t, "traceroute.schema.json"))
        .containsExactly("$.hops[0]: missing required field 'delta_km'");
  }
}
