package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.json.FusionJson;
import io.geofusion.json.GraphJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graph node the capture path stores for a fused host ({@link CaptureFusion#toHostLocation})
 * carries the same location fields as the node {@code geofusion graph load} builds from the
 * fusion document (one location writer, {@code json.LocationJson}, serves both).
 */
class CaptureFusionGraphNodeTest {

  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void toHostLocation_storedNode_matchesGraphLoadOfFusionJson() throws Exception {
    FusionResult result = FusionEngine.create().fuse(FusionInput.builder("198.51.100.7")
        .vantages(List.of(
            new VantageObservation("dallas", LatLon.of(32.78, -96.80), 4.0, 0.5),
            new VantageObservation("houston", LatLon.of(29.76, -95.37), 7.0, 0.5),
            new VantageObservation("denver", LatLon.of(39.74, -104.99), 19.0, 0.5)))
        .build());
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    Node loaded = EntityGraph.builder().clock(clock).build()
        .upsertNode(GraphJson.nodeUpdateFromJson(FusionJson.toJson(result)));
    Node captured = EntityGraph.builder().clock(clock).build().upsertNode(NodeUpdate.host(
        "host:198.51.100.7", CaptureFusion.toHostLocation(result).orElseThrow(),
        result.evidence()));

    JsonNode refNode = M.readTree(GraphJson.toJson(loaded));
    JsonNode gotNode = M.readTree(GraphJson.toJson(captured));
    assertThat(gotNode.at("/evidence/rtt").asDouble())
        .isCloseTo(refNode.at("/evidence/rtt").asDouble(), within(1e-3));
    JsonNode ref = refNode.get("location_distribution");
    JsonNode got = gotNode.get("location_distribution");
    assertThat(names(got)).isEqualTo(names(ref));
    assertThat(names(got.get("circle"))).isEqualTo(names(ref.get("circle")));
    assertThat(got.get("centroids")).hasSameSizeAs(ref.get("centroids"));
    for (int i = 0; i < ref.get("centroids").size(); i++) {
      for (String f : List.of("lat", "lon", "weight")) {
        assertThat(got.get("centroids").get(i).get(f).asDouble()).as("centroid " + i + " " + f)
            .isCloseTo(ref.get("centroids").get(i).get(f).asDouble(), within(1e-3));
      }
    }
    assertThat(got.get("uncertainty_km").asDouble())
        .isCloseTo(ref.get("uncertainty_km").asDouble(), within(0.1));
    assertThat(got.at("/circle/radius_km").asDouble())
        .isCloseTo(ref.at("/circle/radius_km").asDouble(), within(0.1));
    assertThat(got.at("/circle/probability").asDouble()).isEqualTo(0.9);
  }

  private static List<String> names(JsonNode j) {
    return j.properties().stream().map(e -> e.getKey()).sorted().toList();
  }
}
