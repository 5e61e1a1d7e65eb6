package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.internal.NativeProber;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class VirtualNetworkSmokeTest {

  @Test
  void ping_throughTunDevice_answersAfterPathDelay() throws Exception {
    Assumptions.assumeTrue(VirtualNetwork.unavailableReason().isEmpty(),
        () -> "skipped: " + VirtualNetwork.unavailableReason().orElse(""));
    Scenario s = Scenario.load("origin-artifact");
    try (VirtualNetwork vn = VirtualNetwork.start(s)) {
      PingResult r = vn.call(() -> new NativeProber(NativeProber.Mode.DGRAM).ping(
          PingRequest.builder(s.destinationAddress()).count(3).interval(Duration.ofMillis(200))
              .timeout(Duration.ofSeconds(1)).build()));
      System.out.println(r);
      assertThat(r.envelope().received()).isEqualTo(3);
      assertThat(r.envelope().minMs()).isCloseTo(s.destinationRttMs(),
          org.assertj.core.data.Offset.offset(1.0));
    }
  }
}
