package io.geofusion.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.net.AddressClass;
import io.geofusion.rtt.RttEnvelope;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PathAnalysisRecordsTest {

  private static final RttEnvelope ONE = RttEnvelope.of(10.0);
  private static final RttEnvelope NONE = RttEnvelope.of(Double.NaN);

  @Test
  void hopAnalysis_cleanHopWithoutDelta_isRejected() {
    assertThatThrownBy(() -> new HopAnalysis(3, "62.1.1.1", List.of("62.1.1.1"),
        AddressClass.PUBLIC, ONE, 10.0, Set.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clean hop (TTL 3) needs deltaMs and deltaKm");
  }

  @Test
  void hopAnalysis_flaggedHopWithDelta_isRejected() {
    assertThatThrownBy(() -> new HopAnalysis(3, "62.1.1.1", List.of("62.1.1.1"),
        AddressClass.PUBLIC, ONE, 10.0, EnumSet.of(HopFlag.RTT_SPIKE), 1.0, 100.0))
        .hasMessageContaining("only clean hops have a distance step");
  }

  @Test
  void hopAnalysis_negativeStepOrPrimaryNotAmongResponders_isRejected() {
    assertThatThrownBy(() -> new HopAnalysis(3, "62.1.1.1", List.of("62.1.1.1"),
        AddressClass.PUBLIC, ONE, 10.0, Set.of(), -1.0, 0.0))
        .hasMessageContaining("must be finite and >= 0");
    assertThatThrownBy(() -> new HopAnalysis(3, "62.9.9.9", List.of("62.1.1.1"),
        AddressClass.PUBLIC, ONE, 10.0, Set.of(), 1.0, 0.0))
        .hasMessageContaining("is not among the responders");
    assertThatThrownBy(() -> new HopAnalysis(3, "62.1.1.1", List.of("62.1.1.1"),
        AddressClass.PUBLIC, ONE, 10.0, Set.of(), 1.0, null))
        .hasMessageContaining("both set or both null");
  }

  @Test
  void hopAnalysis_informationalFlagsKeepAHopClean() {
    HopAnalysis h = new HopAnalysis(3, "10.1.1.1", List.of("10.1.1.1"), AddressClass.PRIVATE,
        ONE, 10.0, EnumSet.of(HopFlag.PRIVATE_BACKBONE, HopFlag.MPLS, HopFlag.GEOGRAPHIC_JUMP),
        2.0, 199.9);
    assertThat(h.clean()).isTrue();
    assertThat(h.flagNames()).containsExactly("private_backbone", "geographic_jump", "mpls");
    assertThat(h.flags()).isUnmodifiable();
  }

  @Test
  void hopAnalysis_timeout_isNeverClean() {
    HopAnalysis h = new HopAnalysis(2, null, List.of(), null, NONE, null,
        EnumSet.of(HopFlag.TIMEOUT), null, null);
    assertThat(h.clean()).isFalse();
    assertThat(h.timedOut()).isTrue();
    assertThat(h.minRttMs()).isNaN();
  }

  @Test
  void pathAnalysis_hopsOutOfOrder_areRejected() {
    HopAnalysis a = new HopAnalysis(2, null, List.of(), null, NONE, null,
        EnumSet.of(HopFlag.TIMEOUT), null, null);
    HopAnalysis b = new HopAnalysis(1, null, List.of(), null, NONE, null,
        EnumSet.of(HopFlag.TIMEOUT), null, null);
    assertThatThrownBy(() -> new PathAnalysis(null, "9.9.9.9", false, "fiber_2_3", 0, List.of(a, b)))
        .hasMessageContaining("increasing TTL order, got TTL 1 after 2");
    assertThatThrownBy(() -> new PathAnalysis(null, "9.9.9.9", false, "fiber_2_3", -1, List.of()))
        .hasMessageContaining("local delay");
  }

  @Test
  void pathAnalysis_reachUndecided_onlyForAnUnknownUnreachedDestination() {
    assertThatThrownBy(() -> new PathAnalysis(null, "9.9.9.9", false, "fiber_2_3", 0, List.of(),
        true)).hasMessageContaining("undecided only when the destination is unknown");
    assertThatThrownBy(() -> new PathAnalysis(null, null, true, "fiber_2_3", 0, List.of(), true))
        .hasMessageContaining("undecided only when");
    assertThatThrownBy(() -> new PathAnalysis(null, " ", false, "fiber_2_3", 0, List.of()))
        .hasMessageContaining("blank");
    PathAnalysis undecided = new PathAnalysis(null, null, false, "fiber_2_3", 0, List.of(), true);
    assertThat(undecided.eventAnomalies()).isEmpty();
    PathAnalysis unreached = new PathAnalysis(null, null, false, "fiber_2_3", 0, List.of());
    assertThat(unreached.eventAnomalies()).containsExactly(PathAnalysis.DESTINATION_UNREACHED);
  }

  @Test
  void hopFlag_namesAndEventVocabulary() {
    assertThat(HopFlag.RTT_SPIKE.jsonName()).isEqualTo("rtt_spike");
    assertThat(HopFlag.RTT_SPIKE.eventAnomaly()).isEqualTo("hop_latency_spike");
    assertThat(HopFlag.PRIVATE_BACKBONE.eventAnomaly()).isEqualTo("private_backbone_segment");
    for (HopFlag f : HopFlag.values()) {
      assertThat(HopFlag.fromJsonName(f.jsonName())).isEqualTo(f);
    }
    assertThat(EnumSet.allOf(HopFlag.class).stream().filter(HopFlag::excludesFromGradient))
        .containsExactlyInAnyOrder(HopFlag.TIMEOUT, HopFlag.RTT_SPIKE, HopFlag.NON_MONOTONIC,
            HopFlag.REPEATED_HOP, HopFlag.ROUTING_LOOP);
    assertThatThrownBy(() -> HopFlag.fromJsonName("spike"))
        .hasMessageContaining("unknown hop flag 'spike'").hasMessageContaining("rtt_spike");
  }

  @Test
  void analyze_emptyTrace_givesNoHopsAndUnreached() {
    PathAnalysis a = HopAnalyzer.defaults().analyze(new TracePath(null, "9.9.9.9", List.of()));
    assertThat(a.hops()).isEmpty();
    assertThat(a.cleanHopCount()).isZero();
    assertThat(a.lastCleanHop()).isEmpty();
    assertThat(a.eventAnomalies()).containsExactly("destination_unreached");
  }

  @Test
  void analyze_hostNameResponder_getsNoClassAndNoPrivateFlag() {
    PathAnalysis a = HopAnalyzer.defaults().analyze(new TracePath(null, "9.9.9.9", List.of(
        new Hop(1, List.of(HopReply.of("router.example.net", 2.0))))));
    HopAnalysis h = a.hops().get(0);
    assertThat(h.address()).isEqualTo("router.example.net");
    assertThat(h.addressClass()).isNull();
    assertThat(h.flags()).isEmpty();
  }
}
