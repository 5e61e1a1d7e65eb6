package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.SourceFormat;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.DistanceEstimate;
import io.geofusion.rtt.RttEnvelope;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductJsonRoundTripTest {

  static LatencyAnalysisEvent designEvent() {
    LatencyMetrics m = LatencyMetrics.of(RttEnvelope.of(28.6, 35.0, Double.NaN, 41.2, 47.5));
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, "212.102.40.218", m,
        new DistanceJson(1800, 0, 2857.6, 0.72),
        List.of("hop_latency_spike", "private_backbone_segment"), "atlas-probe:677", "192.0.2.1",
        Instant.parse("2015-10-20T00:00:09Z"), "RIPE_ATLAS_JSON");
  }

  static TracerouteDocument trace() {
    TracePath p = new TracePath("192.0.2.1", "198.51.100.9", List.of(
        new Hop(1, List.of(HopReply.of("192.168.1.1", 1.49), HopReply.timeout(),
            HopReply.of("192.168.1.1", 1.6))),
        new Hop(2, List.of(new HopReply("10.0.0.1", 235.0,
            List.of(new MplsLabel(407904, 1, true, 1)), "!H"))),
        new Hop(3, List.of(HopReply.timeout(), HopReply.timeout()))));
    TraceMeasurement t = new TraceMeasurement(SourceFormat.RIPE_ATLAS_JSON, 7, p,
        "atlas-probe:1", "example.net", Instant.parse("2020-01-01T00:00:00Z"), "UDP", 40);
    return TracerouteDocument.of(t);
  }

  @Test
  void event_roundTripsAndKeepsDesignFieldNames() {
    LatencyAnalysisEvent e = designEvent();
    String json = ProductJson.toJson(e);
    assertThat(json).startsWith("{\"type\":\"RECON_LATENCY_ANALYSIS\",\"entity\":\"212.102.40.218\"")
        .contains("\"min_rtt\":28.6", "\"median_rtt\":38.1", "\"jitter\":", "\"estimate_km\":1800.0",
            "\"min_km\":0.0", "\"max_km\":2857.6", "\"confidence\":0.72", "\"loss_ratio\":0.2",
            "\"observed_at\":\"2015-10-20T00:00:09Z\"", "\"anomalies\":[\"hop_latency_spike\"")
        .doesNotContain("NaN").doesNotContain("\n");
    assertThat(ProductJson.readEvent(json)).isEqualTo(e);
  }

  @Test
  void event_withNothingReceived_hasNullRttsAndNullDistance() {
    LatencyMetrics m = LatencyMetrics.of(RttEnvelope.of(Double.NaN, Double.NaN));
    LatencyAnalysisEvent e = LatencyAnalysisEvent.of("2001:db8::1", m, null, null);
    String json = ProductJson.toJson(e);
    assertThat(json).contains("\"min_rtt\":null", "\"distance\":null", "\"anomalies\":[]",
        "\"loss_ratio\":1.0").doesNotContain("NaN");
    assertThat(ProductJson.readEvent(json)).isEqualTo(e);
  }

  @Test
  void traceroute_roundTripsWithCliFieldNames() {
    TracerouteDocument d = trace();
    String json = ProductJson.toPrettyJson(d);
    assertThat(json).contains("\"ttl\" : 1", "\"address\" : \"192.168.1.1\"",
        "\"min_rtt_ms\" : 1.49", "\"anomalies\" : [ ]", "\"delta_km\" : null",
        "\"reply_flags\" : [ \"!H\" ]", "\"traffic_class\" : 1", "\"rtt_ms\" : [ 1.49, null, 1.6 ]");
    assertThat(ProductJson.fromJson(json, TracerouteDocument.class)).isEqualTo(d);
    TracerouteHopJson silent = d.hops().get(2);
    assertThat(silent.address()).isNull();
    assertThat(silent.sent()).isEqualTo(2);
    assertThat(silent.received()).isZero();
  }

  @Test
  void designEventExample_reads() {
    String design = "{\"type\":\"RECON_LATENCY_ANALYSIS\",\"entity\":\"212.102.40.218\","
        + "\"metrics\":{\"min_rtt\":28.6,\"median_rtt\":35.0,\"jitter\":12.3,\"sent\":5,"
        + "\"received\":5,\"loss_ratio\":0},"
        + "\"distance\":{\"estimate_km\":1800,\"min_km\":0,\"max_km\":2857,\"confidence\":0.72},"
        + "\"anomalies\":[\"hop_latency_spike\",\"private_backbone_segment\"],\"future_field\":1}";
    LatencyAnalysisEvent e = ProductJson.readEvent(design);
    assertThat(e.metrics().minRtt()).isEqualTo(28.6);
    assertThat(e.distance().toEstimate()).isEqualTo(new DistanceEstimate(1800, 0, 2857, 0.72));
  }

  @Test
  void fromJson_invalidValues_failWithTheReason() {
    String badType = ProductJson.toJson(designEvent()).replace("RECON_LATENCY_ANALYSIS", "OTHER");
    assertThatThrownBy(() -> ProductJson.readEvent(badType))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECON_LATENCY_ANALYSIS");
    assertThatThrownBy(() -> ProductJson.readEvent("{\"type\":"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LatencyAnalysisEvent");
    String badDistance = ProductJson.toJson(designEvent()).replace("\"min_km\":0.0",
        "\"min_km\":5000.0");
    assertThatThrownBy(() -> ProductJson.readEvent(badDistance))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min");
  }

  @Test
  void pingResult_roundTripsAndYieldsTheEvent() {
    PingMeasurement p = new PingMeasurement(SourceFormat.PING_TEXT, 1, null, null, "192.0.2.7",
        "example.org", null, "ICMP", 56, 4, new double[] {10.5, Double.NaN, 11.0, 12.25}, 1, null);
    PingResultDocument d = PingResultDocument.of(p, new DistanceJson(500, 0, 1049, 0.4), null);
    String json = ProductJson.toJson(d);
    assertThat(json).contains("\"type\":\"PING_RESULT\"", "\"rtt_ms\":[10.5,null,11.0,12.25]",
        "\"duplicates\":1", "\"source_format\":\"PING_TEXT\"", "\"packet_size_bytes\":56");
    assertThat(ProductJson.fromJson(json, PingResultDocument.class)).isEqualTo(d);
    LatencyAnalysisEvent e = d.toEvent();
    assertThat(e.entity()).isEqualTo("192.0.2.7");
    assertThat(e.metrics().minRtt()).isEqualTo(10.5);
    assertThat(e.metrics().received()).isEqualTo(3);
  }

  @Test
  void productJson_sharedAcrossThreads_givesTheSameResults() throws Exception {
    LatencyAnalysisEvent event = designEvent();
    TracerouteDocument trace = trace();
    String eventJson = ProductJson.toJson(event);
    String traceJson = ProductJson.toJson(trace);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 32; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            if (!ProductJson.toJson(event).equals(eventJson)
                || !ProductJson.readEvent(eventJson).equals(event)
                || !ProductJson.toJson(trace).equals(traceJson)
                || !ProductJson.fromJson(traceJson, TracerouteDocument.class).equals(trace)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toTree_ofADocument_writesAsTheDocument() {
    LatencyAnalysisEvent e = designEvent();
    com.fasterxml.jackson.databind.node.ObjectNode t = ProductJson.toTree(e);
    assertThat(t.get("observed_at").asText()).isEqualTo("2015-10-20T00:00:09Z");
    assertThat(ProductJson.toJson(t)).isEqualTo(ProductJson.toJson(e));
    assertThatThrownBy(() -> ProductJson.toTree(List.of(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void writeLine_writesOneObjectPerLine() {
    StringWriter w = new StringWriter();
    ProductJson.writeLine(w, designEvent());
    ProductJson.writeLine(w, designEvent());
    String[] lines = w.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(ProductJson.readEvent(lines[1])).isEqualTo(designEvent());
  }
}
