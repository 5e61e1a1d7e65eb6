package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class BestlineTest {

  private static final double K = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0);

  @Test
  void fit_pointsOnAKnownLinePlusNoise_recoversLowerLine() {
    // rtt = 0.02·d + 3 exactly for three landmarks, the rest strictly above.
    List<Landmark> ls = List.of(new Landmark(100, 5), new Landmark(1000, 23),
        new Landmark(5000, 103), new Landmark(500, 20), new Landmark(2000, 60),
        new Landmark(3000, 80));
    BestlineFit fit = BestlineFitter.defaults().fit(ls);
    assertThat(fit.line().slopeMsPerKm()).isCloseTo(0.02, within(1e-9));
    assertThat(fit.line().interceptMs()).isCloseTo(3, within(1e-9));
    assertThat(fit.landmarksUsed()).isEqualTo(6);
    assertThat(fit.excluded()).isEmpty();
    // Gaps: 0, 0, 0, 7, 17, 17.
    assertThat(fit.totalGapMs()).isCloseTo(41, within(1e-6));
    assertThat(Bestline.fit(ls)).isEqualTo(fit.line());
  }

  @Test
  void fit_landmarksFasterThanNeeded_slopeClampedAtSpeedBound() {
    // Points lie nearly on a line steeper... no: flatter than 1/k, so m is held at 1/k.
    List<Landmark> ls = List.of(new Landmark(1000, 10.5), new Landmark(2000, 20.2),
        new Landmark(4000, 40.1));
    Bestline b = Bestline.fit(ls);
    assertThat(b.slopeMsPerKm()).isCloseTo(1 / K, within(1e-12));
    assertThat(b.interceptMs()).isGreaterThanOrEqualTo(0);
    for (Landmark l : ls) {
      assertThat(b.rttMsAt(l.distanceKm())).isLessThanOrEqualTo(l.minRttMs());
    }
  }

  @Test
  void fit_interceptWouldBeNegative_heldAtZero() {
    // The steepest line through these points has a negative intercept; b >= 0 binds.
    List<Landmark> ls = List.of(new Landmark(1000, 20), new Landmark(2000, 50));
    Bestline b = Bestline.fit(ls);
    assertThat(b.interceptMs()).isZero();
    assertThat(b.slopeMsPerKm()).isCloseTo(0.02, within(1e-12));
  }

  @Test
  void fit_degenerateInput_rejectedPointingAtBaseline() {
    assertThatThrownBy(() -> Bestline.fit(List.of(new Landmark(100, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two or more distinct distances")
        .hasMessageContaining("Bestline.baseline");
    assertThatThrownBy(() -> Bestline.fit(List.of(new Landmark(300, 5), new Landmark(300, 9))))
        .hasMessageContaining("got 2 at one distance 300.0 km");
    assertThatThrownBy(() -> Bestline.fit(List.of())).hasMessageContaining("got 0");
  }

  @Test
  void fit_impossibleLandmark_rejectedOrExcluded() {
    // 2,000 km in 5 ms needs 400,000 km/s: a wrong landmark position.
    List<Landmark> ls = List.of(new Landmark(100, 5), new Landmark(1000, 25),
        new Landmark(2000, 5), new Landmark(3000, 70));
    assertThatThrownBy(() -> Bestline.fit(ls))
        .hasMessageContaining("2000.0 km").hasMessageContaining("faster than the speed bound")
        .hasMessageContaining("EXCLUDE");
    BestlineFit fit = BestlineFitter.of(K, BestlineFitter.ImpossibleLandmarks.EXCLUDE).fit(ls);
    assertThat(fit.excluded()).containsExactly(new Landmark(2000, 5));
    assertThat(fit.landmarksUsed()).isEqualTo(3);
  }

  @Test
  void fitter_badSpeedBound_rejected() {
    assertThatThrownBy(() -> BestlineFitter.of(200, BestlineFitter.ImpossibleLandmarks.REJECT))
        .hasMessageContaining("200.0");
    assertThatThrownBy(() -> BestlineFitter.of(K, null)).hasMessageContaining("policy");
  }

  @Test
  void maxDistanceKm_invertsLineAndClipsAtZero() {
    Bestline b = new Bestline(0.02, 3);
    assertThat(b.maxDistanceKm(23)).isCloseTo(1000, within(1e-9));
    assertThat(b.maxDistanceKm(2)).isZero();
    assertThat(b.kmPerRttMs()).isCloseTo(50, within(1e-12));
    assertThatThrownBy(() -> b.maxDistanceKm(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new Bestline(0, 1)).hasMessageContaining("slope");
    assertThatThrownBy(() -> new Bestline(0.01, -1)).hasMessageContaining("intercept");
  }

  @Test
  void baseline_isPhysicalBound() {
    Bestline b = Bestline.baseline(K);
    assertThat(b.maxDistanceKm(10)).isCloseTo(DistanceModel.FIBER_TWO_THIRDS.maxDistanceKm(10, 0),
        within(1e-9));
    assertThatThrownBy(() -> Bestline.baseline(-1)).hasMessageContaining("-1.0");
  }

  /**
   * Seeded: on random feasible landmark sets the fit satisfies every constraint, never bounds
   * beyond the physical bound, and its total gap is minimal: no candidate vertex of the LP (a
   * line through two landmarks, through one landmark at the slope bound or with zero intercept,
   * or the baseline) that is feasible has a smaller gap.
   */
  @Test
  void fit_randomLandmarks_feasibleAndOptimal() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    String base = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ")";
    for (int t = 0; t < 300; t++) {
      double trueSlope = (1 / K) * (1 + r.nextDouble(0, 2));
      double trueIntercept = r.nextDouble(0, 20);
      int n = 2 + r.nextInt(40);
      List<Landmark> ls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double d = r.nextDouble(0, 15_000);
        ls.add(new Landmark(d, trueSlope * d + trueIntercept + -Math.log(1 - r.nextDouble()) * 8));
      }
      String msg = base + " case " + t + " landmarks " + ls;
      BestlineFit fit = BestlineFitter.defaults().fit(ls);
      Bestline b = fit.line();
      assertThat(b.slopeMsPerKm()).as(msg).isGreaterThanOrEqualTo(1 / K);
      assertThat(b.interceptMs()).as(msg).isGreaterThanOrEqualTo(0);
      for (Landmark l : ls) {
        assertThat(b.rttMsAt(l.distanceKm())).as(msg).isLessThanOrEqualTo(l.minRttMs());
        assertThat(b.maxDistanceKm(l.minRttMs())).as(msg)
            .isGreaterThanOrEqualTo(l.distanceKm() * (1 - 1e-12));
        assertThat(b.maxDistanceKm(l.minRttMs())).as(msg)
            .isLessThanOrEqualTo(DistanceModel.FIBER_TWO_THIRDS.maxDistanceKm(l.minRttMs(), 0)
                * (1 + 1e-12));
      }
      assertThat(fit.totalGapMs()).as(msg).isLessThanOrEqualTo(bruteForceGap(ls) + 1e-6);
    }
  }

  private static double bruteForceGap(List<Landmark> ls) {
    List<double[]> cands = new ArrayList<>();
    cands.add(new double[] {1 / K, 0});
    for (Landmark a : ls) {
      cands.add(new double[] {1 / K, a.minRttMs() - a.distanceKm() / K});
      if (a.distanceKm() > 0) {
        cands.add(new double[] {a.minRttMs() / a.distanceKm(), 0});
      }
      for (Landmark c : ls) {
        if (c.distanceKm() > a.distanceKm()) {
          double m = (c.minRttMs() - a.minRttMs()) / (c.distanceKm() - a.distanceKm());
          cands.add(new double[] {m, a.minRttMs() - m * a.distanceKm()});
        }
      }
    }
    double best = Double.POSITIVE_INFINITY;
    for (double[] mb : cands) {
      if (mb[0] < 1 / K - 1e-15 || mb[1] < -1e-12) {
        continue;
      }
      double gap = 0;
      boolean feasible = true;
      for (Landmark l : ls) {
        double g = l.minRttMs() - (mb[0] * l.distanceKm() + mb[1]);
        if (g < -1e-9) {
          feasible = false;
          break;
        }
        gap += g;
      }
      if (feasible) {
        best = Math.min(best, gap);
      }
    }
    return best;
  }
}
