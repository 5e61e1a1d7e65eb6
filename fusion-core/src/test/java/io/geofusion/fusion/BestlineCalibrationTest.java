package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import io.geofusion.rtt.DistanceModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-vantage bestline calibration in the fusion RTT layer (docs/fusion.md §2). */
class BestlineCalibrationTest {

  private static final FusionEngine ENGINE = FusionEngine.create();
  private static final LatLon TRUTH = LatLon.of(47.37, 8.54); // Zurich
  /** Every vantage's access delay (e.g. a DSL or cable line): 20 ms before any distance. */
  private static final double ACCESS_MS = 20.0;
  /** The vantages' own path speed along the bestline, km per RTT-ms (below 2/3 c's 99.93). */
  private static final double SPEED = 80.0;

  /**
   * Five vantages 300–1,500 km from the truth whose RTTs follow {@code rtt = b + d/(ρ·v)}: the
   * target sits at scaled distance ρ of each vantage's bestline bound.
   */
  private static List<VantageObservation> vantages(boolean calibrated, double rho) {
    double[] bearings = {0, 75, 150, 220, 290};
    double[] dist = {300, 600, 900, 1200, 1500};
    Bestline line = new Bestline(1.0 / SPEED, ACCESS_MS);
    List<VantageObservation> out = new ArrayList<>();
    for (int i = 0; i < bearings.length; i++) {
      LatLon at = Geodesy.destination(TRUTH, bearings[i], dist[i]);
      double d = Geodesy.distanceKm(at, TRUTH);
      VantageObservation v = VantageObservation.of("v" + i, at, ACCESS_MS + d / (rho * SPEED));
      out.add(calibrated ? v.withBestline(line) : v);
    }
    return out;
  }

  private static FusionResult fuse(List<VantageObservation> vs) {
    return ENGINE.fuse(FusionInput.builder("t").vantages(vs).build());
  }

  @Test
  void fuse_calibratedLargeIntercept_tighterAndStillCorrect() {
    // The mechanism alone: the same distance likelihood for both (the uncalibrated knots, ρ mean
    // ≈ 0.375) and the bestline bound taken as it is (φ = 0, as in CBG). The vantages' RTTs put
    // the target at ρ = 0.375 of the bestline bound; uncalibrated, the 20 ms access delay reads
    // as 2,000 km of extra distance.
    FusionEngine pure = new FusionEngine(FusionParameters.defaults()
        .withCalibratedRttModel(RttLikelihoodModel.WONDERNETWORK_2020).withBestlineFloorShare(0.0));
    List<VantageObservation> plainVs = vantages(false, 0.375);
    List<VantageObservation> calVs = vantages(true, 0.375);
    FusionResult.Located plain =
        located(pure.fuse(FusionInput.builder("t").vantages(plainVs).build()));
    FusionResult.Located cal = located(pure.fuse(FusionInput.builder("t").vantages(calVs).build()));
    double errPlain = Geodesy.distanceKm(plain.estimate(), TRUTH);
    double errCal = Geodesy.distanceKm(cal.estimate(), TRUTH);
    // Still correct: the truth lies in the calibrated 50 % and 90 % circles.
    assertThat(errCal).isLessThanOrEqualTo(cal.circle50().radiusKm());
    assertThat(errCal).isLessThanOrEqualTo(cal.circle90().radiusKm());
    // Tighter: the access delay no longer counts as distance.
    assertThat(cal.circle90().radiusKm()).isLessThan(0.7 * plain.circle90().radiusKm());
    assertThat(cal.circle50().radiusKm()).isLessThan(0.7 * plain.circle50().radiusKm());
    assertThat(errCal).isLessThan(errPlain);
    // The default engine (φ = 0.7, its own fitted knots) on the same vantages: also correct.
    FusionResult.Located def = located(fuse(calVs));
    assertThat(Geodesy.distanceKm(def.estimate(), TRUTH))
        .isLessThanOrEqualTo(def.circle90().radiusKm());
  }

  @Test
  void fuse_bestlineFasterThanLight_physicalBoundStaysHard() {
    // A bestline claiming 1,000 km per RTT-ms would allow 10,000 km at 10 ms; the hard bound is
    // 10 ms × 99.93 km/ms = 999 km, so it must act exactly like the physical baseline line.
    LatLon at = LatLon.of(40.0, -3.7);
    VantageObservation v = VantageObservation.of("mad", at, 10.0);
    VantageObservation w = VantageObservation.of("lis", LatLon.of(38.72, -9.14), 12.0);
    Bestline fast = new Bestline(1.0 / 1000.0, 0.0);
    Bestline physical = Bestline.baseline(DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0));
    FusionResult.Located a =
        located(ENGINE.fuse(FusionInput.builder("t").vantage(v.withBestline(fast))
        .vantage(w.withBestline(fast)).build()));
    FusionResult.Located b =
        located(ENGINE.fuse(FusionInput.builder("t").vantage(v.withBestline(physical))
        .vantage(w.withBestline(physical)).build()));
    assertThat(a.estimate()).isEqualTo(b.estimate());
    assertThat(a.circle90().radiusKm()).isEqualTo(b.circle90().radiusKm());
    assertThat(Geodesy.distanceKm(a.estimate(), at)).isLessThan(999.3 + 25.0);
  }

  @Test
  void calibratedBoundKm_rttBelowIntercept_flooredAtShareOfPhysical() {
    // 3 ms below a 5 ms intercept: the line alone says 0 km (every point at ρ ≥ 1, no
    // information); the floor keeps 0.7 of the physical 299.8 km.
    Bestline line = new Bestline(0.02, 5.0);
    double phys = 3.0 * DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0);
    assertThat(line.maxDistanceKm(3.0)).isZero();
    assertThat(RttLikelihoodModel.calibratedBoundKm(line, 3.0, phys))
        .isCloseTo(RttLikelihoodModel.BESTLINE_FLOOR_SHARE * phys, within(1e-9));
    // Above the floor the line decides; a line faster than the physical bound is capped.
    assertThat(RttLikelihoodModel.calibratedBoundKm(new Bestline(0.01, 0.5), 3.0, phys))
        .isCloseTo(250.0, within(1e-9));
    assertThat(RttLikelihoodModel.calibratedBoundKm(line, 3.0, phys, 0.0)).isZero();
    assertThat(RttLikelihoodModel.calibratedBoundKm(new Bestline(0.001, 0.0), 3.0, phys))
        .isEqualTo(phys);
  }

  @Test
  void fuse_rttBelowIntercept_nearVantageStillInformative() {
    // A at the target with 3 ms, below its 5 ms intercept; B and C 900 km away (ρ ≈ 0.4)
    // leave two candidate areas. With the floor (default) A picks the right one; with the pure
    // bestline (φ = 0: D = 0, every point at ρ ≥ 1) A says nothing.
    LatLon target = LatLon.of(10.0, 10.0);
    VantageObservation a = VantageObservation.of("a", target, 3.0)
        .withBestline(new Bestline(0.02, 5.0));
    LatLon bAt = Geodesy.destination(target, 0.0, 900.0);
    LatLon cAt = Geodesy.destination(target, 90.0, 900.0);
    double rtt = 900.0 / (0.4 * DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0));
    FusionInput in = FusionInput.builder("t").vantage(a)
        .vantage(VantageObservation.of("b", bAt, rtt))
        .vantage(VantageObservation.of("c", cAt, rtt)).build();
    FusionResult.Located floored = located(ENGINE.fuse(in));
    FusionResult.Located pure =
        located(new FusionEngine(FusionParameters.defaults().withBestlineFloorShare(0.0)).fuse(in));
    assertThat(Geodesy.distanceKm(floored.estimate(), target)).isLessThan(250.0);
    assertThat(floored.circle50().radiusKm()).isFinite().isPositive()
        .isLessThan(pure.circle50().radiusKm());
  }

  @Test
  void fuse_uncalibratedInput_ignoresCalibratedModel() {
    RttLikelihoodModel other = RttLikelihoodModel.WONDERNETWORK_2020;
    FusionEngine e = new FusionEngine(FusionParameters.defaults().withCalibratedRttModel(other));
    List<VantageObservation> vs = vantages(false, 0.5);
    FusionResult.Located a = located(e.fuse(FusionInput.builder("t").vantages(vs).build()));
    FusionResult.Located b = located(fuse(vs));
    assertThat(a.estimate()).isEqualTo(b.estimate());
    assertThat(a.circle90().radiusKm()).isEqualTo(b.circle90().radiusKm());
  }

  @Test
  void builder_bestlineFloorShareOutOfRange_rejected() {
    assertThatThrownBy(() -> FusionParameters.defaults().withBestlineFloorShare(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1], got 1.5");
  }

  @Test
  void build_calibratedModelWithOtherSlack_rejected() {
    RttLikelihoodModel m = RttLikelihoodModel.WONDERNETWORK_2020_BESTLINE;
    RttLikelihoodModel wide = new RttLikelihoodModel(m.distanceModel(), 40.0,
        m.inflationWeight(), m.knots());
    assertThatThrownBy(() -> FusionParameters.defaults().withCalibratedRttModel(wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slack (40.0 km)").hasMessageContaining("(25.0 km)");
  }

  @Test
  void withBestline_keepsObservation_andOfIsUncalibrated() {
    VantageObservation v = new VantageObservation("x", LatLon.of(1, 2), 7.0, 1.5);
    Bestline l = new Bestline(0.012, 2.0);
    VantageObservation c = v.withBestline(l);
    assertThat(c.calibration()).contains(l);
    assertThat(c.id()).isEqualTo("x");
    assertThat(c.minRttMs()).isEqualTo(7.0);
    assertThat(c.localDelayMs()).isEqualTo(1.5);
    assertThat(c.withBestline(null)).isEqualTo(v);
    assertThat(v.calibration()).isEmpty();
    assertThat(VantageObservation.of("y", LatLon.of(0, 0), 1.0).bestline()).isNull();
  }

  @Test
  void equivalentRttMs_invertsHardBound() {
    RttLikelihoodModel m = RttLikelihoodModel.WONDERNETWORK_2020_BESTLINE;
    assertThat(m.equivalentRttMs(10.0 * DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0)))
        .isCloseTo(10.0, within(1e-12));
    assertThat(m.equivalentRttMs(0.0)).isZero();
    RttLikelihoodModel piecewise = new RttLikelihoodModel(DistanceModel.RIPE_ATLAS_2023, 25.0,
        0.3, m.knots());
    for (double d : new double[] {10.0, 300.0, 2500.0, 15000.0}) {
      assertThat(piecewise.hardBoundKm(piecewise.equivalentRttMs(d))).isCloseTo(d,
          within(1e-6 * d));
    }
    assertThatThrownBy(() -> m.equivalentRttMs(-1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1.0");
  }
}
