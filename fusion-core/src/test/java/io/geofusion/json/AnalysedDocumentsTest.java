package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.SourceFormat;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.testing.MiniSchemaValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents built from the path and rtt analysis types, checked against the schemas. */
class AnalysedDocumentsTest {

  private final MiniSchemaValidator schemas =
      new MiniSchemaValidator(SchemaConformanceTest.schemaDir());

  /** docs/architecture.md §2: hop 1 1.49 ms, hop 2 10.x at 235 ms, hop 3 35 ms. */
  static TraceMeasurement originCase() {
    TracePath p = new TracePath("198.51.100.7", "203.0.113.50", List.of(
        new Hop(1, List.of(HopReply.of("198.51.100.1", 1.49), HopReply.of("198.51.100.1", 1.6),
            HopReply.of("198.51.100.1", 1.55))),
        new Hop(2, List.of(HopReply.of("10.12.0.1", 235.0), HopReply.of("10.12.0.1", 240.1),
            HopReply.of("10.12.0.1", 236.4))),
        new Hop(3, List.of(HopReply.of("203.0.113.50", 35.0), HopReply.of("203.0.113.50", 35.4),
            HopReply.of("203.0.113.50", 35.2)))));
    return new TraceMeasurement(SourceFormat.TRACEROUTE_TEXT, 1, p, null, null, null, "UDP", 60);
  }

  @Test
  void traceroute_originCase_spikeOnPrivateBackboneHasNoDelta() throws Exception {
    TraceMeasurement t = originCase();
    PathAnalysis a = HopAnalyzer.defaults().analyze(t.path());
    DistanceJson d = a.lastCleanHop()
        .flatMap(h -> DistanceEstimator.defaults().tryEstimate(h.rtt()))
        .map(DistanceJson::of).orElse(null);
    TracerouteDocument doc = TracerouteDocument.of(t, a, d);
    TracerouteHopJson hop2 = doc.hops().get(1);
    assertThat(hop2.anomalies()).contains("rtt_spike", "private_backbone");
    assertThat(hop2.deltaKm()).isNull();
    assertThat(doc.hops().get(2).deltaKm()).isNotNull();
    assertThat(doc.hops().get(2).minRttMs()).isEqualTo(35.0);
    assertThat(doc.distance()).isNotNull();
    assertThat(doc.distance().maxKm()).isLessThan(35.0 * 100.0);
    assertThat(doc.anomalies()).isEqualTo(a.eventAnomalies());
    String json = ProductJson.toJson(doc);
    assertThat(schemas.validate(new ObjectMapper().readTree(json), "traceroute.schema.json"))
        .isEmpty();
    assertThat(ProductJson.fromJson(json, TracerouteDocument.class)).isEqualTo(doc);
  }

  @Test
  void traceroute_unknownDestination_conformsWithNullDestinationAndRoundTrips() throws Exception {
    // A traceroute transcript without its header: the reader leaves the destination unknown.
    TracePath p = new TracePath(null, null, List.of(
        new Hop(1, List.of(HopReply.of("127.0.0.2", 0.383), HopReply.of("127.0.0.2", 0.32))),
        new Hop(2, List.of(HopReply.timeout()))));
    TraceMeasurement t =
        new TraceMeasurement(SourceFormat.TRACEROUTE_TEXT, 1, p, null, null, null, null, null);
    PathAnalysis a = HopAnalyzer.defaults().analyze(p);
    TracerouteDocument doc = TracerouteDocument.of(t, a, null);
    assertThat(doc.destination()).isNull();
    assertThat(doc.anomalies()).contains("hop_timeout")
        .doesNotContain(PathAnalysis.DESTINATION_UNREACHED);
    String json = ProductJson.toJson(doc);
    assertThat(schemas.validate(new ObjectMapper().readTree(json), "traceroute.schema.json"))
        .isEmpty();
    assertThat(ProductJson.fromJson(json, TracerouteDocument.class)).isEqualTo(doc);
  }

  @Test
  void traceroute_analysisOfAnotherPath_isRejected() {
    TraceMeasurement t = originCase();
    PathAnalysis other = HopAnalyzer.defaults().analyze(new TracePath(null, "192.0.2.1",
        List.of(new Hop(9, List.of(HopReply.of("192.0.2.1", 3.0))))));
    assertThatThrownBy(() -> TracerouteDocument.of(t, other, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL 1");
  }

  @Test
  void pingResult_withEstimatedDistance_conformsAndRoundTrips() throws Exception {
    PingMeasurement p = new PingMeasurement(SourceFormat.RIPE_ATLAS_JSON, 3, "atlas-probe:9",
        "198.51.100.3", "203.0.113.9", null, null, "ICMP", 48, 5,
        new double[] {28.6, 35.0, Double.NaN, 41.0, 30.2}, 0, null);
    DistanceJson d = DistanceJson.of(
        DistanceEstimator.defaults().estimate(p.envelope().orElseThrow()));
    PingResultDocument doc = PingResultDocument.of(p, d, List.of("packet_loss"));
    ObjectMapper m = new ObjectMapper();
    assertThat(schemas.validate(m.readTree(ProductJson.toJson(doc)), "ping-result.schema.json"))
        .isEmpty();
    assertThat(schemas.validate(m.readTree(ProductJson.toJson(doc.toEvent())),
        "recon-latency-analysis.schema.json")).isEmpty();
    assertThat(doc.distance().maxKm()).isLessThanOrEqualTo(28.6 * 100.0);
    assertThat(doc.metrics().minRtt()).isEqualTo(28.6);
    assertThat(ProductJson.fromJson(ProductJson.toJson(doc), PingResultDocument.class))
        .isEqualTo(doc);
  }
}
