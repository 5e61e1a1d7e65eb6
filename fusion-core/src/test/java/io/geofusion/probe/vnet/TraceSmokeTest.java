package io.geofusion.probe.vnet;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.internal.NativeProber;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TraceSmokeTest {

  @Test
  void trace_allModes_print() throws Exception {
    Assumptions.assumeTrue(VirtualNetwork.unavailableReason().isEmpty());
    for (String sc : new String[] {"origin-artifact", "ipv6-path"}) {
      Scenario s = Scenario.load(sc);
      try (VirtualNetwork vn = VirtualNetwork.start(s)) {
        for (NativeProber.Mode mode : NativeProber.Mode.values()) {
          for (ProbeMethod m : new ProbeMethod[] {ProbeMethod.ICMP, ProbeMethod.UDP}) {
            TraceResult r = vn.call(() -> new NativeProber(mode).trace(
                TraceRequest.builder(s.destinationAddress()).method(m).maxTtl(10)
                    .probeWait(Duration.ofSeconds(1)).build()));
            System.out.println(sc + " " + mode + " " + m + " " + r.elapsed() + " reached="
                + r.reachedDestination() + " ts=" + r.timestampSource());
            r.path().hops().forEach(h -> System.out.println("  " + h));
          }
        }
      }
    }
  }
}
