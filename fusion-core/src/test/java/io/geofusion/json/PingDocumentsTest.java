package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.locate.LiveTarget;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.TimestampSource;
import io.geofusion.rtt.DistanceEstimator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PingDocuments#live}: the document of a live ping, its anomalies and distance. */
class PingDocumentsTest {

  private static PingResult ping(List<Double> rtts, List<String> responders) {
    return new PingResult("192.0.2.7", ProbeMethod.ICMP, "scripted", TimestampSource.KERNEL,
        java.time.Instant.parse("2026-12-01T10:00:00Z"), rtts, responders);
  }

  @Test
  void live_lossAndARoutersError_anomaliesAndNullForLostProbes() throws Exception {
    PingResult r = ping(Arrays.asList(10.0, Double.NaN, Double.NaN),
        Arrays.asList("192.0.2.7", "198.51.100.1", null));

    var d = PingDocuments.live(r, LiveTarget.literal("192.0.2.7"), DistanceEstimator.defaults());

    assertThat(d.anomalies()).containsExactly("packet_loss", "router_error_reply");
    assertThat(d.rttMs()).containsExactly(10.0, null, null);
    assertThat(d.sourceFormat()).isNull();
    assertThat(d.protocol()).isEqualTo("ICMP");
    assertThat(d.targetName()).isNull();
    assertThat(d.distance().maxKm()).isCloseTo(10.0 * 99.930819, within(0.5)); // 2/3 c, halved
  }

  @Test
  void live_noReply_noDistance() throws Exception {
    var d = PingDocuments.live(ping(List.of(Double.NaN), Arrays.asList((String) null)),
        LiveTarget.literal("192.0.2.7"), DistanceEstimator.defaults());

    assertThat(d.anomalies()).containsExactly("no_reply");
    assertThat(d.distance()).isNull();
  }

  @Test
  void live_rttBeyondHalfTheCircumference_distanceClampedAndNoted() throws Exception {
    var d = PingDocuments.live(ping(List.of(600.0), List.of("192.0.2.7")),
        LiveTarget.literal("192.0.2.7"), DistanceEstimator.defaults());

    assertThat(d.anomalies()).containsExactly("distance_clamped");
    assertThat(d.distance().maxKm()).isEqualTo(20003.931);
    assertThat(d.distance().estimateKm()).isLessThanOrEqualTo(20003.931);
  }
}
