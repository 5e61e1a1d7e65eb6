package io.geofusion.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hop analysis over 17,816 real IPv4 Paris traceroutes from RIPE Atlas probes to F-root
 * (measurement 5004, 2015-10-20; data: RIPE NCC), read from the shared data folder.
 */
class RipeAtlasHopAnalysisTest {

  private static Path data(String name) {
    String root = System.getProperty("geofusion.shared.data", "../../shared/data");
    return Path.of(root, "ripe-atlas-msm5004-traceroutes", name);
  }

  @Test
  void analyze_ripeAtlasMsm5004_flagsAFewSpikesAndKeepsInvariants() throws IOException {
    Path file = data("2015-10-20_00-00-00_msmId5004.json.gz");
    assumeTrue(Files.isRegularFile(file),
        "RIPE Atlas msm 5004 data absent at " + file + "; skipping the real-data check");
    HopAnalyzer analyzer = HopAnalyzer.defaults();
    long[] traces = new long[1];
    long[] reached = new long[1];
    long[] answered = new long[1];
    long[] clean = new long[1];
    Map<HopFlag, Long> counts = new EnumMap<>(HopFlag.class);
    RipeAtlasTraceFixture.forEach(file, t -> {
      PathAnalysis a = analyzer.analyze(t);
      traces[0]++;
      reached[0] += a.destinationReached() ? 1 : 0;
      answered[0] += a.answeredHopCount();
      clean[0] += a.cleanHopCount();
      double highest = 0;
      double sum = 0;
      for (HopAnalysis h : a.hops()) {
        h.flags().forEach(f -> counts.merge(f, 1L, Long::sum));
        if (h.clean()) {
          assertThat(h.deltaMs()).as("probe %s TTL %d", t.source(), h.ttl())
              .isGreaterThanOrEqualTo(0.0);
          highest = Math.max(highest, h.minRttMs());
          sum += h.deltaMs();
        }
      }
      assertThat(sum).as("probe %s: clean steps add up to the highest clean RTT", t.source())
          .isCloseTo(highest, org.assertj.core.api.Assertions.within(1e-6));
      assertThat(a.cleanPathDistanceKm()).as("probe %s", t.source()).isGreaterThanOrEqualTo(0);
    });
    long spikes = counts.getOrDefault(HopFlag.RTT_SPIKE, 0L);
    long nonMono = counts.getOrDefault(HopFlag.NON_MONOTONIC, 0L);
    System.out.printf("msm5004: %d traces, %d reached F-root, %d answered hops, %d clean;"
        + " flags %s%n", traces[0], reached[0], answered[0], clean[0], counts);

    assertThat(traces[0]).isEqualTo(17816);
    // F-root is anycast and answers almost everyone.
    assertThat((double) reached[0] / traces[0]).isGreaterThan(0.8);
    // Slow ICMP on routers is real but a minority behaviour; an analyzer flagging most hops (or
    // none) would be broken.
    double spikeShare = (double) spikes / answered[0];
    assertThat(spikeShare).isBetween(0.001, 0.2);
    assertThat((double) nonMono / answered[0]).isLessThan(0.05);
    assertThat(counts.getOrDefault(HopFlag.PRIVATE_BACKBONE, 0L)).isPositive();
    assertThat(counts.getOrDefault(HopFlag.MPLS, 0L)).isPositive();
    assertThat(counts.getOrDefault(HopFlag.TIMEOUT, 0L)).isPositive();
  }
}
