package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.formats.json.Centroid;
import io.geofusion.formats.json.ConfidenceCircle;
import io.geofusion.formats.json.Evidence;
import io.geofusion.formats.json.LocationDistribution;
import io.geofusion.formats.json.ProductJson;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionJson;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One fused host written by every writer of the DESIGN §5 host-location shape: the fields they
 * share must carry the same names (and the same values, up to each writer's rounding).
 *
 * <p>Writers: {@code FusionJson.toJson} (CLI {@code analyze}/{@code triangulate --json}), the
 * graph's {@code GraphJson} for a node loaded from that document ({@code geofusion graph load}),
 * and {@code formats.json.ProductJson}. The node the capture path stores
 * ({@code CaptureFusion.toHostLocation}) is checked against the loaded one in fusion-pcap's
 * {@code CaptureFusionGraphNodeTest}, since fusion-core cannot see the pcap module. The GeoJSON writers ({@code FusionJson.toGeoJson},
 * {@code EntityGraph.writeHostsGeoJson}) are compared on their circle properties.
 */
class HostLocationWritersTest {

  private static final ObjectMapper M = new ObjectMapper();

  /** DESIGN §5's fields plus the circle every writer shares (DESIGN is silent on the circle). */
  private static final Set<String> SHARED = Set.of("node", "location_distribution.type",
      "location_distribution.centroids[].lat", "location_distribution.centroids[].lon",
      "location_distribution.centroids[].weight", "location_distribution.uncertainty_km",
      "location_distribution.circle.lat", "location_distribution.circle.lon",
      "location_distribution.circle.radius_km", "location_distribution.circle.probability",
      "evidence.rtt", "evidence.semantic");

  private static FusionResult result;
  private static Map<String, JsonNode> docs;

  @BeforeAll
  static void writeOneHostEveryWay() throws Exception {
    List<VantageObservation> vs = List.of(
        new VantageObservation("dallas", LatLon.of(32.78, -96.80), 4.0, 0.5),
        new VantageObservation("houston", LatLon.of(29.76, -95.37), 7.0, 0.5),
        new VantageObservation("denver", LatLon.of(39.74, -104.99), 19.0, 0.5));
    result = FusionEngine.builder().build()
        .fuse(FusionInput.builder("198.51.100.7").vantages(vs).build());
    assertThat(result.abstained()).isFalse();

    docs = new LinkedHashMap<>();
    JsonNode fusion = FusionJson.toJson(result, M);
    docs.put("FusionJson", fusion);

    EntityGraph g = EntityGraph.builder().clock(new TestClock()).build();
    Node loaded = g.upsertNode(GraphJson.nodeUpdateFromJson(fusion));
    docs.put("GraphJson (graph load of FusionJson)", M.readTree(GraphJson.toJson(loaded)));

    List<Centroid> cs = new ArrayList<>();
    for (MixtureComponent c : result.distribution().components()) {
      cs.add(Centroid.of(c.mean().lat(), c.mean().lon(), c.weight()));
    }
    io.geofusion.formats.json.HostLocation product = new io.geofusion.formats.json.HostLocation(
        "host:198.51.100.7",
        new LocationDistribution(LocationDistribution.GAUSSIAN_MIXTURE, cs,
            result.distribution().uncertaintyKm(),
            new ConfidenceCircle(result.circle90().centre().lat(),
                result.circle90().centre().lon(), result.circle90().radiusKm(),
                result.circle90().probability())),
        new Evidence(result.evidence().get("rf"), result.evidence().get("rtt"),
            result.evidence().get("semantic"), result.evidence().get("geoip")));
    docs.put("ProductJson", M.readTree(ProductJson.toJson(product)));
  }

  @Test
  void everyWriter_sharedFields_haveTheSameNames() {
    for (Map.Entry<String, JsonNode> d : docs.entrySet()) {
      assertThat(paths(d.getValue())).as(d.getKey()).containsAll(SHARED)
          .noneMatch(p -> p.endsWith(".mass"));
      assertThat(names(d.getValue().at("/location_distribution/circle"))).as(d.getKey())
          .containsExactlyInAnyOrder("lat", "lon", "radius_km", "probability");
    }
  }

  @Test
  void everyWriter_sharedFields_haveTheSameValues() {
    JsonNode ref = docs.get("FusionJson");
    for (Map.Entry<String, JsonNode> d : docs.entrySet()) {
      JsonNode j = d.getValue();
      String who = d.getKey();
      assertThat(j.get("node").asText()).as(who).isEqualTo("host:198.51.100.7");
      assertThat(j.at("/location_distribution/type").asText()).as(who)
          .isEqualTo("gaussian_mixture");
      JsonNode cs = j.at("/location_distribution/centroids");
      assertThat(cs).as(who).hasSize(result.distribution().components().size());
      for (int i = 0; i < cs.size(); i++) {
        for (String f : List.of("lat", "lon", "weight")) {
          assertThat(cs.get(i).get(f).asDouble()).as(who + " centroid " + i + " " + f)
              .isCloseTo(ref.at("/location_distribution/centroids/" + i + "/" + f).asDouble(),
                  within(1e-3));
        }
      }
      for (String f : List.of("/location_distribution/uncertainty_km",
          "/location_distribution/circle/radius_km")) {
        assertThat(j.at(f).asDouble()).as(who + f).isCloseTo(ref.at(f).asDouble(), within(0.1));
      }
      assertThat(j.at("/location_distribution/circle/probability").asDouble()).as(who)
          .isEqualTo(0.9);
      assertThat(j.at("/evidence/rtt").asDouble()).as(who)
          .isCloseTo(ref.at("/evidence/rtt").asDouble(), within(1e-3));
    }
  }

  @Test
  void geoJsonWriters_circleProperties_haveTheSameNames() throws Exception {
    JsonNode fusion = FusionJson.toGeoJson(result, List.of(),
        FusionEngine.builder().build().rttModel(), M);
    EntityGraph g = EntityGraph.builder().clock(new TestClock()).build();
    g.upsertNode(GraphJson.nodeUpdateFromJson(docs.get("FusionJson")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    g.writeHostsGeoJson(out, 32);
    JsonNode graph = M.readTree(out.toByteArray());
    JsonNode fusionCircle = circleFeature(fusion, "kind").get("properties");
    JsonNode graphCircle = circleFeature(graph, "feature").get("properties");
    for (String f : List.of("radius_km", "probability")) {
      assertThat(graphCircle.has(f)).as("graph export has " + f).isTrue();
      assertThat(fusionCircle.has(f)).as("fusion GeoJSON has " + f).isTrue();
    }
    assertThat(graphCircle.has("mass")).isFalse();
    assertThat(graphCircle.get("probability").asDouble()).isEqualTo(0.9);
  }

  @Test
  void graphReader_oldSnapshotName_mass_stillReads() {
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

  private static JsonNode circleFeature(JsonNode fc, String kindField) {
    for (JsonNode f : fc.get("features")) {
      if (f.at("/properties/" + kindField).asText().equals("confidence_circle")
          && f.at("/properties/probability").asDouble() >= 0.9) {
        return f;
      }
    }
    throw new AssertionError("no 90 % confidence_circle feature in " + fc);
  }

  /** Dotted paths of every value, arrays collapsed to {@code []}. */
  private static Set<String> paths(JsonNode j) {
    Set<String> out = new TreeSet<>();
    collect(j, "", out);
    return out;
  }

  private static void collect(JsonNode j, String at, Set<String> out) {
    if (j.isObject()) {
      for (Map.Entry<String, JsonNode> e : j.properties()) {
        if (!e.getValue().isNull()) {
          collect(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey(), out);
        }
      }
    } else if (j.isArray()) {
      for (JsonNode e : j) {
        collect(e, at + "[]", out);
      }
    } else {
      out.add(at);
    }
  }

  private static Set<String> names(JsonNode j) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : j.properties()) {
      out.add(e.getKey());
    }
    return out;
  }
}
