package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.locate.LiveTarget;
import io.geofusion.probe.ErrorReply;
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
  void live_errorsFromARouter_groupedWithSenderTypeAndCode() throws Exception {
    ErrorReply filtered = ErrorReply.icmp("198.51.100.1", false, 3, 13);
    PingResult r = new PingResult("192.0.2.7", ProbeMethod.ICMP, "scripted",
        TimestampSource.KERNEL, java.time.Instant.parse("2026-12-01T10:00:00Z"),
        Arrays.asList(Double.NaN, Double.NaN, Double.NaN),
        Arrays.asList("198.51.100.1", "198.51.100.1", "198.51.100.9"),
        Arrays.asList(filtered, filtered, ErrorReply.icmp("198.51.100.9", false, 11, 0)));

    var d = PingDocuments.live(r, LiveTarget.literal("192.0.2.7"), DistanceEstimator.defaults());

    assertThat(d.anomalies()).containsExactly("no_reply", "router_error_reply");
    assertThat(d.errorReplies()).containsExactly(
        new ErrorReplyJson("198.51.100.1", 3, 13, false, "admin_prohibited", 2),
        new ErrorReplyJson("198.51.100.9", 11, 0, false, "ttl_exceeded", 1));
    assertThat(ProductJson.toTree(d).path("error_replies").get(0).toString()).isEqualTo(
        "{\"from\":\"198.51.100.1\",\"icmp_type\":3,\"icmp_code\":13,\"ipv6\":false,"
        + "\"meaning\":\"admin_prohibited\",\"probes\":2}");
    assertThat(d.errorReplies().get(0).describe())
        .isEqualTo("2 probe(s): 198.51.100.1 sent admin_prohibited (ICMP type 3 code 13)");
  }

  @Test
  void live_connectErrorWithoutSender_notedAsSuch() throws Exception {
    PingResult r = new PingResult("192.0.2.7", ProbeMethod.TCP, "tcp-connect",
        TimestampSource.USER_SPACE, java.time.Instant.parse("2026-12-01T10:00:00Z"),
        Arrays.asList(Double.NaN), Arrays.asList((String) null),
        Arrays.asList(ErrorReply.kernel(false, "no_route_to_host")));

    var d = PingDocuments.live(r, LiveTarget.literal("192.0.2.7"), DistanceEstimator.defaults());

    assertThat(d.anomalies()).containsExactly("no_reply", "connect_error");
    assertThat(d.errorReplies()).containsExactly(
        new ErrorReplyJson(null, null, null, false, "no_route_to_host", 1));
  }

  @Test
  void errorReply_meanings_v4AndV6TypesAndCodes() {
    assertThat(ErrorReply.meaningOf(false, 3, 1)).isEqualTo("host_unreachable");
    assertThat(ErrorReply.meaningOf(false, 3, 13)).isEqualTo("admin_prohibited");
    assertThat(ErrorReply.meaningOf(false, 3, 10)).isEqualTo("admin_prohibited");
    assertThat(ErrorReply.meaningOf(false, 11, 0)).isEqualTo("ttl_exceeded");
    assertThat(ErrorReply.meaningOf(true, 1, 1)).isEqualTo("admin_prohibited");
    assertThat(ErrorReply.meaningOf(true, 1, 3)).isEqualTo("host_unreachable");
    assertThat(ErrorReply.meaningOf(true, 3, 0)).isEqualTo("ttl_exceeded");
    assertThat(ErrorReply.meaningOf(false, 5, 1)).isEqualTo("icmp_type_5_code_1");
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
