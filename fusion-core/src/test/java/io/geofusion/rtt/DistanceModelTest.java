package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistanceModelTest {

  @Test
  void kmPerRttMs_presets_matchSpeedOfLightFractions() {
    // k = f·c/2 with c = 299.792458 km/ms.
    assertThat(DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(10)).isCloseTo(99.930819, within(1e-6));
    assertThat(DistanceModel.ORIGIN_0_66.kmPerRttMs(10)).isCloseTo(98.931511, within(1e-6));
    assertThat(DistanceModel.SPEED_0_51.kmPerRttMs(10)).isCloseTo(76.447077, within(1e-6));
    assertThat(DistanceModel.SPEED_OF_INTERNET.kmPerRttMs(10)).isCloseTo(66.620546, within(1e-6));
  }

  @Test
  void velocityFactor_ripeAtlas2023_followsSchedule() {
    DistanceModel m = DistanceModel.RIPE_ATLAS_2023;
    assertThat(m.velocityFactor(4.99)).isEqualTo(1.0 / 6);
    assertThat(m.velocityFactor(5.0)).isEqualTo(1.0 / 3);
    assertThat(m.velocityFactor(80.0)).isEqualTo(1.0 / 3);
    assertThat(m.velocityFactor(80.01)).isEqualTo(4.0 / 9);
    assertThat(m.maxDistanceKm(100, 0)).isCloseTo(100 * 66.620546, within(1e-3));
  }

  @Test
  void maxDistanceKm_subtractsLocalDelayAndClipsAtZero() {
    DistanceModel m = DistanceModel.FIBER_TWO_THIRDS;
    assertThat(m.maxDistanceKm(30, 2)).isCloseTo(28 * 99.930819, within(1e-3));
    assertThat(m.maxDistanceKm(1, 2)).isZero();
    assertThatThrownBy(() -> m.maxDistanceKm(-1, 0)).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> m.maxDistanceKm(1, Double.NaN)).hasMessageContaining("local delay");
  }

  @Test
  void byName_knownAndUnknown() {
    assertThat(DistanceModel.byName("ripe_atlas_2023")).isSameAs(DistanceModel.RIPE_ATLAS_2023);
    assertThat(DistanceModel.presets().get(0)).isSameAs(DistanceModel.FIBER_TWO_THIRDS);
    assertThatThrownBy(() -> DistanceModel.byName("warp"))
        .hasMessageContaining("warp").hasMessageContaining("fiber_2_3");
  }

  @Test
  void constant_factorOutOfRange_rejected() {
    assertThatThrownBy(() -> DistanceModel.constant("x", 1.5)).hasMessageContaining("1.5");
  }
}
