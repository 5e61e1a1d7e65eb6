package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.locate.TcpInterception.DecoyOutcome;
import java.net.InetAddress;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@link TcpInterception}: the RTT signs and the decoy port (the lab tests cover the rest). */
class TcpInterceptionTest {

  private static final OptionalDouble NONE = OptionalDouble.empty();

  @Test
  void signs_closedPortRefusedAndNothingElseKnown_none() {
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 0.5, NONE, NONE)).isEmpty();
    assertThat(TcpInterception.signs(DecoyOutcome.NO_ANSWER, 0.5, NONE, NONE)).isEmpty();
  }

  @Test
  void signs_closedPortAccepted() {
    assertThat(TcpInterception.signs(DecoyOutcome.ACCEPTED, 40, NONE, NONE))
        .containsExactly("closed_port_accepted");
  }

  @Test
  void signs_rttBelowTheFirstHop() {
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 0.5, OptionalDouble.of(1.2), NONE))
        .containsExactly("rtt_below_first_hop");
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 1.3, OptionalDouble.of(1.2), NONE))
        .isEmpty();
  }

  @Test
  void signs_rttFarBelowIcmp_halfAndAtLeastOneMillisecond() {
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 0.5, NONE, OptionalDouble.of(39.5)))
        .containsExactly("rtt_far_below_icmp");
    // 0.4 vs 0.9 ms is under half but within 1 ms: timer noise, not a sign
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 0.4, NONE, OptionalDouble.of(0.9)))
        .isEmpty();
    assertThat(TcpInterception.signs(DecoyOutcome.REFUSED, 30, NONE, OptionalDouble.of(39.5)))
        .isEmpty();
  }

  @Test
  void decoyPort_deterministicDynamicAndNeverTheProbedPort() throws Exception {
    InetAddress a = InetAddress.getByName("198.18.200.2");
    int p = TcpInterception.decoyPort(a, 443);
    assertThat(p).isBetween(49152, 65535).isEqualTo(TcpInterception.decoyPort(a, 443));
    assertThat(TcpInterception.decoyPort(a, p)).isNotEqualTo(p).isBetween(49152, 65535);
    for (int port = 49152; port <= 65535; port += 7) {
      assertThat(TcpInterception.decoyPort(a, port)).isNotEqualTo(port);
    }
  }
}
