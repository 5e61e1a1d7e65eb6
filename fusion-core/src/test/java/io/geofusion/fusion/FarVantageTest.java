package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The far vantages' lower-side term (docs/fusion.md §2, "RTT, far vantages"). Two near vantages
 * on the equator at ±5° longitude with equal RTTs leave two mirror-image candidates, 5° north and
 * 5° south; far vantages decide between them only through "too close for this RTT".
 */
class FarVantageTest {

  private static final double K = 99.930819;
  private static final LatLon SOUTH = LatLon.of(-5.0, 0.0);
  private static final LatLon NORTH = LatLon.of(5.0, 0.0);

  private static FusionEngine engine(double farWeight) {
    return new FusionEngine(FusionParameters.defaults().withoutPopulationPrior()
        .withMaxVantages(2).withFarVantageWeight(farWeight));
  }

  /** The two near vantages, each seeing the target at ρ = 0.45 of its bound. */
  private static List<VantageObservation> near() {
    List<VantageObservation> vs = new ArrayList<>();
    for (double lon : new double[] {-5.0, 5.0}) {
      LatLon at = LatLon.of(0.0, lon);
      vs.add(VantageObservation.of("near" + lon, at, Geodesy.distanceKm(at, SOUTH) / (0.45 * K)));
    }
    return vs;
  }

  /** {@code count} vantages scattered around {@code centre}, RTTs those of a target at SOUTH. */
  private static List<VantageObservation> far(LatLon centre, int count, double rho, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<VantageObservation> vs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LatLon at = Geodesy.destination(centre, 360.0 * rnd.nextDouble(),
          300.0 * rnd.nextDouble());
      vs.add(VantageObservation.of("far" + i, at, Geodesy.distanceKm(at, SOUTH) / (rho * K)));
    }
    return vs;
  }

  private static FusionResult fuse(FusionEngine e, List<VantageObservation> a,
      List<VantageObservation> b) {
    List<VantageObservation> all = new ArrayList<>(a);
    all.addAll(b);
    return e.fuse(FusionInput.builder("t").vantages(all).build());
  }

  @Test
  void fuse_farVantagesTooCloseToOneCandidate_ruleItOut() {
    long seed = 7;
    // 200 vantages around 15° N: for a target at NORTH they would be twice as close as their
    // RTTs (which were measured from SOUTH) make likely.
    List<VantageObservation> far = far(LatLon.of(15.0, 0.0), 200, 0.45, seed);
    FusionResult.Located without = located(fuse(engine(0.0), near(), far));
    FusionResult.Located with =
        located(fuse(engine(FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT), near(), far));
    // Without them the posterior is the mirror-symmetric pair of rings' intersections.
    assertThat(Math.abs(without.estimate().lat())).as("seed %d", seed).isLessThan(2.5);
    assertThat(with.estimate().lat()).as("seed %d", seed).isLessThan(-3.0);
    assertThat(Geodesy.distanceKm(with.estimate(), SOUTH)).isLessThan(250.0);
    assertThat(Geodesy.distanceKm(with.circle90().centre(), SOUTH))
        .isLessThanOrEqualTo(with.circle90().radiusKm());
    assertThat(with.circle90().radiusKm()).isLessThan(without.circle90().radiusKm());
  }

  @Test
  void fuse_largerMesh_keepsTheTotalWeightOfTheReferenceCount() {
    // 233 far vantages (the count the weight was fitted with), then each one twice: per vantage
    // the weight halves, so the posterior stays the same instead of counting them double.
    List<VantageObservation> far = far(LatLon.of(15.0, 0.0),
        FusionEngine.FAR_VANTAGE_REFERENCE_COUNT, 0.45, 5);
    List<VantageObservation> twice = new ArrayList<>(far);
    for (VantageObservation v : far) {
      twice.add(VantageObservation.of(v.id() + "b", v.location(), v.minRttMs()));
    }
    FusionEngine e = engine(FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT);
    FusionResult.Located once = located(fuse(e, near(), far));
    FusionResult.Located doubled = located(fuse(e, near(), twice));
    assertThat(Geodesy.distanceKm(doubled.estimate(), once.estimate())).isLessThan(0.5);
    assertThat(doubled.circle90().radiusKm()).isCloseTo(once.circle90().radiusKm(),
        org.assertj.core.data.Percentage.withPercentage(0.5));
    // The same 466 vantages at the full per-vantage weight would move it: the scaling matters.
    FusionResult.Located unscaled =
        located(fuse(engine(2 * FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT), near(), twice));
    assertThat(Geodesy.distanceKm(unscaled.estimate(), once.estimate())).isGreaterThan(5.0);
  }

  @Test
  void fuse_farVantagesSeeingBothCandidatesAsFar_changeNothing() {
    // Vantages 60° S of the pair with RTTs for ρ = 0.75 (0.87 at NORTH): both candidates lie
    // beyond the mode of their likelihood (ρ ≈ 0.5, the "too far" side), which far vantages do
    // not use.
    List<VantageObservation> far = far(LatLon.of(-65.0, 0.0), 50, 0.75, 11);
    FusionResult.Located base = located(fuse(engine(0.0), near(), far));
    FusionResult.Located with =
        located(fuse(engine(FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT), near(), far));
    // Only the ring tails near the far vantages (≥ 20° south) are lowered: the estimate moves by
    // under a kilometre. Using both sides would favour SOUTH (ρ 0.75 is likelier than 0.87) and
    // move it hundreds of km.
    assertThat(Geodesy.distanceKm(with.estimate(), base.estimate())).isLessThan(2.0);
    assertThat(with.circle90().radiusKm())
        .isCloseTo(base.circle90().radiusKm(), org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void fuse_noFarVantages_weightChangesNothing() {
    SplittableRandom rnd = new SplittableRandom(3);
    LatLon target = LatLon.of(47.4, 8.5);
    List<VantageObservation> vs = Synth.vantages(rnd, target, 12, 2500.0);
    FusionInput in = FusionInput.builder("t").vantages(vs).build();
    FusionResult.Located a =
        located(new FusionEngine(FusionParameters.defaults().withFarVantageWeight(0.0)).fuse(in));
    FusionResult.Located b =
        located(new FusionEngine(FusionParameters.defaults().withFarVantageWeight(0.5)).fuse(in));
    assertThat(b.estimate()).isEqualTo(a.estimate());
    assertThat(b.circle50().radiusKm()).isEqualTo(a.circle50().radiusKm());
  }

  @Test
  void builder_farVantageWeightOutOfRange_isRejected() {
    for (double w : new double[] {-0.01, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> FusionParameters.defaults().withFarVantageWeight(w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("far-vantage weight must be in [0, 1]");
    }
  }
}
