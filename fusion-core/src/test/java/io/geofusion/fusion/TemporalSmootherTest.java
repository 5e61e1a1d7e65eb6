package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemporalSmootherTest {

  private static final FusionEngine ENGINE = FusionEngine.create();
  private static final long SECOND = 1_000_000_000L;

  private static FusionResult near(LatLon p, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return ENGINE.fuse(new FusionInput("host", Synth.vantages(rnd, p, 5, 800.0), null, List.of(),
        null));
  }

  @Test
  void update_firstObservation_isTakenAsIs() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 100);
    FusionResult.Located r = located(near(LatLon.of(50.0, 8.0), 1));
    TemporalSmoother.Smoothed out = s.update(r, 0L);
    assertThat(out.distribution()).isEqualTo(r.distribution());
    assertThat(out.alpha()).isEqualTo(1.0);
  }

  @Test
  void seed_thenUpdate_blendsAsIfTheStateHadBeenUpdatedAtTheSeedTime() {
    TemporalSmoother seeded = new TemporalSmoother(60.0, 4, 100);
    TemporalSmoother updated = new TemporalSmoother(60.0, 4, 100);
    FusionResult.Located first = located(near(LatLon.of(50.0, 8.0), 1));
    updated.update(first, 0L);
    seeded.seed("host", first.estimate(), first.distribution(), 0L);
    FusionResult next = near(LatLon.of(48.0, 2.0), 2);
    assertThat(seeded.update(next, 60L * SECOND)).isEqualTo(updated.update(next, 60L * SECOND));
  }

  @Test
  void seed_keepsANewerState() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 100);
    FusionResult.Located r = located(near(LatLon.of(50.0, 8.0), 1));
    TemporalSmoother.Smoothed now = s.update(r, 100L * SECOND);
    assertThat(s.seed("host", LatLon.of(10.0, 10.0), r.distribution(), 50L * SECOND))
        .isEqualTo(now);
    assertThat(s.seed("host", LatLon.of(10.0, 10.0), r.distribution(), 200L * SECOND)
        .estimate()).isEqualTo(LatLon.of(10.0, 10.0));
  }

  @Test
  void update_alphaFollowsTimeConstant() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 100);
    s.update(near(LatLon.of(50.0, 8.0), 1), 0L);
    TemporalSmoother.Smoothed out = s.update(near(LatLon.of(50.0, 8.0), 2), 60L * SECOND);
    assertThat(out.alpha()).isCloseTo(1.0 - Math.exp(-1.0),
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void update_shortInterval_keepsMostOfThePreviousPosition() {
    TemporalSmoother s = new TemporalSmoother(3600.0, 4, 100);
    LatLon frankfurt = LatLon.of(50.1, 8.7);
    LatLon madrid = LatLon.of(40.4, -3.7);
    s.update(near(frankfurt, 3), 0L);
    TemporalSmoother.Smoothed out = s.update(near(madrid, 4), 36L * SECOND); // α ≈ 0.01
    assertThat(Geodesy.distanceKm(out.estimate(), frankfurt))
        .isLessThan(Geodesy.distanceKm(out.estimate(), madrid));
  }

  @Test
  void update_manyObservations_mixtureStaysBoundedAndNormalised() {
    TemporalSmoother s = new TemporalSmoother(30.0, 3, 100);
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 20; i++) {
      LatLon p = Synth.randomPoint(rnd, 60.0);
      TemporalSmoother.Smoothed out = s.update(near(p, 100 + i), i * 20L * SECOND);
      assertThat(out.distribution().components()).hasSizeLessThanOrEqualTo(3);
      double sum = out.distribution().components().stream()
          .mapToDouble(MixtureComponent::weight).sum();
      assertThat(sum).as("step " + i).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void update_outOfOrderTimestamp_keepsState() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 100);
    TemporalSmoother.Smoothed first = s.update(near(LatLon.of(50.0, 8.0), 1), 100L * SECOND);
    TemporalSmoother.Smoothed second = s.update(near(LatLon.of(-30.0, 150.0), 2), 0L);
    assertThat(second.alpha()).isEqualTo(0.0);
    assertThat(second.distribution().components()).hasSameSizeAs(
        first.distribution().components());
    for (int i = 0; i < second.distribution().components().size(); i++) {
      assertThat(Geodesy.distanceKm(second.distribution().components().get(i).mean(),
          first.distribution().components().get(i).mean())).isLessThan(1e-6);
    }
  }

  @Test
  void update_abstained_keepsTheState() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 8);
    FusionResult none = ENGINE.fuse(FusionInput.builder("host").build());
    assertThat(none).isInstanceOf(FusionResult.Abstained.class);
    assertThat(s.update(none, 1L)).as("no state yet").isNull();
    assertThat(s.current("host")).isEmpty();
    TemporalSmoother.Smoothed first = s.update(near(LatLon.of(50.0, 8.0), 1), 2L);
    assertThat(s.update(none, 3L)).isEqualTo(first);
    assertThat(s.current("host")).contains(first);
  }

  @Test
  void update_beyondMaxEntities_evictsOldest() {
    TemporalSmoother s = new TemporalSmoother(60.0, 4, 2);
    FusionResult.Located r = located(near(LatLon.of(50.0, 8.0), 1));
    s.update(new FusionResult.Located("a", r.estimate(), r.circle50(), r.circle90(),
        r.distribution(), r.evidence(), r.alerts(), r.hostClass(), r.diagnostics()), 1L);
    s.update(new FusionResult.Located("b", r.estimate(), r.circle50(), r.circle90(),
        r.distribution(), r.evidence(), r.alerts(), r.hostClass(), r.diagnostics()), 2L);
    s.update(new FusionResult.Located("c", r.estimate(), r.circle50(), r.circle90(),
        r.distribution(), r.evidence(), r.alerts(), r.hostClass(), r.diagnostics()), 3L);
    assertThat(s.current("a")).isEmpty();
    assertThat(s.current("c")).isPresent();
  }

  @Test
  void constructor_badTau_rejectedWithMessage() {
    assertThatThrownBy(() -> new TemporalSmoother(0.0, 4, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau");
  }
}
