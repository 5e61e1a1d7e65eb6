package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.GraphEvent;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeKind;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.testing.MiniSchemaValidator;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphJsonTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void events_roundTripThroughJsonAndConformToTheSchema() throws Exception {
    EntityGraph g = EntityGraph.builder().clock(CLOCK).build();
    g.upsertNode(NodeUpdate.host("host:a", HostLocation.of(new LocationDistribution(List.of(
        MixtureComponent.centroid(LatLon.of(1, 2), 0.25),
        MixtureComponent.centroid(LatLon.of(3, 4), 0.75)), 12.5),
        new ConfidenceCircle(LatLon.of(2, 3), 99, 0.9)), Map.of("rtt", 0.4)));
    g.upsertEdge(new EdgeUpdate(new EdgeKey("host:a", "K", "org:o"), 0.3, 2, Map.of("k", "v")));
    g.removeEdge(new EdgeKey("host:a", "K", "org:o"));
    g.removeNode("org:o");
    List<GraphEvent> events = new ArrayList<>();
    g.replay(1, events::add);
    MiniSchemaValidator schemas =
        new MiniSchemaValidator(java.nio.file.Path.of("..", "docs",
            "schemas"));
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsOnly("NodeUpserted",
        "EdgeUpserted", "EdgeRemoved", "NodeRemoved");
    for (GraphEvent e : events) {
      String json = GraphJson.toJson(e);
      assertThat(GraphJson.eventFromJson(GraphJson.parseTree(json))).as(json).isEqualTo(e);
      JsonNode tree = M.readTree(json);
      assertThat(schemas.validate(tree, "graph-event.schema.json")).as(json).isEmpty();
      if (tree.get("type").asText().equals("edge_upserted")) {
        assertThat(schemas.validate(tree.get("edge"), "edge.schema.json", "/$defs/stored"))
            .as(json).isEmpty();
      }
    }
  }

  @Test
  void hostResult_designShape_parsesAsNodeUpdate() {
    NodeUpdate u = GraphJson.nodeUpdateFromJson(GraphJson.parseTree(
        "{\"node\":\"host:212.102.40.218\",\"location_distribution\":{\"type\":\"gaussian_mixture\","
            + "\"centroids\":[{\"lat\":32.78,\"lon\":-96.80,\"weight\":0.6},"
            + "{\"lat\":29.42,\"lon\":-98.49,\"weight\":0.4}],\"uncertainty_km\":850},"
            + "\"evidence\":{\"rf\":0.7,\"rtt\":0.8,\"semantic\":0.6}}"));
    assertThat(u.kind()).isEqualTo(NodeKind.HOST);
    assertThat(u.location().distribution().components()).hasSize(2);
    assertThat(u.location().uncertaintyKm()).isEqualTo(850);
    assertThat(u.location().circle()).isNull();
    assertThat(u.evidence()).containsEntry("rtt", 0.8).containsEntry("semantic", 0.6);
  }

  @Test
  void hostResult_fromOtherWriters_readsAndConformsToTheSchema() throws Exception {
    // Shapes a host-location document may have: weights rounded to 4 decimals (sum 0.9999), no
    // rf layer, richer fields, an isotropic sigma_km, the circle's share named "mass".
    String json = "{\"node\":\"host:192.0.2.1\",\"estimate\":{\"lat\":1,\"lon\":2},"
        + "\"location_distribution\":{\"type\":\"gaussian_mixture\",\"centroids\":["
        + "{\"lat\":1.0,\"lon\":2.0,\"weight\":0.3333,\"sigma_major_km\":50.0},"
        + "{\"lat\":1.5,\"lon\":2.5,\"weight\":0.3333,\"sigma_km\":120.0},"
        + "{\"lat\":2.0,\"lon\":3.0,\"weight\":0.3333}],"
        + "\"uncertainty_km\":120.5,\"circle\":{\"lat\":1.5,\"lon\":2.5,\"radius_km\":200,"
        + "\"mass\":0.9}},\"evidence\":{\"rtt\":0.8,\"semantic\":0.5,\"geoip\":0.4}}";
    MiniSchemaValidator schemas =
        new MiniSchemaValidator(java.nio.file.Path.of("..", "docs",
            "schemas"));
    assertThat(schemas.validate(M.readTree(json), "host-location.schema.json")).isEmpty();
    NodeUpdate u = GraphJson.nodeUpdateFromJson(GraphJson.parseTree(json));
    List<MixtureComponent> cs = u.location().distribution().components();
    assertThat(cs).hasSize(3);
    assertThat(cs.get(0).hasCovariance()).as("sigma_major_km alone is no covariance").isFalse();
    assertThat(cs.get(1).sigmaMajorKm()).isEqualTo(120.0);
    assertThat(cs.get(1).sigmaMinorKm()).isEqualTo(120.0);
    assertThat(u.location().circle().probability()).isEqualTo(0.9);
    assertThat(u.evidence()).doesNotContainKey("rf").containsEntry("geoip", 0.4);
    Node n = EntityGraph.builder().build().upsertNode(u);
    assertThat(schemas.validate(M.readTree(GraphJson.toJson(n)), "host-location.schema.json"))
        .isEmpty();
  }

  @Test
  void nodeLine_ofALoadedFusionDocument_repeatsItsLocationAndEvidence() throws Exception {
    JsonNode doc = FusionJson.toJson(texasResult());
    Node n = EntityGraph.builder().clock(CLOCK).build()
        .upsertNode(GraphJson.nodeUpdateFromJson(doc));
    JsonNode line = M.readTree(GraphJson.toJson(n));
    assertThat(line.get("node")).isEqualTo(doc.get("node"));
    for (String f : List.of("type", "centroids", "uncertainty_km", "circle")) {
      assertThat(line.at("/location_distribution/" + f)).as(f)
          .isEqualTo(doc.at("/location_distribution/" + f));
    }
    assertThat(line.at("/location_distribution/circle/probability").asDouble()).isEqualTo(0.9);
    assertThat(line.get("evidence")).isEqualTo(doc.get("evidence"));
    assertThat(GraphJson.toJson(n)).doesNotContain("\"mass\"");
  }

  @Test
  void nodeLine_oldSnapshotName_mass_stillReads() {
    JsonNode old = GraphJson.parseTree("{\"node\":\"host:192.0.2.9\",\"location_distribution\":"
        + "{\"centroids\":[{\"lat\":52.37,\"lon\":4.9,\"weight\":1}],\"uncertainty_km\":50,"
        + "\"circle\":{\"lat\":52.37,\"lon\":4.9,\"radius_km\":80,\"mass\":0.5}},"
        + "\"kind\":\"host\",\"first_seen\":\"2026-11-25T00:00:00Z\","
        + "\"last_seen\":\"2026-11-25T00:00:00Z\"}");
    Node n = GraphJson.nodeFromJson(old);
    assertThat(n.location().circle().probability()).isEqualTo(0.5);
    assertThat(GraphJson.toJson(n)).contains("\"probability\":0.5").doesNotContain("mass");
    // Both present: the current name wins.
    JsonNode both = GraphJson.parseTree("{\"node\":\"host:192.0.2.9\",\"location_distribution\":"
        + "{\"centroids\":[{\"lat\":52.37,\"lon\":4.9,\"weight\":1}],\"uncertainty_km\":50,"
        + "\"circle\":{\"lat\":52.37,\"lon\":4.9,\"radius_km\":80,\"mass\":0.5,"
        + "\"probability\":0.9}}}");
    assertThat(GraphJson.nodeUpdateFromJson(both).location().circle().probability())
        .isEqualTo(0.9);
  }

  @Test
  void hostResult_weightsNotSummingToOne_areRejected() {
    assertThatThrownBy(() -> GraphJson.nodeUpdateFromJson(GraphJson.parseTree(
        "{\"node\":\"host:212.102.40.218\",\"location_distribution\":{\"centroids\":["
            + "{\"lat\":32.78,\"lon\":-96.80,\"weight\":0.9},"
            + "{\"lat\":29.42,\"lon\":-98.49,\"weight\":0.4}],\"uncertainty_km\":850}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
  }

  @Test
  void hostResult_abstainedWithoutCentroids_isAHostWithoutALocation() {
    NodeUpdate u = GraphJson.nodeUpdateFromJson(GraphJson.parseTree(
        "{\"node\":\"host:198.51.100.9\",\"estimate\":null,\"location_distribution\":"
            + "{\"type\":\"gaussian_mixture\",\"centroids\":[],\"uncertainty_km\":20003.9},"
            + "\"evidence\":{\"semantic\":0.0},\"abstained\":true}"));
    assertThat(u.kind()).isEqualTo(NodeKind.HOST);
    assertThat(u.location()).isNull();
    assertThat(u.evidence()).containsEntry("semantic", 0.0);
    // A location stored earlier survives an abstention (no evidence against it).
    EntityGraph g = EntityGraph.builder().build();
    g.upsertNode(NodeUpdate.host("host:198.51.100.9", HostLocation.point(LatLon.of(1, 2), 30),
        Map.of()));
    g.upsertNode(u);
    assertThat(g.node("host:198.51.100.9").orElseThrow().location().bestGuess())
        .isEqualTo(LatLon.of(1, 2));
  }

  @Test
  void hostResult_emptyCentroidsNotAbstained_isRejectedWithTheFix() {
    assertThatThrownBy(() -> GraphJson.nodeUpdateFromJson(GraphJson.parseTree(
        "{\"node\":\"host:a\",\"location_distribution\":{\"centroids\":[],"
            + "\"uncertainty_km\":1}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("centroids is empty").hasMessageContaining("\"abstained\": true");
  }

  @Test
  void edgeUpdate_guardrailOutput_keepsProvenanceAsAttributes() {
    EdgeUpdate u = GraphJson.edgeUpdateFromJson(GraphJson.parseTree(
        "{\"src\":\"host:a\",\"kind\":\"INFERRED_HOST_IN_ORG\",\"dst\":\"asn:1\","
            + "\"rule_id\":\"r1\",\"confidence\":0.4,\"confidence_tier\":\"low\","
            + "\"original_kind\":\"HOST_IN_ASN\",\"kind_method\":\"alias\","
            + "\"healed\":[\"dst_prefixed\"],\"attributes\":{\"port\":443}}"));
    assertThat(u.confidence()).isEqualTo(0.4);
    assertThat(u.attributes()).containsEntry("rule_id", "r1").containsEntry("port", "443")
        .containsEntry("confidence_tier", "low").containsEntry("original_kind", "HOST_IN_ASN")
        .containsEntry("kind_method", "alias").doesNotContainKey("healed");
  }

  @Test
  void parse_badInput_namesTheField() {
    assertThatThrownBy(() -> GraphJson.parseTree("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> GraphJson.parseTree("{x")).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> GraphJson.edgeUpdateFromJson(GraphJson.parseTree(
        "{\"src\":\"host:a\",\"kind\":\"K\",\"dst\":\"host:b\",\"confidence\":\"high\"}")))
        .hasMessageContaining("'confidence' must be a number");
    assertThatThrownBy(() -> GraphJson.nodeUpdateFromJson(GraphJson.parseTree(
        "{\"node\":\"host:a\",\"location_distribution\":{\"centroids\":[{\"lat\":95,\"lon\":0,"
            + "\"weight\":1}],\"uncertainty_km\":1}}"))).hasMessageContaining("latitude");
    assertThatThrownBy(() -> GraphJson.eventFromJson(GraphJson.parseTree(
        "{\"seq\":1,\"at\":\"yesterday\",\"type\":\"node_removed\",\"node_id\":\"x\"}")))
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void geoJson_hostAndFusionCircles_nameRadiusAndProbabilityAlike() throws Exception {
    FusionResult r = texasResult();
    JsonNode fusion = FusionJson.toGeoJson(r, List.of(),
        FusionEngine.create().rttModel());
    EntityGraph g = EntityGraph.builder().clock(CLOCK).build();
    g.upsertNode(GraphJson.nodeUpdateFromJson(FusionJson.toJson(r)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HostsGeoJson.write(out, g.hosts(), 32);
    JsonNode graph = M.readTree(out.toByteArray());
    JsonNode fusionCircle = circleFeature(fusion, "kind").get("properties");
    JsonNode graphCircle = circleFeature(graph, "feature").get("properties");
    for (String f : List.of("radius_km", "probability")) {
      assertThat(graphCircle.get(f)).as(f).isEqualTo(fusionCircle.get(f));
    }
    assertThat(graphCircle.has("mass")).isFalse();
  }

  private static JsonNode circleFeature(JsonNode fc, String kindField) {
    for (JsonNode f : fc.get("features")) {
      if (f.at("/properties/" + kindField).asText().equals("confidence_circle")
          && f.at("/properties/probability").asDouble() >= 0.9) {
        return f;
      }
    }
    throw new AssertionError("no 90 % confidence_circle feature in " + fc);
  }

  /** Three Texan vantages: a located result with a 90 % circle. */
  private static FusionResult texasResult() {
    FusionResult r = FusionEngine.create().fuse(FusionInput.builder("198.51.100.7")
        .vantages(List.of(
            new VantageObservation("dallas", LatLon.of(32.78, -96.80), 4.0, 0.5),
            new VantageObservation("houston", LatLon.of(29.76, -95.37), 7.0, 0.5),
            new VantageObservation("denver", LatLon.of(39.74, -104.99), 19.0, 0.5))).build());
    assertThat(r).isInstanceOf(FusionResult.Located.class);
    return r;
  }

  @Test
  void geoJson_pointsLonLatAndCounterClockwiseClosedRing() throws Exception {
    EntityGraph g = EntityGraph.builder()
        .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build();
    g.upsertNode(NodeUpdate.host("host:ams", HostLocation.of(new LocationDistribution(List.of(
        MixtureComponent.centroid(LatLon.of(52.37, 4.90), 1)), 50),
        new ConfidenceCircle(LatLon.of(52.37, 4.90), 100, 0.9)), Map.of("rtt", 0.9)));
    g.upsertNode(NodeUpdate.host("host:fiji", HostLocation.of(new LocationDistribution(List.of(
        MixtureComponent.centroid(LatLon.of(-17.7, 179.9), 1)), 50),
        new ConfidenceCircle(LatLon.of(-17.7, 179.9), 300, 0.9)), Map.of()));
    g.upsertNode(NodeUpdate.of("host:unlocated"));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    HostsGeoJson.write(b, g.hosts(), 64);
    JsonNode fc = M.readTree(b.toByteArray());
    JsonNode f = fc.get("features");
    assertThat(f).hasSize(4); // ams point + ring, fiji point + ring split at the antimeridian
    assertThat(f.get(0).get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(4.90);
    assertThat(f.get(0).get("geometry").get("coordinates").get(1).asDouble()).isEqualTo(52.37);
    JsonNode ring = f.get(1).get("geometry").get("coordinates").get(0);
    assertThat(ring).hasSize(65);
    assertThat(ring.get(0)).isEqualTo(ring.get(64));
    double area2 = 0; // shoelace: positive = counter-clockwise (RFC 7946 §3.1.6)
    for (int i = 0; i < 64; i++) {
      area2 += ring.get(i).get(0).asDouble() * ring.get(i + 1).get(1).asDouble()
          - ring.get(i + 1).get(0).asDouble() * ring.get(i).get(1).asDouble();
    }
    assertThat(area2).isPositive();
    assertThat(f.get(2).get("properties").has("ring_omitted")).isFalse();
    JsonNode fiji = f.get(3).get("geometry");
    assertThat(fiji.get("type").asText()).isEqualTo("MultiPolygon");
    assertThat(io.geofusion.geo.GeoJsonRfc7946Validator.validate(fc)).isEmpty();
    assertThatThrownBy(() -> HostsGeoJson.write(new ByteArrayOutputStream(), g.hosts(), 3))
        .hasMessageContaining(">= 8");
  }
}
