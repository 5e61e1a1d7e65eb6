package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.ACK;
import static io.geofusion.pcap.Fixtures.SYN;
import static io.geofusion.pcap.Fixtures.SYNACK;
import static io.geofusion.pcap.Fixtures.tcp4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.graph.Direction;
import io.geofusion.graph.Edge;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EntityGraph;
import io.geofusion.rtt.DistanceEstimator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CaptureIngestTest {

  private static final long T0 = 1_700_000_000L * 1_000_000_000L;
  private static final long MS = 1_000_000L;

  static byte[] capture() {
    return new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET)
        .add(T0, tcp4("10.1.1.1", 40000, "203.0.113.5", 443, 1000, 0, SYN))
        .add(T0 + 40 * MS, tcp4("203.0.113.5", 443, "10.1.1.1", 40000, 5000, 1001, SYNACK))
        .add(T0 + 41 * MS, tcp4("10.1.1.1", 40000, "203.0.113.5", 443, 1001, 5001, ACK))
        .add(T0 + 50 * MS, Fixtures.etherIp(Fixtures.ipv4("10.1.1.1", "198.51.100.53", 17,
            Fixtures.udp(5353, 53, 20))))
        .bytes();
  }

  static CaptureSummary analyze(byte[] bytes) throws IOException {
    return CaptureAnalyzer.builder().retainFlows(true).hashContent(true).build()
        .analyze(new ByteArrayInputStream(bytes), "ingest.pcap", null);
  }

  @Test
  void analyze_hashContent_equalsSha256OfTheFile() throws Exception {
    byte[] c = capture();
    assertThat(analyze(c).contentSha256()).contains(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c)));
    assertThat(analyze(c).flows()).hasSize(2);
  }

  @Test
  void ingest_capture_writesHostsFlowsServicesAndRtt() throws IOException {
    CaptureSummary s = analyze(capture());
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256());
      assertThat(r.alreadyIngested()).isFalse();
      assertThat(r.hosts()).isEqualTo(3);
      assertThat(r.flows()).isEqualTo(2);
      String cap = CaptureIngest.captureId(s.sha256());
      assertThat(g.node(cap).orElseThrow().attributes()).containsEntry("packets", "4")
          .containsEntry("ingest", "complete");
      assertThat(g.containsNode("host:203.0.113.5")).isTrue();
      assertThat(g.containsNode("service:tcp/443@203.0.113.5")).isTrue();
      Edge rtt = g.edge(new EdgeKey("host:203.0.113.5", "HOST_OBSERVED_RTT", cap)).orElseThrow();
      assertThat(rtt.attributes()).containsEntry("min_rtt_ms", "40.000000")
          .containsEntry("vantage", "capture:ingest.pcap");
      assertThat(Double.parseDouble(rtt.attributes().get("max_km"))).isBetween(3990.0, 4000.0);
      assertThat(g.edges("host:10.1.1.1", "HOST_OBSERVED_IN_CAPTURE", Direction.OUT))
          .hasSize(1);
      assertThat(g.nodes()).filteredOn(n -> n.id().startsWith("flow:")).hasSize(2);
    }
  }

  @Test
  void ingest_sameContentTwice_isNoOp() throws IOException {
    CaptureSummary s = analyze(capture());
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngest ingest = new CaptureIngest(DistanceEstimator.defaults());
      ingest.ingest(g, s, s.sha256());
      long seq = g.lastSeq();
      long nodes = g.nodeCount();
      CaptureIngest.Report again = ingest.ingest(g, analyze(capture()), s.sha256());
      assertThat(again.alreadyIngested()).isTrue();
      assertThat(g.lastSeq()).isEqualTo(seq);
      assertThat(g.nodeCount()).isEqualTo(nodes);
    }
  }

  @Test
  void ingest_badHash_rejected() throws IOException {
    CaptureSummary s = analyze(capture());
    try (EntityGraph g = EntityGraph.builder().build()) {
      assertThatThrownBy(() -> new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, "xyz")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sha256");
    }
  }

  @Test
  void ingest_withGeoIpAsn_writesGuardedHostInOrgEdges() throws Exception {
    java.nio.file.Path db = RealCapturesTest.sharedData()
        .resolve("maxmind-db-test/test-data/GeoLite2-ASN-Test.mmdb");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(db),
        "GeoLite2-ASN-Test.mmdb absent: GeoIP ASN ingest check skipped");
    byte[] c = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET)
        .add(T0, tcp4("10.1.1.1", 40000, "1.128.0.1", 443, 1000, 0, SYN))
        .add(T0 + 40 * MS, tcp4("1.128.0.1", 443, "10.1.1.1", 40000, 5000, 1001, SYNACK))
        .bytes();
    CaptureSummary s = analyze(c);
    try (EntityGraph g = EntityGraph.builder().build();
        io.geofusion.geoip.GeoIpService geoip =
            io.geofusion.geoip.MaxMindGeoIpService.open(db)) {
      io.geofusion.guardrail.Guardrail guardrail = io.geofusion.guardrail.Guardrail.builder()
          .build();
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256(), geoip, guardrail);
      assertThat(r.asnEdges()).isEqualTo(1); // the private 10.1.1.1 is not looked up
      assertThat(r.asnRejected()).isZero();
      assertThat(g.node("asn:1221").orElseThrow().attributes())
          .containsEntry("organization", "Telstra Pty Ltd");
      Edge e = g.edge(new EdgeKey("host:1.128.0.1", "INFERRED_HOST_IN_ORG", "asn:1221"))
          .orElseThrow();
      assertThat(e.attributes()).containsEntry("rule_id", "pcap_geoip_asn")
          .containsEntry("original_kind", "HOST_IN_ASN");
    }
  }

  @Test
  void ingest_fusedLocations_putPassiveRttHostNearTheCapturePoint() throws Exception {
    java.nio.file.Path db = RealCapturesTest.sharedData()
        .resolve("maxmind-db-test/test-data/GeoIP2-City-Test.mmdb");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(db),
        "GeoIP2-City-Test.mmdb absent: fused-location ingest check skipped");
    // 81.2.69.142 is London in the test database; captured in London, 30 ms away
    byte[] c = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET)
        .add(T0, tcp4("10.1.1.1", 40000, "81.2.69.142", 443, 1000, 0, SYN))
        .add(T0 + 30 * MS, tcp4("81.2.69.142", 443, "10.1.1.1", 40000, 5000, 1001, SYNACK))
        .bytes();
    CaptureSummary s = analyze(c);
    io.geofusion.geo.LatLon london = io.geofusion.geo.LatLon.of(51.5142, -0.0931);
    try (EntityGraph g = EntityGraph.builder().build();
        io.geofusion.geoip.GeoIpService geoip =
            io.geofusion.geoip.MaxMindGeoIpService.open(db)) {
      var fused = CaptureFusion.fuse(s, london, 0.0, geoip,
          io.geofusion.fusion.FusionEngine.create());
      assertThat(fused).containsKey(Fixtures.ip("81.2.69.142"));
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256(), null, null, fused);
      assertThat(r.locations()).isEqualTo(1);
      var loc = g.node("host:81.2.69.142").orElseThrow().hostLocation().orElseThrow();
      double near = 0;
      for (var centroid : loc.distribution().components()) {
        if (io.geofusion.geo.Geodesy.distanceKm(centroid.mean(), london) < 3000.0) {
          near += centroid.weight();
        }
      }
      assertThat(near).as("mass within the 30 ms bound (~3000 km)").isGreaterThan(0.9);
      assertThat(g.node("host:81.2.69.142").orElseThrow().evidence()).isNotEmpty();
    }
  }
}
