package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import io.geofusion.graph.EntityGraph;
import io.geofusion.rtt.DistanceEstimator;
import org.junit.jupiter.api.Test;

/** {@link CaptureIngestRun}: totals over a run, fused locations with a capture point. */
class CaptureIngestRunTest {

  @Test
  void ingest_sameCaptureTwice_countsItOnceAndOnceAsPresent() throws Exception {
    CaptureSummary s = CaptureIngestTest.analyze(CaptureIngestTest.capture());
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngestRun run = CaptureIngestRun.builder(g, DistanceEstimator.defaults()).build();

      run.ingest(s);
      CaptureIngest.Report again = run.ingest(s);

      assertThat(again.alreadyIngested()).isTrue();
      assertThat(run.totals()).isEqualTo(new CaptureIngestRun.Totals(1, 1, 0, 0));
      assertThat(run.linksAsns()).isFalse();
      assertThat(run.locatesHosts()).isFalse();
    }
  }

  @Test
  void ingest_withCapturePoint_fusesTheHostWithPassiveRtt() throws Exception {
    CaptureSummary s = CaptureIngestTest.analyze(CaptureIngestTest.capture());
    try (EntityGraph g = EntityGraph.builder().build()) {
      CaptureIngestRun run = CaptureIngestRun.builder(g, DistanceEstimator.defaults())
          .locate(LatLon.of(52.37, 4.90), 0.0, null).build();

      CaptureIngest.Report r = run.ingest(s);

      assertThat(run.locatesHosts()).isTrue();
      // both ends of the handshake have passive RTT: SYN->SYN/ACK and SYN/ACK->ACK
      assertThat(r.locations()).isEqualTo(2);
      assertThat(run.totals().locations()).isEqualTo(2);
      assertThat(g.node("host:203.0.113.5").orElseThrow().hostLocation()).isPresent();
      assertThat(g.node("host:10.1.1.1").orElseThrow().hostLocation()).isPresent();
    }
  }
}
