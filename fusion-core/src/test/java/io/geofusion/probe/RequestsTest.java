package io.geofusion.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestsTest {

  private static InetAddress a(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void builder_unspecifiedMulticastOrBroadcastTarget_isRefusedWithReason() {
    for (String bad : new String[] {"0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255"}) {
      assertThatThrownBy(() -> PingRequest.builder(a(bad)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.equals("::")
              ? "unspecified" : bad).hasMessageContaining("refusing");
      assertThatThrownBy(() -> TraceRequest.builder(a(bad)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing");
    }
  }

  @Test
  void pingBuilder_defaults_matchPing() throws Exception {
    PingRequest r = PingRequest.builder(a("127.0.0.1")).build();
    assertThat(r.method()).isEqualTo(ProbeMethod.ICMP);
    assertThat(r.port()).isZero();
    assertThat(r.count()).isEqualTo(5);
    assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(r.payloadBytes()).isEqualTo(56);
    assertThat(r.ttl()).isEqualTo(64);
    assertThat(r.deadline()).isEqualTo(Duration.ofSeconds(6));
    assertThat(PingRequest.builder(a("::1")).method(ProbeMethod.TCP).build().port()).isEqualTo(80);
  }

  @Test
  void pingBuilder_outOfRangeValues_nameTheField() throws Exception {
    InetAddress lo = a("127.0.0.1");
    assertThatThrownBy(() -> PingRequest.builder(lo).count(0).build())
        .hasMessageContaining("count");
    assertThatThrownBy(() -> PingRequest.builder(lo).count(10_001).build())
        .hasMessageContaining("count");
    assertThatThrownBy(() -> PingRequest.builder(lo).interval(Duration.ZERO).build())
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> PingRequest.builder(lo).timeout(Duration.ofMinutes(2)).build())
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> PingRequest.builder(lo).ttl(0).build()).hasMessageContaining("TTL");
    assertThatThrownBy(() -> PingRequest.builder(lo).payloadBytes(9000).build())
        .hasMessageContaining("payload");
    assertThatThrownBy(() -> PingRequest.builder(lo).port(7).build())
        .hasMessageContaining("ICMP probes have no port");
    assertThatThrownBy(() -> PingRequest.builder(lo).method(ProbeMethod.UDP).port(70000).build())
        .hasMessageContaining("port");
  }

  @Test
  void traceBuilder_defaultsAndBounds() throws Exception {
    InetAddress lo = a("127.0.0.1");
    TraceRequest r = TraceRequest.builder(lo).build();
    assertThat(r.maxTtl()).isEqualTo(30);
    assertThat(r.queriesPerHop()).isEqualTo(3);
    assertThat(r.maxProbes()).isEqualTo(90);
    assertThat(r.hereFactor()).isEqualTo(3.0);
    assertThat(r.nearFactor()).isEqualTo(10.0);
    assertThat(TraceRequest.builder(lo).method(ProbeMethod.UDP).build().port()).isEqualTo(33434);
    assertThatThrownBy(() -> TraceRequest.builder(lo).firstTtl(5).maxTtl(4).build())
        .hasMessageContaining("first TTL");
    assertThatThrownBy(() -> TraceRequest.builder(lo).queriesPerHop(11).build())
        .hasMessageContaining("queries");
    assertThatThrownBy(() -> TraceRequest.builder(lo).probesInFlight(0).build())
        .hasMessageContaining("in flight");
    assertThatThrownBy(() -> TraceRequest.builder(lo).adaptiveWait(0.1, 10).build())
        .hasMessageContaining("here factor");
    assertThatThrownBy(() -> TraceRequest.builder(lo).deadline(Duration.ofSeconds(61)).build())
        .hasMessageContaining("deadline");
  }

  @Test
  void pingResult_mismatchedLists_areRejected() {
    assertThatThrownBy(() -> new PingResult("127.0.0.1", ProbeMethod.ICMP, "x",
        TimestampSource.KERNEL, java.time.Instant.EPOCH, java.util.List.of(1.0),
        java.util.List.of())).hasMessageContaining("one responder entry per RTT");
  }
}
