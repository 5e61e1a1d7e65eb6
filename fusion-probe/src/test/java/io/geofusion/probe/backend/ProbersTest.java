package io.geofusion.probe.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import org.junit.jupiter.api.Test;

/** Backend lookup and automatic choice (moved here from fusion-core's RequestsTest). */
class ProbersTest {

  @Test
  void probers_byNameUnknown_listsKnownNames() {
    assertThatThrownBy(() -> Probers.byName("icmp4j"))
        .hasMessageContaining("native-raw").hasMessageContaining("tcp-connect")
        .hasMessageContaining("scamper").hasMessageContaining("system");
  }

  @Test
  void probers_selectTcpPing_skipsNativeBackendsWithOneLineReasons() throws Exception {
    Probers.Selection s = Probers.select(Prober.Operation.PING, ProbeMethod.TCP, false);
    assertThat(s.prober().name()).isEqualTo("tcp-connect");
    assertThat(s.skipped()).hasSize(2).allSatisfy(line ->
        assertThat(line).startsWith("native-").contains("TCP").doesNotContain("\n"));
  }
}
