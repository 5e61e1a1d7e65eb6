package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvalReportTest {

  private static TargetScore score(double ours, double cbg) {
    return new TargetScore("t", null, ours, cbg, Double.NaN, false, false, Double.NaN, 0.0);
  }

  @Test
  void cbgRatio_proportionalErrors_ratioAndIntervalAreExact() {
    List<TargetScore> s = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      s.add(score(0.5 * 10 * i, 10 * i));
    }
    double[] med = new EvalReport(s).cbgRatio(0.5);
    assertThat(med[0]).isCloseTo(0.5, within(1e-12));
    // every replicate scales both quantiles alike, so the interval collapses onto the ratio
    assertThat(med[1]).isCloseTo(0.5, within(1e-12));
    assertThat(med[2]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void cbgRatio_sameDistribution_intervalContainsOneAndIsDeterministic() {
    long seed = 42;
    SplittableRandom rng = new SplittableRandom(seed);
    List<TargetScore> s = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      s.add(score(-300 * Math.log(rng.nextDouble()), -300 * Math.log(rng.nextDouble())));
    }
    EvalReport r = new EvalReport(s);
    double[] p90 = r.cbgRatio(0.9);
    assertThat(p90[1]).as("seed %d", seed).isLessThan(1.0);
    assertThat(p90[2]).as("seed %d", seed).isGreaterThan(1.0);
    assertThat(p90[1]).isLessThan(p90[0]);
    assertThat(p90[2]).isGreaterThan(p90[0]);
    assertThat(r.cbgRatio(0.9)).containsExactly(p90);
  }

  @Test
  void cbgRatio_targetsWithoutBothErrors_areLeftOut() {
    List<TargetScore> s = new ArrayList<>();
    s.add(score(100, 200));
    s.add(score(Double.NaN, 50));
    s.add(score(5, Double.NaN));
    s.add(score(300, 600));
    double[] med = new EvalReport(s).cbgRatio(0.5);
    assertThat(med[0]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void cbgRatio_noScoredTarget_isNaN() {
    EvalReport r = new EvalReport(List.of(score(Double.NaN, Double.NaN)));
    assertThat(r.cbgRatio(0.5)).containsOnly(Double.NaN);
  }
}
