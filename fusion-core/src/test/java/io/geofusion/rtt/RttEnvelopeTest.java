package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.testing.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class RttEnvelopeTest {

  private static final double NAN = Double.NaN;

  /**
   * Hand-computed: samples 10, 12, lost, 11, 15 ms. Sorted received: 10, 11, 12, 15. Type-7
   * quantiles h = 3p. Consecutive received differences 2, 1, 4. mtr (net_process_ping): first
   * jitter 0, Javg = (0+2+1+4)/4, Jint accumulator S += |Δ| − S/16: 0, 2, 2.875, 6.6953125.
   */
  @Test
  void of_handExample_matchesHandComputedAndMtrFigures() {
    RttEnvelope e = RttEnvelope.of(10, 12, NAN, 11, 15);
    assertThat(e.sent()).isEqualTo(5);
    assertThat(e.received()).isEqualTo(4);
    assertThat(e.lossRatio()).isCloseTo(0.2, within(1e-12));
    assertThat(e.minMs()).isEqualTo(10);
    assertThat(e.p25Ms()).isCloseTo(10.75, within(1e-12));
    assertThat(e.medianMs()).isCloseTo(11.5, within(1e-12));
    assertThat(e.p75Ms()).isCloseTo(12.75, within(1e-12));
    assertThat(e.p90Ms()).isCloseTo(14.1, within(1e-12));
    assertThat(e.maxMs()).isEqualTo(15);
    assertThat(e.meanMs()).isCloseTo(12, within(1e-12));
    assertThat(e.stddevMs()).isCloseTo(Math.sqrt(14.0 / 4), within(1e-12));
    assertThat(e.mtrStdevMs()).isCloseTo(Math.sqrt(14.0 / 3), within(1e-12));
    assertThat(e.jitterMs()).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(e.javgMs()).isCloseTo(1.75, within(1e-12));
    assertThat(e.jmaxMs()).isEqualTo(4);
    assertThat(e.jintMs()).isCloseTo(6.6953125, within(1e-12));
    assertThat(e.interarrivalJitterMs()).isCloseTo(6.6953125 / 16, within(1e-12));
  }

  @Test
  void of_oneReply_hasZeroSpreadAndJitter() {
    RttEnvelope e = RttEnvelope.of(NAN, 7.5);
    assertThat(e.minMs()).isEqualTo(7.5);
    assertThat(e.p90Ms()).isEqualTo(7.5);
    assertThat(e.jitterMs()).isZero();
    assertThat(e.javgMs()).isZero();
    assertThat(e.jintMs()).isZero();
    assertThat(e.mtrStdevMs()).isZero();
    assertThat(e.lossRatio()).isEqualTo(0.5);
  }

  @Test
  void of_allLost_hasNoRepliesAndNanFields() {
    RttEnvelope e = RttEnvelope.of(NAN, NAN, NAN);
    assertThat(e.hasReplies()).isFalse();
    assertThat(e.lossRatio()).isEqualTo(1.0);
    assertThat(e.minMs()).isNaN();
    assertThat(e.mtrStdevMs()).isNaN();
    assertThat(RttEnvelope.of().lossRatio()).isZero();
  }

  @Test
  void of_negativeOrInfiniteRtt_rejected() {
    assertThatThrownBy(() -> RttEnvelope.of(1, -2)).hasMessageContaining("-2.0");
    assertThatThrownBy(() -> RttEnvelope.of(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantile_badArguments_rejected() {
    assertThatThrownBy(() -> RttEnvelope.quantile(new double[0], 0.5))
        .hasMessageContaining("no values");
    assertThatThrownBy(() -> RttEnvelope.quantile(new double[] {1}, 1.5))
        .hasMessageContaining("1.5");
  }

  /** Seeded: quantiles are ordered, bracketed by min/max, monotone in p, and loss is counted. */
  @Test
  void of_randomSeries_quantilesOrderedAndConsistent() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int t = 0; t < 2000; t++) {
      int n = 1 + r.nextInt(60);
      double[] s = new double[n];
      int lost = 0;
      for (int i = 0; i < n; i++) {
        if (r.nextDouble() < 0.2) {
          s[i] = NAN;
          lost++;
        } else {
          s[i] = r.nextBoolean() ? r.nextDouble(0, 500) : 20 + -Math.log(1 - r.nextDouble()) * 5;
        }
      }
      String msg = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ") case " + t
          + " samples " + Arrays.toString(s);
      RttEnvelope e = RttEnvelope.of(s);
      assertThat(e.sent()).as(msg).isEqualTo(n);
      assertThat(e.received()).as(msg).isEqualTo(n - lost);
      if (!e.hasReplies()) {
        continue;
      }
      assertThat(e.minMs()).as(msg).isLessThanOrEqualTo(e.p25Ms());
      assertThat(e.p25Ms()).as(msg).isLessThanOrEqualTo(e.medianMs());
      assertThat(e.medianMs()).as(msg).isLessThanOrEqualTo(e.p75Ms());
      assertThat(e.p75Ms()).as(msg).isLessThanOrEqualTo(e.p90Ms());
      assertThat(e.p90Ms()).as(msg).isLessThanOrEqualTo(e.maxMs());
      assertThat(e.meanMs()).as(msg).isBetween(e.minMs() - 1e-9, e.maxMs() + 1e-9);
      assertThat(e.jmaxMs()).as(msg).isLessThanOrEqualTo(e.maxMs() - e.minMs() + 1e-9);
      assertThat(e.jitterMs()).as(msg).isLessThanOrEqualTo(e.jmaxMs() + 1e-9);
      assertThat(e.javgMs()).as(msg).isLessThanOrEqualTo(e.jitterMs() + 1e-9);
      double[] sorted = Arrays.stream(s).filter(v -> !Double.isNaN(v)).sorted().toArray();
      double prev = Double.NEGATIVE_INFINITY;
      for (double p = 0; p <= 1.0; p += 0.05) {
        double q = RttEnvelope.quantile(sorted, p);
        assertThat(q).as(msg + " p=" + p).isGreaterThanOrEqualTo(prev);
        prev = q;
      }
    }
  }
}
