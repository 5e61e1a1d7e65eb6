package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.backend.Probers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulated delay is the delay measured, to a fraction of a millisecond, whatever its
 * sub-millisecond part: the virtual network's writer used to wait with {@code Object.wait(ms,
 * ns)}, which rounds a nanosecond remainder up to a whole millisecond: whenever the time left
 * before a reply's spin phase was just above a whole millisecond the reply went out up to 0.8 ms
 * late (measured: 13.45 ms emulated, 14.25 ms minimum RTT), and which delays were hit depended
 * on the writer's wake-up latency. ProberContractTest's 1 ms tolerance and whole-millisecond
 * scenarios hid it; the multi-vantage testbed's fractional delays did not. The delays here sweep
 * the sub-millisecond part in 0.1 ms steps, so some of them land on the rounding whatever the
 * wake-up latency is.
 *
 * <p>Bounds, robust to load by construction: delay only adds, so every minimum RTT is at least
 * the emulated delay (one-sided); the upper bound is the emulated delay plus the noise floor —
 * the minimum RTT of the same prober through the same TUN device with zero emulated delay,
 * measured in the same attempt — plus {@link #MARGIN_MS}, judged on the best of up to
 * {@link MinRttBound#MAX_ATTEMPTS} attempts.
 */
class EmulatedDelayTest {

  /**
   * Allowed excess over delay + floor, ms: well below the up to 0.8 ms the millisecond rounding
   * added, above the tens of µs by which a deadline-scheduled reply is late.
   */
  private static final double MARGIN_MS = 0.25;

  /** 2.05, 3.15, … 11.95 ms: every sub-millisecond part in 0.1 ms steps. */
  private static final List<Double> DELAYS_MS = java.util.stream.IntStream.range(0, 10)
      .mapToObj(k -> 2.05 + 1.1 * k).toList();

  private static VirtualNetwork net;
  private static Prober icmp;

  @BeforeAll
  static void startNetwork() throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped, virtual network unavailable: "
        + why.orElse(""));
    net = VirtualNetwork.start(path(0));
    icmp = Probers.select(Prober.Operation.PING, ProbeMethod.ICMP, false).prober();
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  /** A one-link path whose destination answers after {@code rttMs}. */
  private static Scenario path(double rttMs) {
    return new Scenario("delay-" + rttMs, "198.18.9.9", List.of(), rttMs / 2, 0, false, null, 0,
        1, null);
  }

  private static double minRttMs(double emulatedMs) throws Exception {
    Scenario s = path(emulatedMs);
    net.emulate(s);
    PingRequest req = PingRequest.builder(s.destinationAddress()).method(ProbeMethod.ICMP)
        .count(15).interval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(1)).build();
    PingResult r = net.call(() -> icmp.ping(req));
    assertThat(r.envelope().received()).as("replies at %s ms: %s", emulatedMs, r).isEqualTo(15);
    return r.envelope().minMs();
  }

  @Test
  void minRtt_fractionalDelays_atLeastTheDelayAndWithinTheNoiseFloor() throws Exception {
    for (double delay : DELAYS_MS) {
      double bestExcess = Double.POSITIVE_INFINITY;
      double floor = Double.NaN;
      for (int attempt = 1; attempt <= MinRttBound.MAX_ATTEMPTS
          && !(bestExcess <= MARGIN_MS); attempt++) {
        floor = minRttMs(0);
        double min = minRttMs(delay);
        assertThat(min).as("min RTT at %s ms emulated (delay only adds)", delay)
            .isGreaterThanOrEqualTo(delay);
        bestExcess = Math.min(bestExcess, min - delay - floor);
        System.out.printf(Locale.ROOT, "emulated %.2f ms: min RTT %.3f ms, floor %.3f ms,"
            + " excess %.3f ms (attempt %d, %s)%n", delay, min, floor, min - delay - floor,
            attempt, net.scheduling());
      }
      assertThat(bestExcess).as("min RTT at %s ms emulated, above delay + floor (%.3f ms)",
          delay, floor).isLessThanOrEqualTo(MARGIN_MS);
    }
  }
}
