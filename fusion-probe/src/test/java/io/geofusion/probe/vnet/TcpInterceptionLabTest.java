package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.json.PingDocuments;
import io.geofusion.json.PingResultDocument;
import io.geofusion.locate.LivePing;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.TcpInterception;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.backend.Probers;
import io.geofusion.rtt.DistanceEstimator;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpInterception} across real kernels: a client pings a target through a router whose
 * nftables redirect every TCP connection to a local accept-all listener ({@link InterceptLab}),
 * and through the same router without the redirect (the control). Only the target's own
 * address is ever probed. Needs root and nft; skips saying so otherwise.
 */
class TcpInterceptionLabTest {

  private static final PingSettings SETTINGS =
      new PingSettings(3, Duration.ofMillis(200), Duration.ofSeconds(1));

  private static LivePing tcpPing(InterceptLab lab, int port) throws Exception {
    return lab.call(() -> LivePing.probe(Probers.selector("tcp-connect", ProbeMethod.TCP, port),
        SETTINGS, LiveTarget.literal(InterceptLab.TARGET), DistanceEstimator.defaults()));
  }

  private static void assumeLab(boolean intercept) {
    Optional<String> why = InterceptLab.unavailableReason(intercept);
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
  }

  @Test
  void tcpPing_routerInterceptsEveryConnection_suspectedAndNoDistance() throws Exception {
    assumeLab(true);
    try (InterceptLab lab = InterceptLab.start(true)) {
      LivePing p = tcpPing(lab, InterceptLab.OPEN_PORT);
      assertThat(p.result().envelope().received()).isEqualTo(3);
      TcpInterception t = p.interception().orElseThrow();
      assertThat(t.decoyOutcome()).isEqualTo(TcpInterception.DecoyOutcome.ACCEPTED);
      assertThat(t.signs()).contains(TcpInterception.CLOSED_PORT_ACCEPTED);
      assertThat(t.decoyPort()).isBetween(49152, 65535)
          .isEqualTo(TcpInterception.decoyPort(p.target().address(), InterceptLab.OPEN_PORT));
      PingResultDocument d = PingDocuments.live(p);
      assertThat(d.anomalies()).contains("tcp_intercepted_suspected", "closed_port_accepted");
      assertThat(d.distance()).as("abstains: the RTT measures the router").isNull();
    }
  }

  @Test
  void tcpPing_routerOnlyForwards_notSuspectedAndDistanceGiven() throws Exception {
    assumeLab(false);
    try (InterceptLab lab = InterceptLab.start(false)) {
      for (int port : new int[] {InterceptLab.OPEN_PORT, 444}) {
        LivePing p = tcpPing(lab, port);
        assertThat(p.result().envelope().received()).as("port %d: SYN-ACK or RST", port)
            .isEqualTo(3);
        TcpInterception t = p.interception().orElseThrow();
        assertThat(t.decoyOutcome()).as("port %d", port)
            .isEqualTo(TcpInterception.DecoyOutcome.REFUSED);
        assertThat(t.suspected()).isFalse();
        PingResultDocument d = PingDocuments.live(p);
        assertThat(d.anomalies()).doesNotContain("tcp_intercepted_suspected");
        assertThat(d.distance()).isNotNull();
      }
    }
  }

  @Test
  void icmpPing_notCheckedForInterception() throws Exception {
    assumeLab(true);
    try (InterceptLab lab = InterceptLab.start(true)) {
      LivePing p = lab.call(() -> LivePing.probe(Probers.selector("auto", ProbeMethod.ICMP, null),
          SETTINGS, LiveTarget.literal(InterceptLab.TARGET), DistanceEstimator.defaults()));
      assertThat(p.result().envelope().received()).isEqualTo(3);
      assertThat(p.interception()).isEmpty();
      assertThat(PingDocuments.live(p).distance()).isNotNull();
    }
  }
}
