package io.geofusion.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The method, port and payload rules {@link PingRequest} and {@link TraceRequest} share. */
class LimitsTest {

  @Test
  void portOrDefault_unsetPort_isTheMethodsDefault() {
    assertThat(Limits.portOrDefault(-1, ProbeMethod.ICMP)).isZero();
    assertThat(Limits.portOrDefault(-1, ProbeMethod.UDP)).isEqualTo(33434);
    assertThat(Limits.portOrDefault(-1, ProbeMethod.TCP)).isEqualTo(80);
    assertThat(Limits.portOrDefault(443, ProbeMethod.TCP)).isEqualTo(443);
    assertThat(Limits.portOrDefault(0, ProbeMethod.UDP)).isZero(); // set: refused later
    assertThat(Limits.portOrDefault(-1, null)).isZero();
  }

  @Test
  void checkMethodAndPort_badValues_nameTheRequestAndTheField() {
    assertThatThrownBy(() -> Limits.checkMethodAndPort("a ping", null, 0))
        .hasMessage("a ping needs a method (ICMP, UDP or TCP)");
    assertThatThrownBy(() -> Limits.checkMethodAndPort("a trace", ProbeMethod.ICMP, 7))
        .hasMessage("ICMP probes have no port, got 7");
    assertThatThrownBy(() -> Limits.checkMethodAndPort("a trace", ProbeMethod.UDP, 65536))
        .hasMessage("port must be in [1, 65535] for UDP, got 65536");
    Limits.checkMethodAndPort("a ping", ProbeMethod.TCP, 65535);
    Limits.checkMethodAndPort("a ping", ProbeMethod.ICMP, 0);
  }

  @Test
  void checkPayload_outside0To1400_isRefused() {
    Limits.checkPayload(0);
    Limits.checkPayload(1400);
    assertThatThrownBy(() -> Limits.checkPayload(-1)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> Limits.checkPayload(1401)).hasMessageContaining("[0, 1400]");
  }

  @Test
  void pingAndTraceBuilders_sameBadMethodPortPayload_sameMessages() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    assertThatThrownBy(() -> PingRequest.builder(lo).method(null).build())
        .hasMessage("a ping needs a method (ICMP, UDP or TCP)");
    assertThatThrownBy(() -> TraceRequest.builder(lo).method(null).build())
        .hasMessage("a trace needs a method (ICMP, UDP or TCP)");
    for (int bad : new int[] {-1, 1401}) {
      String ping = message(() -> PingRequest.builder(lo).payloadBytes(bad).build());
      assertThat(message(() -> TraceRequest.builder(lo).payloadBytes(bad).build()))
          .isEqualTo(ping).contains("payload");
    }
    assertThat(message(() -> TraceRequest.builder(lo).method(ProbeMethod.TCP).port(0).build()))
        .isEqualTo(message(() -> PingRequest.builder(lo).method(ProbeMethod.TCP).port(0).build()))
        .isEqualTo("port must be in [1, 65535] for TCP, got 0");
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected an IllegalArgumentException");
  }
}
