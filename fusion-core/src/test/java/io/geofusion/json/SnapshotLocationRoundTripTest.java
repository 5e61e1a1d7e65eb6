package io.geofusion.json;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.HostClass;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.HostSignals;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.testing.MiniSchemaValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's location survives the graph whole: the mixture components with their covariances,
 * the confidence circle, the host class and the alerts, through a snapshot and back. (Until the
 * graph stored {@code fusion.HostLocation}, snapshots kept only centroids and the circle.)
 */
class SnapshotLocationRoundTripTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;

  private static FusionResult.Located result;

  @BeforeAll
  static void fuseAHostWithAClassAndAnAlert() {
    List<VantageObservation> vs = List.of(
        new VantageObservation("dallas", LatLon.of(32.78, -96.80), 4.0, 0.5),
        new VantageObservation("houston", LatLon.of(29.76, -95.37), 7.0, 0.5),
        new VantageObservation("denver", LatLon.of(39.74, -104.99), 19.0, 0.5));
    // GeoIP in Amsterdam, RTT in Texas: a location_inconsistency alert.
    result = located(FusionEngine.create().fuse(FusionInput.builder("198.51.100.7")
        .vantages(vs).geoIp(GeoIpEvidence.of(LatLon.of(52.37, 4.90), 20))
        .signals(new HostSignals("hosting", 4.0, 0.3, false)).build()));
    assertThat(result.alerts()).isNotEmpty();
    assertThat(result.hostClass().label()).isNotEqualTo(HostClass.UNKNOWN);
    assertThat(result.distribution().components()).allMatch(c -> c.hasCovariance());
  }

  private EntityGraph reload(EntityGraph g) throws Exception {
    Path f = dir.resolve("g.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    return EntityGraph.builder().buildFrom(f, GraphSnapshots.FORMAT);
  }

  @Test
  void snapshot_storedFusionLocation_readsBackEqual() throws Exception {
    HostLocation stored = result.location();
    EntityGraph g = EntityGraph.builder().clock(CLOCK).build();
    g.upsertNode(NodeUpdate.host("host:198.51.100.7", stored, result.evidence()));
    HostLocation back = reload(g).node("host:198.51.100.7").orElseThrow().location();
    assertThat(back).isEqualTo(stored);
  }

  @Test
  void snapshot_loadedFusionDocument_keepsCovarianceClassAndAlerts() throws Exception {
    JsonNode doc = FusionJson.toJson(result);
    EntityGraph g = EntityGraph.builder().clock(CLOCK).build();
    g.upsertNode(GraphJson.nodeUpdateFromJson(doc));
    Node back = reload(g).node("host:198.51.100.7").orElseThrow();
    JsonNode line = M.readTree(GraphJson.toJson(back));

    JsonNode centroids = line.at("/location_distribution/centroids");
    assertThat(centroids).hasSize(doc.at("/location_distribution/centroids").size());
    for (int i = 0; i < centroids.size(); i++) {
      JsonNode want = doc.at("/location_distribution/centroids/" + i);
      assertThat(centroids.get(i).get("covariance_km2")).isEqualTo(want.get("covariance_km2"));
      // Derived from the document's covariance (rounded to 0.1 km²), so equal up to rounding.
      for (String f : List.of("sigma_major_km", "sigma_minor_km", "major_axis_bearing_deg")) {
        assertThat(centroids.get(i).get(f).asDouble()).as(i + " " + f)
            .isCloseTo(want.get(f).asDouble(), within(0.1));
      }
    }
    assertThat(line.at("/location_distribution/circle"))
        .isEqualTo(doc.at("/location_distribution/circle"));
    assertThat(line.get("host_class")).isEqualTo(doc.get("host_class"));
    assertThat(line.get("alerts")).isEqualTo(doc.get("alerts"));
    assertThat(new MiniSchemaValidator(Path.of("..", "docs", "schemas"))
        .validate(line, "graph-event.schema.json", "/$defs/node")).as(line.toString()).isEmpty();
  }

  @Test
  void nodeLine_centroidOnlyLocation_isWrittenAsItWasRead() {
    // A snapshot line written before covariances, classes and alerts were stored.
    String old = "{\"node\":\"host:192.0.2.9\",\"kind\":\"host\",\"location_distribution\":"
        + "{\"type\":\"gaussian_mixture\",\"centroids\":[{\"lat\":52.37,\"lon\":4.9,"
        + "\"weight\":1.0}],\"uncertainty_km\":50.0,\"circle\":{\"lat\":52.37,\"lon\":4.9,"
        + "\"radius_km\":80.0,\"probability\":0.5}},\"evidence\":{\"rtt\":0.5},"
        + "\"first_seen\":\"2026-11-25T00:00:00Z\",\"last_seen\":\"2026-11-25T00:00:00Z\"}";
    Node n = GraphJson.nodeFromJson(GraphJson.parseTree(old));
    assertThat(n.location().distribution().components().get(0).hasCovariance()).isFalse();
    assertThat(GraphJson.toJson(n)).isEqualTo(old);
    assertThat(n.evidence()).isEqualTo(Map.of("rtt", 0.5));
  }
}
