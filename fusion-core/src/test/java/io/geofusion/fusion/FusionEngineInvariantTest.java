package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded randomised invariants of the engine; each failure message names its seed. */
class FusionEngineInvariantTest {

  private static final FusionEngine ENGINE = FusionEngine.create();
  /** RTT alone: for invariants of the RTT layers at any point of the globe, oceans included. */
  private static final FusionEngine RTT_ONLY = new FusionEngine(
      FusionParameters.defaults().withoutPopulationPrior());
  private static final long BASE_SEED = 20261126L;

  @Test
  void fuse_randomTargets_probabilitiesSumToOneAndCirclesNest() {
    for (int i = 0; i < 40; i++) {
      long seed = BASE_SEED + i;
      SplittableRandom rnd = new SplittableRandom(seed);
      LatLon truth = Synth.randomPoint(rnd, 70.0);
      List<VantageObservation> vs = Synth.vantages(rnd, truth, 3 + rnd.nextInt(20), 3000.0);
      FusionResult.Located r =
          located(ENGINE.fuse(new FusionInput("t", vs, null, List.of(), null)));
      String why = "seed " + seed;
      double sum = r.distribution().components().stream()
          .mapToDouble(MixtureComponent::weight).sum();
      assertThat(sum).as(why).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(r.distribution().components().size()).as(why).isBetween(1, 4);
      assertThat(r.circle50().radiusKm()).as(why).isLessThanOrEqualTo(r.circle90().radiusKm());
      assertThat(r.circle90().radiusKm()).as(why).isFinite().isGreaterThan(0.0);
      r.evidence().values().forEach(v -> assertThat(v).as(why).isBetween(0.0, 1.0));
    }
  }

  @Test
  void gridPosterior_randomTargets_weightsSumToOne() {
    RttTable table = new RttTable(RttLikelihoodModel.WONDERNETWORK_2020);
    for (int i = 0; i < 10; i++) {
      long seed = BASE_SEED + 100 + i;
      SplittableRandom rnd = new SplittableRandom(seed);
      LatLon truth = Synth.randomPoint(rnd, 80.0);
      List<VantageObservation> vs = Synth.vantages(rnd, truth, 5, 2000.0);
      int n = vs.size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] z = new double[n];
      double[] inv = new double[n];
      int[] bin = new int[n];
      for (int k = 0; k < n; k++) {
        double[] u = SphereMath.unit(vs.get(k).location());
        x[k] = u[0];
        y[k] = u[1];
        z[k] = u[2];
        inv[k] = 1.0 / (table.model.hardBoundKm(vs.get(k).minRttMs()) + 25.0);
        bin[k] = RttTable.bin(vs.get(k).minRttMs());
      }
      Posterior g = new GridPosterior(table, x, y, z, inv, bin, n, 0.8, new Layer[0], 18.0,
          0.15625, 4096).compute();
      double s = 0.0;
      for (int k = 0; k < g.cells; k++) {
        assertThat(g.weight[k]).as("seed " + seed).isBetween(0.0, 1.0);
        s += g.weight[k];
      }
      assertThat(s).as("seed " + seed).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void fuse_permutedVantages_sameResult() {
    for (int i = 0; i < 15; i++) {
      long seed = BASE_SEED + 200 + i;
      SplittableRandom rnd = new SplittableRandom(seed);
      LatLon truth = Synth.randomPoint(rnd, 70.0);
      List<VantageObservation> vs = Synth.vantages(rnd, truth, 4 + rnd.nextInt(25), 4000.0);
      List<VantageObservation> shuffled = new ArrayList<>(vs);
      Collections.shuffle(shuffled, new Random(seed));
      FusionResult.Located a =
          located(ENGINE.fuse(new FusionInput("t", vs, null, List.of(), null)));
      FusionResult.Located b =
          located(ENGINE.fuse(new FusionInput("t", shuffled, null, List.of(), null)));
      assertThat(b.estimate()).as("seed " + seed).isEqualTo(a.estimate());
      assertThat(b.circle90()).as("seed " + seed).isEqualTo(a.circle90());
      assertThat(b.distribution()).as("seed " + seed).isEqualTo(a.distribution());
      assertThat(b.alerts()).as("seed " + seed).isEqualTo(a.alerts());
    }
  }

  @Test
  void fuse_addConsistentVantage_doesNotWiden90CircleBeyondTolerance() {
    assertConsistentVantageNarrows(RTT_ONLY, false, 300);
  }

  @Test
  void fuse_addConsistentVantageWithPopulationPrior_doesNotWiden90CircleBeyondTolerance() {
    // With the population prior the truth is a city (where the prior says hosts are).
    assertConsistentVantageNarrows(ENGINE, true, 400);
  }

  private static void assertConsistentVantageNarrows(FusionEngine engine, boolean cities,
      int seedOffset) {
    int widened = 0;
    for (int i = 0; i < 30; i++) {
      long seed = BASE_SEED + seedOffset + i;
      SplittableRandom rnd = new SplittableRandom(seed);
      LatLon truth = cities ? Synth.randomCity(rnd) : Synth.randomPoint(rnd, 70.0);
      List<VantageObservation> vs = Synth.vantages(rnd, truth, 3 + rnd.nextInt(6), 2500.0);
      FusionResult.Located before =
          located(engine.fuse(new FusionInput("t", vs, null, List.of(), null)));
      List<VantageObservation> more = new ArrayList<>(vs);
      more.add(Synth.vantage(rnd, "extra", truth, 2500.0));
      FusionResult.Located after =
          located(engine.fuse(new FusionInput("t", more, null, List.of(), null)));
      // A single consistent vantage may shift the mass, but never widen the 90 % circle by more
      // than 25 % plus one cell (~20 km).
      assertThat(after.circle90().radiusKm()).as("seed " + seed)
          .isLessThanOrEqualTo(before.circle90().radiusKm() * 1.25 + 20.0);
      if (after.circle90().radiusKm() > before.circle90().radiusKm() + 1.0) {
        widened++;
      }
    }
    assertThat(widened).as("consistent vantages should mostly narrow the circle").isLessThan(10);
  }

  @Test
  void fuse_noEvidence_abstainsWithoutNaN() {
    FusionResult r = ENGINE.fuse(FusionInput.builder("nothing").build());
    assertThat(r).isInstanceOf(FusionResult.Abstained.class);
    assertThat(r.alerts()).isEmpty();
    assertThat(r.evidence()).containsOnlyKeys("semantic");
    assertThat(r.evidence().get("semantic")).isFinite();
  }

  @Test
  void fuse_contradictoryVantages_finiteResultAndAnycastAlert() {
    // Two tight vantages on opposite sides of the planet, both claiming 1 ms.
    List<VantageObservation> vs = List.of(
        VantageObservation.of("ams", LatLon.of(52.37, 4.90), 1.0),
        VantageObservation.of("ams2", LatLon.of(52.30, 4.76), 1.2),
        VantageObservation.of("syd", LatLon.of(-33.87, 151.21), 1.0),
        VantageObservation.of("syd2", LatLon.of(-33.80, 151.10), 1.1));
    FusionResult.Located r = located(ENGINE.fuse(new FusionInput("x", vs, null, List.of(), null)));
    assertThat(r.estimate().lat()).isFinite();
    assertThat(r.circle90().radiusKm()).isFinite();
    assertThat(r.hasAlert(FusionAlert.Type.ANYCAST)).isTrue();
    assertThat(r.hostClass().label()).isEqualTo(HostClass.ANYCAST);
    // Never an average of the two sites: the estimate is near one of them.
    double toAms = io.geofusion.geo.Geodesy.distanceKm(r.estimate(), LatLon.of(52.37, 4.90));
    double toSyd = io.geofusion.geo.Geodesy.distanceKm(r.estimate(), LatLon.of(-33.87, 151.21));
    assertThat(Math.min(toAms, toSyd)).isLessThan(500.0);
  }

  @Test
  void fuse_zeroRttAndExtremeValues_noException() {
    List<VantageObservation> vs = List.of(
        VantageObservation.of("a", LatLon.of(90.0, 0.0), 0.0),
        VantageObservation.of("b", LatLon.of(-90.0, 180.0), 5000.0),
        new VantageObservation("c", LatLon.of(0.0, -180.0), 3.0, 10.0));
    FusionResult.Located r = located(ENGINE.fuse(new FusionInput("x", vs,
        new GeoIpEvidence(LatLon.of(0.0, 180.0), 1000.0, true), List.of(), null)));
    assertThat(r.circle90().radiusKm()).isFinite();
    assertThat(r.circle50().radiusKm()).isLessThanOrEqualTo(r.circle90().radiusKm());
  }
}
