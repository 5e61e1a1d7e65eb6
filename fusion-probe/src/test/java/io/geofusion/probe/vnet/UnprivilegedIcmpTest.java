package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.backend.Probers;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code net.ipv4.ping_group_range} is per network namespace: a namespace with the kernel default
 * ("1 0", nobody) refuses ICMP datagram sockets even to root, one widened to "0 2147483647"
 * allows them. Needs root and /dev/net/tun.
 */
class UnprivilegedIcmpTest {

  @BeforeEach
  void needsVirtualNetwork() {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
  }

  @Test
  void dgramIcmp_pingGroupRangeClosed_unavailableWithSysctlAdvice() throws Exception {
    Scenario s = Scenario.load("origin-artifact");
    try (VirtualNetwork net = VirtualNetwork.start(s, false)) {
      Prober dgram = Probers.byName("native-dgram");
      Optional<String> icmp = net.call(() ->
          dgram.unavailableReason(Prober.Operation.PING, ProbeMethod.ICMP, false));
      assertThat(icmp).hasValueSatisfying(reason ->
          assertThat(reason).contains("ping_group_range").contains("sysctl"));
      // UDP needs no group: the same backend still traces with UDP.
      assertThat(net.call(() ->
          dgram.unavailableReason(Prober.Operation.TRACE, ProbeMethod.UDP, false))).isEmpty();
      PingRequest req = PingRequest.builder(s.destinationAddress()).count(1).build();
      assertThatThrownBy(() -> net.call(() -> dgram.ping(req)))
          .isInstanceOf(ProbeUnavailableException.class).hasMessageStartingWith("native-dgram: ");
    }
  }

  @Test
  void dgramIcmp_pingGroupRangeOpen_pingsThroughIcmpDatagramSocket() throws Exception {
    Scenario s = Scenario.load("origin-artifact");
    try (VirtualNetwork net = VirtualNetwork.start(s, true)) {
      Prober dgram = Probers.byName("native-dgram");
      assertThat(net.call(() ->
          dgram.unavailableReason(Prober.Operation.PING, ProbeMethod.ICMP, true))).isEmpty();
      PingResult r = net.call(() -> dgram.ping(PingRequest.builder(s.destinationAddress())
          .count(3).interval(Duration.ofMillis(200)).build()));
      assertThat(r.envelope().received()).isEqualTo(3);
      assertThat(r.backend()).isEqualTo("native-dgram");
    }
  }

  @Test
  void select_asRootInNamespace_prefersRawAndSkipsNothing() throws Exception {
    try (VirtualNetwork net = VirtualNetwork.start(Scenario.load("origin-artifact"))) {
      Probers.Selection sel = net.call(() ->
          Probers.select(Prober.Operation.TRACE, ProbeMethod.ICMP, false));
      assertThat(sel.prober().name()).isEqualTo("native-raw");
      assertThat(sel.skipped()).isEmpty();
    }
  }
}
