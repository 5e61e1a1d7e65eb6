package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.testing.MiniSchemaValidator;
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
      "traceroute.schema.json", "host-location.schema.json", "edge.schema.json",
      "graph-event.schema.json", "training-pair.schema.json", "geo-path.schema.json",
      "eval-report.schema.json", "eval-target.schema.json", "geoip-lookup.schema.json",
      "pcap-report.schema.json", "history.schema.json"})
  void schema_usesOnlyCheckedKeywordsAndDeclaresDraft202012(String file) {
    assertThat(v.unsupportedKeywords(file)).isEmpty();
    assertThat(v.schema(file).get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(v.schema(file).get("$id").asText()).endsWith("/" + file);
  }

  @Test
  void schemaFolder_everySchemaIsCheckedByTheKeywordTest() throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(schemaDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
          "edge.schema.json", "eval-report.schema.json", "eval-target.schema.json",
          "geo-path.schema.json", "geoip-lookup.schema.json", "graph-event.schema.json",
          "history.schema.json", "host-location.schema.json", "pcap-report.schema.json", "ping-result.schema.json",
          "recon-latency-analysis.schema.json", "traceroute.schema.json",
          "training-pair.schema.json");
    }
  }

  @Test
  void edgeForms_overlap_soEveryAcceptedEdgeIsValidAgainstTheWholeSchema() throws Exception {
    JsonNode accepted = M.readTree("{\"src\":\"host:192.0.2.1\",\"kind\":\"INFERRED_FLOW_IN_SERVICE\","
        + "\"dst\":\"service:tcp/443\",\"rule_id\":\"r1\",\"confidence\":0.8,"
        + "\"confidence_tier\":\"high\",\"kind_method\":\"exact\"}");
    // It is a valid proposal too: a oneOf over the forms rejected every accepted edge.
    assertThat(v.validate(accepted, "edge.schema.json", "/$defs/proposed")).isEmpty();
    assertThat(v.validate(accepted, "edge.schema.json", "/$defs/accepted")).isEmpty();
    assertThat(v.validate(accepted, "edge.schema.json")).isEmpty();
    ObjectNode lowercase = (ObjectNode) accepted.deepCopy();
    lowercase.put("kind", "inferred flow");
    assertThat(v.validate(lowercase, "edge.schema.json", "/$defs/accepted"))
        .anyMatch(e -> e.contains("$.kind") && e.contains("pattern"));
  }

  @Test
  void validator_oneOfAllOfIfThenAdditionalPropertiesMaxLength() throws Exception {
    JsonNode failedPair = M.readTree("{\"input\":{},\"output\":null,\"context_node_id\":null,"
        + "\"error_reason\":\"missing_src: no src\"}");
    assertThat(v.validate(failedPair, "training-pair.schema.json"))
        .containsExactly("$: missing required field 'failure'");
    ObjectNode event = (ObjectNode) M.readTree("{\"seq\":1,\"at\":\"2026-11-26T00:00:00Z\","
        + "\"type\":\"node_removed\"}");
    assertThat(v.validate(event, "graph-event.schema.json"))
        .containsExactly("$: missing required field 'node_id'");
    event.put("node_id", "host:a");
    assertThat(v.validate(event, "graph-event.schema.json")).isEmpty();
    ObjectNode node = (ObjectNode) M.readTree("{\"node\":\"host:a\",\"kind\":\"host\","
        + "\"first_seen\":\"2026-11-26T00:00:00Z\",\"last_seen\":\"2026-11-26T00:00:00Z\","
        + "\"attributes\":{\"k\":1},\"evidence\":{\"rtt\":2}}");
    assertThat(v.validate(node, "graph-event.schema.json", "/$defs/node"))
        .anyMatch(e -> e.startsWith("$.attributes.k: expected type"))
        .anyMatch(e -> e.startsWith("$.evidence.rtt") && e.contains("maximum"));
    node.put("node", "host:" + "x".repeat(600));
    assertThat(v.validate(node, "graph-event.schema.json", "/$defs/node"))
        .anyMatch(e -> e.contains("longer than 512"));
    JsonNode both = M.readTree("{\"oneOf\":[{\"type\":\"number\"},{\"minimum\":0}]}");
    Path tmp = Files.createTempDirectory("schema");
    Files.writeString(tmp.resolve("one.schema.json"), both.toString());
    MiniSchemaValidator local = new MiniSchemaValidator(tmp);
    assertThat(local.validate(M.readTree("3"), "one.schema.json"))
        .singleElement().asString().contains("matches 2 oneOf alternatives");
    assertThat(local.validate(M.readTree("-3"), "one.schema.json")).isEmpty();
  }

  /** The schema a JSON example in the docs claims by its shape, or null when none applies. */
  private static String schemaOf(JsonNode o) {
    String type = o.path("type").asText("");
    if (type.equals("RECON_LATENCY_ANALYSIS")) {
      return "recon-latency-analysis.schema.json";
    } else if (type.equals("TRACEROUTE")) {
      return "traceroute.schema.json";
    } else if (type.equals("PING_RESULT")) {
      return "ping-result.schema.json";
    } else if (type.equals("GEO_PATH")) {
      return "geo-path.schema.json";
    } else if (o.has("seq") && o.has("at")) {
      return "graph-event.schema.json";
    } else if (o.has("input") && o.has("error_reason")) {
      return "training-pair.schema.json";
    } else if (o.has("node") && o.has("location_distribution") && !o.has("first_seen")) {
      return "host-location.schema.json";
    }
    return null;
  }

  /**
   * Every complete JSON example in README.md and docs/ (a fenced block that parses as a whole, or
   * one of its lines that does) whose shape has a schema conforms to it. Examples with "…"
   * placeholders do not parse and are passed over.
   */
  @Test
  void docExamples_conform() throws Exception {
    Path root = schemaDir().getParent().getParent();
    List<Path> pages = new java.util.ArrayList<>(List.of(root.resolve("README.md")));
    try (java.util.stream.Stream<Path> s = Files.walk(root.resolve("docs"))) {
      s.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    java.util.Map<String, Integer> checked = new java.util.TreeMap<>();
    for (Path page : pages) {
      String[] blocks = Files.readString(page).split("```");
      for (int b = 1; b < blocks.length; b += 2) {
        String body = blocks[b].substring(blocks[b].indexOf('\n') + 1);
        List<JsonNode> examples = new java.util.ArrayList<>();
        JsonNode whole = parseOrNull(body);
        if (whole != null) {
          examples.add(whole);
        } else {
          for (String line : body.split("\n")) {
            JsonNode one = line.startsWith("{") ? parseOrNull(line) : null;
            if (one != null) {
              examples.add(one);
            }
          }
        }
        for (JsonNode e : examples) {
          String schema = e.isObject() ? schemaOf(e) : null;
          if (schema != null) {
            assertThat(v.validate(e, schema)).as("%s: %s", root.relativize(page), e).isEmpty();
            checked.merge(schema, 1, Integer::sum);
          }
        }
      }
    }
    // cli-live.md's NDJSON event, guardrail.md's training pair, geo-path.md's excerpt at least.
    assertThat(checked).containsKeys("recon-latency-analysis.schema.json",
        "training-pair.schema.json", "geo-path.schema.json");
  }

  private static JsonNode parseOrNull(String text) {
    try {
      return M.reader().with(com.fasterxml.jackson.databind.DeserializationFeature
          .FAIL_ON_TRAILING_TOKENS).readTree(text);
    } catch (java.io.IOException e) {
      return null;
    }
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
  void fusionAndGraphHostDocuments_conform() throws Exception {
    io.geofusion.fusion.FusionResult r = io.geofusion.fusion.FusionEngine.create()
        .fuse(io.geofusion.fusion.FusionInput.builder("198.51.100.7").vantages(List.of(
            io.geofusion.fusion.VantageObservation.of("dallas",
                io.geofusion.geo.LatLon.of(32.78, -96.80), 4.0),
            io.geofusion.fusion.VantageObservation.of("denver",
                io.geofusion.geo.LatLon.of(39.74, -104.99), 19.0))).build());
    ObjectNode fusion = io.geofusion.json.FusionJson.toJson(r);
    assertThat(v.validate(fusion, "host-location.schema.json")).as(fusion.toString()).isEmpty();
    JsonNode graph = M.readTree(io.geofusion.json.GraphJson.toJson(
        io.geofusion.graph.EntityGraph.builder().build().upsertNode(
            io.geofusion.json.GraphJson.nodeUpdateFromJson(fusion))));
    assertThat(graph.at("/location_distribution/circle/probability").asDouble()).isEqualTo(0.9);
    assertThat(v.validate(graph, "host-location.schema.json")).as(graph.toString()).isEmpty();
  }

  @Test
  void abstainedFusionResult_conformsAndSaysSo() throws Exception {
    io.geofusion.fusion.FusionResult r = io.geofusion.fusion.FusionEngine.create()
        .fuse(io.geofusion.fusion.FusionInput.builder("198.51.100.9").build());
    assertThat(r).isInstanceOf(io.geofusion.fusion.FusionResult.Abstained.class);
    ObjectNode fusion = io.geofusion.json.FusionJson.toJson(r);
    assertThat(v.validate(fusion, "host-location.schema.json")).as(fusion.toString()).isEmpty();
    assertThat(fusion.get("abstained").asBoolean()).isTrue();
    assertThat(fusion.get("estimate").isNull()).as("no invented point at (0, 0)").isTrue();
    assertThat(fusion.at("/location_distribution/centroids").isEmpty()).isTrue();
    assertThat(fusion.at("/location_distribution/uncertainty_km").asDouble()).isEqualTo(20003.9);
    assertThat(fusion.at("/location_distribution").has("circle")).isFalse();
  }

  @Test
  void hostLocation_emptyCentroidsOutsideAnAbstention_violatesTheSchema() throws Exception {
    ObjectNode abstained = io.geofusion.json.FusionJson.toJson(io.geofusion.fusion.FusionEngine
        .create().fuse(io.geofusion.fusion.FusionInput.builder("198.51.100.9").build()));
    ObjectNode notMarked = abstained.deepCopy();
    notMarked.put("abstained", false);
    assertThat(v.validate(notMarked, "host-location.schema.json"))
        .anyMatch(e -> e.contains("matches no anyOf") && e.contains("fewer than 1 items"));
    ObjectNode unmarked = abstained.deepCopy();
    unmarked.remove("abstained");
    assertThat(v.validate(unmarked, "host-location.schema.json")).isNotEmpty();
    ObjectNode tooSure = abstained.deepCopy();
    ((ObjectNode) tooSure.get("location_distribution")).put("uncertainty_km", 850);
    assertThat(v.validate(tooSure, "host-location.schema.json")).isNotEmpty();
    ObjectNode withCircle = abstained.deepCopy();
    ((ObjectNode) withCircle.get("location_distribution")).putObject("circle").put("lat", 0)
        .put("lon", 0).put("radius_km", 20003.9);
    assertThat(v.validate(withCircle, "host-location.schema.json")).isNotEmpty();
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
