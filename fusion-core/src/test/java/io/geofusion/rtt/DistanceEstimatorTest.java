package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class DistanceEstimatorTest {

  private static final double K = 99.930819; // 2/3 c / 2, km per RTT-ms

  @Test
  void estimate_defaults_maxFromMinRttAndMinZero() {
    DistanceEstimate d = DistanceEstimator.defaults().estimate(RttEnvelope.of(30, 35, 31, 40));
    assertThat(d.maxKm()).isCloseTo(30 * K, within(1e-3));
    assertThat(d.estimateKm()).isEqualTo(d.maxKm());
    assertThat(d.minKm()).isZero();
    assertThat(d.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void estimate_routeStretch_dividesEstimateAndNeverEnlargesMax() {
    // The origin's case: an ASN penalty of 1.5 used to MULTIPLY the distance (45 ms ≈ 4,497 km
    // became 6,745 km, beyond the physical bound). Here the bound stays and the estimate shrinks.
    RttEnvelope e = RttEnvelope.of(45, 46, 47);
    DistanceEstimator est = DistanceEstimator.defaults();
    DistanceEstimate plain = est.estimate(e);
    DistanceEstimate cable = est.estimate(e, 1.5, 0);
    assertThat(cable.maxKm()).isEqualTo(plain.maxKm());
    assertThat(cable.estimateKm()).isCloseTo(plain.maxKm() / 1.5, within(1e-9));
    assertThat(cable.estimateKm()).isLessThan(plain.estimateKm());
    assertThat(DistanceEstimator.builder().routeStretch(1.3).build().estimate(e).estimateKm())
        .isCloseTo(plain.maxKm() / 1.3, within(1e-9));
  }

  @Test
  void estimate_rttBeyondHalfTheCircumference_clampedTo20004KmAndSaysSo() {
    // 600 ms at 2/3 c is 59,958 km (the estimate with stretch 1.5 was 39,972 km): nothing on
    // Earth is further than half the circumference.
    DistanceEstimate d = DistanceEstimator.defaults().estimate(RttEnvelope.of(600), 1.5, 0);
    assertThat(d.maxKm()).isEqualTo(io.geofusion.geo.Geodesy.MAX_DISTANCE_KM);
    assertThat(d.estimateKm()).isEqualTo(io.geofusion.geo.Geodesy.MAX_DISTANCE_KM);
    assertThat(d.clamped()).isTrue();
    DistanceEstimate near = DistanceEstimator.defaults().estimate(RttEnvelope.of(150), 1.5, 0);
    assertThat(near.clamped()).isFalse();
    assertThat(near.estimateKm()).isCloseTo(150 * K / 1.5, within(1e-3));
    assertThatThrownBy(() -> new DistanceEstimate(1.0, 0.0, 30000.0, 0.5))
        .hasMessageContaining("half the circumference");
  }

  @Test
  void estimate_localDelay_subtractedBeforeConversion() {
    DistanceEstimator est = DistanceEstimator.builder().localDelayMs(4).build();
    assertThat(est.estimate(RttEnvelope.of(24)).maxKm()).isCloseTo(20 * K, within(1e-3));
    assertThat(est.estimate(RttEnvelope.of(3)).maxKm()).isZero();
    assertThat(est.localDelay().source()).isEqualTo(LocalDelay.Source.CONFIGURED);
  }

  @Test
  void estimate_otherModel_usesItsSpeed() {
    DistanceEstimator est =
        DistanceEstimator.builder().model(DistanceModel.SPEED_OF_INTERNET).build();
    assertThat(est.estimate(RttEnvelope.of(10)).maxKm()).isCloseTo(666.20546, within(1e-4));
  }

  @Test
  void estimate_noReplies_throwsButTryEstimateIsEmpty() {
    RttEnvelope lost = RttEnvelope.of(Double.NaN, Double.NaN);
    assertThatThrownBy(() -> DistanceEstimator.defaults().estimate(lost))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sent=2");
    assertThat(DistanceEstimator.defaults().tryEstimate(lost)).isEmpty();
  }

  @Test
  void estimate_badArguments_rejectedWithReason() {
    RttEnvelope e = RttEnvelope.of(10);
    assertThatThrownBy(() -> DistanceEstimator.defaults().estimate(e, 0.8, 0))
        .hasMessageContaining(">= 1").hasMessageContaining("0.8");
    assertThatThrownBy(() -> DistanceEstimator.defaults().estimate(e, 1, -1))
        .hasMessageContaining("anomaly");
    assertThatThrownBy(() -> DistanceEstimator.builder().routeStretch(Double.NaN))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> DistanceEstimator.builder().model(null))
        .hasMessageContaining("model");
    assertThatThrownBy(() -> DistanceEstimator.builder().localDelayMs(-1))
        .hasMessageContaining("-1.0");
  }

  @Test
  void confidence_workedExample() {
    // 10 replies, 2 % relative jitter, no loss, no anomaly: 10/13 · exp(-0.08) = 0.710.
    double c = DistanceEstimator.confidence(10, 1.0, 50.0, 0.0, 0);
    assertThat(c).isCloseTo(10.0 / 13 * Math.exp(-0.08), within(1e-12));
    assertThat(DistanceEstimator.confidence(0, 0, 0, 1, 0)).isZero();
  }

  @Test
  void confidence_badArguments_rejected() {
    assertThatThrownBy(() -> DistanceEstimator.confidence(3, 1, 10, 1.2, 0))
        .hasMessageContaining("1.2");
    assertThatThrownBy(() -> DistanceEstimator.confidence(3, Double.NaN, 10, 0, 0))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> DistanceEstimator.confidence(-1, 1, 10, 0, 0))
        .hasMessageContaining("received=-1");
  }

  /**
   * Seeded: confidence lies in [0, 1], strictly rises with received count and strictly falls with
   * jitter, loss and anomalies when the other arguments are held fixed.
   */
  @Test
  void confidence_randomArguments_monotoneInEachArgument() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    String base = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ")";
    for (int t = 0; t < 5000; t++) {
      int n = 1 + r.nextInt(200);
      double minRtt = r.nextDouble(0, 400);
      double jitter = r.nextDouble(0, 50);
      double loss = r.nextDouble(0, 0.99);
      int a = r.nextInt(8);
      String msg = base + " n=" + n + " min=" + minRtt + " jitter=" + jitter + " loss=" + loss
          + " anomalies=" + a;
      double c = DistanceEstimator.confidence(n, jitter, minRtt, loss, a);
      assertThat(c).as(msg).isBetween(0.0, 1.0).isPositive();
      assertThat(DistanceEstimator.confidence(n + 1 + r.nextInt(50), jitter, minRtt, loss, a))
          .as(msg + ": more replies").isGreaterThan(c);
      assertThat(DistanceEstimator.confidence(n, jitter + r.nextDouble(0.01, 20), minRtt, loss, a))
          .as(msg + ": more jitter").isLessThan(c);
      assertThat(DistanceEstimator.confidence(n, jitter, minRtt,
          loss + r.nextDouble(0.001, 1 - loss), a)).as(msg + ": more loss").isLessThan(c);
      assertThat(DistanceEstimator.confidence(n, jitter, minRtt, loss, a + 1 + r.nextInt(3)))
          .as(msg + ": more anomalies").isLessThan(c);
    }
  }

  /**
   * Seeded: for any envelope, stretch, delay and anomaly count, 0 ≤ min ≤ estimate ≤ max, and max
   * is exactly the model's physical bound whatever the stretch.
   */
  @Test
  void estimate_randomInputs_distanceInvariantsHold() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    String base = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ")";
    List<DistanceModel> models = DistanceModel.presets();
    for (int t = 0; t < 3000; t++) {
      int n = 1 + r.nextInt(30);
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextDouble() < 0.1 ? Double.NaN : r.nextDouble(0, 600);
      }
      RttEnvelope e = RttEnvelope.of(s);
      DistanceModel model = models.get(r.nextInt(models.size()));
      double delay = r.nextDouble() < 0.3 ? 0 : r.nextDouble(0, 30);
      double stretch = 1 + r.nextDouble(0, 3);
      int anomalies = r.nextInt(5);
      DistanceEstimator est = DistanceEstimator.builder().model(model).localDelayMs(delay).build();
      String msg = base + " case " + t + " model=" + model.name() + " delay=" + delay
          + " stretch=" + stretch;
      var d = est.tryEstimate(e, stretch, anomalies);
      assertThat(d.isPresent()).as(msg).isEqualTo(e.hasReplies());
      if (d.isEmpty()) {
        continue;
      }
      DistanceEstimate x = d.get();
      assertThat(x.minKm()).as(msg).isGreaterThanOrEqualTo(0);
      assertThat(x.minKm()).as(msg).isLessThanOrEqualTo(x.estimateKm());
      assertThat(x.estimateKm()).as(msg).isLessThanOrEqualTo(x.maxKm());
      assertThat(x.maxKm()).as(msg).isEqualTo(Math.min(model.maxDistanceKm(e.minMs(), delay),
          io.geofusion.geo.Geodesy.MAX_DISTANCE_KM));
      assertThat(est.estimate(e, 1.0, anomalies).maxKm()).as(msg).isEqualTo(x.maxKm());
    }
  }

  @Test
  void estimate_sharedAcrossThreads_sameAnswers() throws Exception {
    DistanceEstimator est = DistanceEstimator.builder().localDelayMs(1.5).routeStretch(1.2).build();
    RttEnvelope e = RttEnvelope.of(21, 22, Double.NaN, 25);
    DistanceEstimate expected = est.estimate(e);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        fs.add(pool.submit(() -> {
          for (int k = 0; k < 200; k++) {
            if (!est.estimate(e).equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : fs) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
