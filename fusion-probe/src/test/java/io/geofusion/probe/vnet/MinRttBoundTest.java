package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The check still fails a wrong prober; it forgives only what scheduling can do. */
class MinRttBoundTest {

  @Test
  void assertNear_proberAddingFiveMs_failsAfterEveryAttempt() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> MinRttBound.assertNear("x", 20.0, 1.0, () -> {
      calls.incrementAndGet();
      return 25.0;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("best min RTT");
    assertThat(calls.get()).isEqualTo(MinRttBound.MAX_ATTEMPTS);
  }

  @Test
  void assertNear_proberReportingEarly_failsOnTheFirstMeasurement() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> MinRttBound.assertNear("x", 20.0, 1.0, () -> {
      calls.incrementAndGet();
      return 18.5;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("delay only adds");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void assertNear_stalledMeasurementsThenOneClean_passesWithTheBest() throws Exception {
    double[] seen = {22.9, 47.6, 20.3, 30.0};
    AtomicInteger calls = new AtomicInteger();
    double best = MinRttBound.assertNear("x", 20.0, 1.0, () -> seen[calls.getAndIncrement()]);
    assertThat(best).isEqualTo(20.3);
    assertThat(calls.get()).as("stops at the first measurement within the bound").isEqualTo(3);
  }
}
