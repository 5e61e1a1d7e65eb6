package io.geofusion.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.net.AddressClass;
import io.geofusion.rtt.DistanceModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopAnalyzerTest {

  static Hop hop(int ttl, String address, double... rtts) {
    List<HopReply> replies = new ArrayList<>();
    for (double r : rtts) {
      replies.add(Double.isNaN(r) ? HopReply.timeout() : HopReply.of(address, r));
    }
    return new Hop(ttl, replies);
  }

  static Hop silent(int ttl) {
    return new Hop(ttl, List.of(HopReply.timeout(), HopReply.timeout(), HopReply.timeout()));
  }

  static TracePath trace(String dest, Hop... hops) {
    return new TracePath("vantage", dest, List.of(hops));
  }

  @Test
  void analyze_originCase_hop2IsPrivateSpikeAndHop3Clean() {
    TracePath t = trace("93.184.216.34",
        hop(1, "192.168.1.1", 1.49, 1.6, 1.7),
        hop(2, "10.10.0.1", 235.0, 240.1, 236.3),
        hop(3, "203.0.113.9", 35.0, 36.2, 35.4));
    PathAnalysis a = HopAnalyzer.defaults().analyze(t);

    HopAnalysis h1 = a.hop(1).orElseThrow();
    HopAnalysis h2 = a.hop(2).orElseThrow();
    HopAnalysis h3 = a.hop(3).orElseThrow();
    assertThat(h2.flags()).containsExactlyInAnyOrder(HopFlag.RTT_SPIKE, HopFlag.PRIVATE_BACKBONE);
    assertThat(h2.clean()).isFalse();
    assertThat(h2.deltaKm()).isNull();
    assertThat(h3.clean()).isTrue();
    assertThat(h3.flags()).doesNotContain(HopFlag.RTT_SPIKE, HopFlag.NON_MONOTONIC);
    // hop 3's step is measured from hop 1, never from hop 2's 235 ms
    assertThat(h3.deltaMs()).isCloseTo(35.0 - 1.49, within(1e-9));
    double k = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(35.0);
    assertThat(h3.deltaKm()).isCloseTo((35.0 - 1.49) * k, within(1e-6));
    assertThat(h1.deltaMs()).isCloseTo(1.49, within(1e-9));
    assertThat(a.cleanPathDistanceKm()).isCloseTo(35.0 * k, within(1e-6));
    assertThat(h2.addressClass()).isEqualTo(AddressClass.PRIVATE);
    assertThat(a.eventAnomalies()).containsExactly(
        "private_backbone_segment", "hop_latency_spike", "destination_unreached");
  }

  @Test
  void analyze_hopsRecordedAsNames_useTheToolsVerdict() {
    List<Hop> hops = List.of(hop(1, "gw.example.org", 0.4), hop(2, "www.example.com", 9.0),
        silent(3));
    TracePath unknown = new TracePath("vantage", "198.51.100.20", hops);
    assertThat(unknown.destinationReached()).isNull();
    assertThat(HopAnalyzer.defaults().analyze(unknown).destinationReached())
        .as("names are never resolved, so without a verdict the address test fails").isFalse();
    PathAnalysis a = HopAnalyzer.defaults().analyze(
        new TracePath("vantage", "198.51.100.20", hops, true));
    assertThat(a.destinationReached()).isTrue();
    assertThat(a.eventAnomalies()).as("trailing timeout after the destination answered")
        .isEmpty();
    // A "false" verdict never hides an address match.
    assertThat(HopAnalyzer.defaults().analyze(new TracePath("vantage", "198.51.100.20",
        List.of(hop(1, "198.51.100.20", 3.0)), false)).destinationReached()).isTrue();
  }

  @Test
  void builder_negativeTolerance_isRejectedWithMessage() {
    assertThatThrownBy(() -> HopAnalyzer.builder().spikeTolerance(-1, 0.25))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spike tolerance").hasMessageContaining("-1");
  }

  /**
   * A hostile hop: 200,000 replies from distinct responders took 203 s (a quadratic scan of the
   * responders so far); with an index it is linear. The bound is liveness only, far above what
   * a loaded machine needs for the linear version and far below the quadratic one.
   */
  @Test
  void analyze_hopWithTwoHundredThousandResponders_isLinear() {
    List<HopReply> replies = new java.util.ArrayList<>(200_000);
    for (int i = 0; i < 200_000; i++) {
      replies.add(new HopReply("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255),
          1.0 + i * 1e-5, List.of(), null));
    }
    TracePath t = trace("198.51.100.20", new Hop(1, replies));
    PathAnalysis a = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(60), () -> HopAnalyzer.defaults().analyze(t));
    assertThat(a.hops().get(0).responders()).hasSize(200_000);
    assertThat(a.hops().get(0).address()).isEqualTo("10.0.0.0");
  }
}
