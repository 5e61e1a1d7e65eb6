package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeKind;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.text.Limits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits that bound a capture's memory (issue 19): flows tracked ({@code flows}), flows kept
 * for the graph ({@code graphFlows}), hosts with passive RTT ({@code rttHosts}), and top
 * talkers over a flow table too large for a map of every host. Captures are real files read by
 * the real reader.
 */
class CaptureMemoryLimitsTest {

  private static final long T0 = 1_700_000_000L * 1_000_000_000L;

  @TempDir Path dir;

  /**
   * {@code n} single-SYN flows from 10.x.y.z (host i) to 127.0.0.2:80; flow {@code i} carries
   * {@code payload(i)} bytes of TCP payload and is sent at T0 + i µs.
   */
  private Path synFlood(int n, java.util.function.IntUnaryOperator payload) throws IOException {
    Path f = dir.resolve("flood" + n + ".pcap");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
      // the header of Fixtures.Pcap (nanosecond pcap, little-endian, Ethernet), then records
      out.write(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b23c4d)
          .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
          .putInt(LinkTypes.ETHERNET).array());
      for (int i = 0; i < n; i++) {
        String src = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
        byte[] frame = Fixtures.etherIp(Fixtures.ipv4(src, "127.0.0.2", 6,
            Fixtures.tcp(40000 + (i % 20000), 80, i, 0, SYN, payload.applyAsInt(i))));
        long t = T0 + i * 1_000L;
        out.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
            .putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L))
            .putInt(frame.length).putInt(frame.length).array());
        out.write(frame);
      }
    }
    return f;
  }

  private static String flowId(CaptureSummary s, int i) {
    return "flow:" + s.sha256().substring(0, 12) + ":tcp:10.0." + (i >> 8) + "." + (i & 255)
        + ":" + (40000 + i) + "-127.0.0.2:80";
  }

  @Test
  void ingest_moreFlowsThanTheGraphLimit_writesTheLargestAndCountsTheRest() throws IOException {
    // flow i carries i % 5 bytes of payload: the three largest are 4, 9 and 14 (ties: earliest)
    Path f = synFlood(20, i -> i % 5);
    CaptureSummary s = CaptureAnalyzer.builder().retainFlows(true).hashContent(true)
        .maxRetainedFlows(3).topN(0).build().analyze(f);
    assertThat(s.flowCount()).isEqualTo(20);
    assertThat(s.flows()).hasSize(3);
    assertThat(s.flowsNotRetained()).isEqualTo(17);
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256());
      assertThat(r.flows()).isEqualTo(3);
      assertThat(r.flowsNotIngested()).isEqualTo(17);
      assertThat(r.hosts()).isEqualTo(4); // the three initiators and the server
      List<String> flows = g.nodes().stream().filter(n -> n.kind() == NodeKind.FLOW)
          .map(Node::id).sorted().collect(Collectors.toList());
      assertThat(flows).containsExactlyInAnyOrder(flowId(s, 4), flowId(s, 9), flowId(s, 14));
      assertThat(g.node(CaptureIngest.captureId(s.sha256())).orElseThrow().attributes())
          .containsEntry("flows", "20").containsEntry("flows_not_ingested", "17")
          .containsEntry("ingest", "complete");
    }
  }

  /**
   * Four handshakes, two flows kept: the passive RTT of the two clients seen only in the others
   * is not written (nor fused) and is counted; the server's, measured in every flow, is.
   */
  @Test
  void ingest_moreFlowsThanTheGraphLimit_writesRttOnlyForTheHostsOfTheKeptFlows()
      throws IOException {
    Path f = fourHandshakes();
    CaptureSummary s = CaptureAnalyzer.builder().retainFlows(true).hashContent(true)
        .maxRetainedFlows(2).topN(0).build().analyze(f);
    assertThat(s.hosts()).hasSize(5);
    assertThat(CaptureIngest.rttHostsWritten(s)).extracting(HostRtt::address)
        .containsExactlyInAnyOrder(Fixtures.ip("10.1.1.1"), Fixtures.ip("10.1.1.2"),
            Fixtures.ip("203.0.113.5"));
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256());
      assertThat(r.rttEdges()).isEqualTo(3);
      assertThat(r.rttHostsNotIngested()).isEqualTo(2);
      assertThat(r.hosts()).isEqualTo(3);
      assertThat(g.node("host:10.1.1.3")).isEmpty();
      assertThat(g.node(CaptureIngest.captureId(s.sha256())).orElseThrow().attributes())
          .containsEntry("flows_not_ingested", "2").containsEntry("rtt_hosts_not_ingested", "2");
    }
  }

  /** Four handshakes from 10.1.1.1-4 to 203.0.113.5:443, SYN→SYN/ACK 20 ms, SYN/ACK→ACK 1 ms. */
  private Path fourHandshakes() throws IOException {
    Fixtures.Pcap p = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET);
    long ms = 1_000_000L;
    for (int i = 1; i <= 4; i++) {
      String c = "10.1.1." + i;
      long t = T0 + i * 100 * ms;
      p.add(t, Fixtures.tcp4(c, 40000, "203.0.113.5", 443, 1000, 0, SYN))
          .add(t + 20 * ms, Fixtures.tcp4("203.0.113.5", 443, c, 40000, 5000, 1001,
              Fixtures.SYNACK))
          .add(t + 21 * ms, Fixtures.tcp4(c, 40000, "203.0.113.5", 443, 1001, 5001,
              Fixtures.ACK));
    }
    Path f = dir.resolve("handshakes.pcap");
    Files.write(f, p.bytes());
    return f;
  }

  /**
   * More hosts with passive RTT than the limit {@code rttHosts}: the first hosts to get a sample
   * keep every sample of theirs, the samples of the others are counted, and the flows still
   * carry their handshake RTT (issue 19: 500,000 handshakes kept 500,001 hosts, 581 MB).
   */
  @Test
  void analyze_moreRttHostsThanTheLimit_keepsTheFirstHostsAndCountsTheRest() throws IOException {
    Path f = fourHandshakes();
    CaptureSummary s = CaptureAnalyzer.builder().maxRttHosts(3).build().analyze(f);
    // the server's first sample (SYN/ACK) comes before the first client's (ACK)
    assertThat(s.hosts()).extracting(HostRtt::address).containsExactly(
        Fixtures.ip("10.1.1.1"), Fixtures.ip("10.1.1.2"), Fixtures.ip("203.0.113.5"));
    assertThat(s.hosts().get(2).envelope().received()).isEqualTo(4);
    assertThat(s.rtt().samplesBeyondHostCap()).isEqualTo(2);
    assertThat(s.rtt().synToSynAckSamples()).isEqualTo(4);
    assertThat(s.rtt().synAckToAckSamples()).isEqualTo(4);
    assertThat(s.topFlows()).allSatisfy(fl -> assertThat(fl.synAckToAckMs()).isEqualTo(1.0));

    CaptureSummary all = CaptureAnalyzer.builder().build().analyze(f);
    assertThat(all.hosts()).hasSize(5);
    assertThat(all.rtt().samplesBeyondHostCap()).isZero();
    assertThatThrownBy(() -> CaptureAnalyzer.builder().maxRttHosts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRttHosts");
  }

  @Test
  void builder_rttHostsDefault_followsTheLimitProperty() throws IOException {
    Path f = fourHandshakes();
    System.setProperty(Limits.RTT_HOSTS.property(), "1");
    CaptureAnalyzer a;
    try {
      a = CaptureAnalyzer.builder().build();
    } finally {
      System.clearProperty(Limits.RTT_HOSTS.property());
    }
    CaptureSummary s = a.analyze(f);
    assertThat(s.hosts()).extracting(HostRtt::address)
        .containsExactly(Fixtures.ip("203.0.113.5"));
    assertThat(s.rtt().samplesBeyondHostCap()).isEqualTo(4);
    assertThat(Limits.RTT_HOSTS.defaultValue()).isEqualTo(100_000);
  }

  @Test
  void ingest_withinTheGraphLimit_writesEveryFlowAndNoCount() throws IOException {
    Path f = synFlood(20, i -> i % 5);
    CaptureSummary s = CaptureAnalyzer.builder().retainFlows(true).hashContent(true)
        .maxRetainedFlows(20).build().analyze(f);
    assertThat(s.flows()).hasSize(20);
    assertThat(s.flowsNotRetained()).isZero();
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngest.Report r = new CaptureIngest(DistanceEstimator.defaults())
          .ingest(g, s, s.sha256());
      assertThat(r.flowsNotIngested()).isZero();
      assertThat(r.rttHostsNotIngested()).isZero();
      assertThat(g.node(CaptureIngest.captureId(s.sha256())).orElseThrow().attributes())
          .doesNotContainKey("flows_not_ingested").doesNotContainKey("rtt_hosts_not_ingested");
    }
  }

  @Test
  void builder_defaults_followTheLimitProperties() throws IOException {
    Path f = synFlood(10, i -> 0);
    System.setProperty(Limits.FLOWS.property(), "4");
    System.setProperty(Limits.GRAPH_FLOWS.property(), "2");
    CaptureAnalyzer a;
    try {
      a = CaptureAnalyzer.builder().retainFlows(true).build();
    } finally {
      System.clearProperty(Limits.FLOWS.property());
      System.clearProperty(Limits.GRAPH_FLOWS.property());
    }
    CaptureSummary s = a.analyze(f);
    assertThat(s.flowCount()).isEqualTo(4);
    assertThat(s.flowsNotTracked()).isEqualTo(6); // packets of the flows beyond the cap
    assertThat(s.flows()).hasSize(2);
    assertThat(s.flowsNotRetained()).isEqualTo(2);
    assertThat(Limits.FLOWS.defaultValue()).isEqualTo(500_000);
    assertThat(Limits.GRAPH_FLOWS.defaultValue()).isEqualTo(50_000);
  }

  @Test
  void builder_nonPositiveRetainedFlows_isRefused() {
    assertThatThrownBy(() -> CaptureAnalyzer.builder().maxRetainedFlows(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetainedFlows");
  }

  /**
   * More flows than {@link PassiveRttTracker#COMPACT_TALKERS_ABOVE}: the hosts are ranked from
   * primitive totals, and the counters of those listed are still exact.
   */
  @Test
  void topTalkers_manyFlows_rankedByBytesThenAddressWithExactCounters() throws IOException {
    int n = PassiveRttTracker.COMPACT_TALKERS_ABOVE + 4_000;
    // host i sends one 40-byte SYN plus i % 3 bytes: ties of 42 bytes are broken by address
    Path f = synFlood(n, i -> i % 3);
    CaptureSummary s = CaptureAnalyzer.builder().topN(4).build().analyze(f);
    assertThat(s.flowCount()).isEqualTo(n);
    List<HostTraffic> top = s.topTalkers();
    assertThat(top).hasSize(4);
    HostTraffic server = top.get(0);
    assertThat(server.address()).isEqualTo(Fixtures.ip("127.0.0.2"));
    assertThat(server.packetsReceived()).isEqualTo(n);
    assertThat(server.flows()).isEqualTo(n);
    long payload = 0;
    for (int i = 0; i < n; i++) {
      payload += i % 3;
    }
    assertThat(server.bytesReceived()).isEqualTo(40L * n + payload);
    assertThat(top.subList(1, 4)).extracting(HostTraffic::address).containsExactly(
        Fixtures.ip("10.0.0.2"), Fixtures.ip("10.0.0.5"), Fixtures.ip("10.0.0.8"));
    assertThat(top.get(1).bytesSent()).isEqualTo(42);
    assertThat(top.get(1).packetsSent()).isEqualTo(1);
    assertThat(top.get(1).flows()).isEqualTo(1);
  }
}
