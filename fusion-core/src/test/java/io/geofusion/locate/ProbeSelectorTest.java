package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProbeSelector#of}: one backend and method, or the backend's reason it cannot run. */
class ProbeSelectorTest {

  private final ScriptedProber prober =
      new ScriptedProber(List.of(1.0), List.of(), "needs CAP_NET_RAW");

  @Test
  void of_backendCanRun_thatBackendOnTheMethodsDefaultPort() throws Exception {
    ProbeChoice c = ProbeSelector.of(prober, ProbeMethod.UDP)
        .choose(Prober.Operation.PING, InetAddress.getByName("192.0.2.1"));
    assertThat(c.prober()).isSameAs(prober);
    assertThat(c.method()).isEqualTo(ProbeMethod.UDP);
    assertThat(c.port()).isEqualTo(33434);
    assertThat(c.skipped()).isEmpty();
  }

  @Test
  void of_backendCannotRun_itsReasonNamingOperationMethodAndFamily() {
    assertThatThrownBy(() -> ProbeSelector.of(prober, ProbeMethod.ICMP)
        .choose(Prober.Operation.TRACE, InetAddress.getByName("2001:db8::1")))
        .isInstanceOf(ProbeUnavailableException.class)
        .hasMessage("backend scripted cannot trace with ICMP over IPv6 here: needs CAP_NET_RAW");
  }
}
