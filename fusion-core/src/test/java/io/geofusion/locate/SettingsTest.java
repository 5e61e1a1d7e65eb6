package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.probe.ProbeMethod;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link PingSettings} and {@link TraceSettings}: the request rules, and the deadlines. */
class SettingsTest {

  @Test
  void pingSettings_deadline_countMinusOneIntervalsPlusTimeout() {
    assertThat(PingSettings.DEFAULTS.deadline()).isEqualTo(Duration.ofSeconds(6));
    assertThat(new PingSettings(1, Duration.ofSeconds(5), Duration.ofMillis(300)).deadline())
        .isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void pingSettings_outOfRange_theRequestsMessage() {
    assertThatThrownBy(() -> new PingSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be in [1, 10000], got 0");
  }

  @Test
  void pingSettings_request_carriesTargetMethodAndPort() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    var r = PingSettings.DEFAULTS.request(lo, ProbeMethod.TCP, 443);
    assertThat(r.target()).isEqualTo(lo);
    assertThat(r.method()).isEqualTo(ProbeMethod.TCP);
    assertThat(r.port()).isEqualTo(443);
    assertThat(r.count()).isEqualTo(5);
  }

  @Test
  void traceSettings_deadline_thirtySecondsOrTwiceTheWaitUpToSixty() {
    assertThat(TraceSettings.DEFAULTS.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(new TraceSettings(1, 30, 3, Duration.ofSeconds(20)).deadline())
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(new TraceSettings(1, 30, 3, Duration.ofSeconds(45)).deadline())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(TraceSettings.DEFAULTS.request(InetAddress.getLoopbackAddress(), ProbeMethod.ICMP,
        0).deadline()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void traceSettings_outOfRange_theRequestsMessage() {
    assertThatThrownBy(() -> new TraceSettings(9, 3, 3, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need 1 <= first TTL <= max TTL <= 255, got 9 and 3");
    assertThatThrownBy(() -> new TraceSettings(1, 30, 3, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probe wait");
  }
}
