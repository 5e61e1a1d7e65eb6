package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeoEllipseTest {

  @Test
  void radiusKm_axes_areTheSemiAxes() {
    GeoEllipse e = new GeoEllipse(LatLon.of(10, 20), 800, 300, 30);
    assertThat(e.radiusKm(30)).isCloseTo(800, within(1e-9));
    assertThat(e.radiusKm(210)).isCloseTo(800, within(1e-9));
    assertThat(e.radiusKm(120)).isCloseTo(300, within(1e-9));
  }

  @Test
  void polygon_equalAxes_sameAsCircle() {
    LatLon c = LatLon.of(47, 8);
    var e = new GeoEllipse(c, 500, 500, 0).polygon(72).polygons().get(0).exterior().points();
    var k = GeoCircle.of(c, 500).polygon(72).polygons().get(0).exterior().points();
    assertThat(e).hasSameSizeAs(k);
    for (int i = 0; i < e.size(); i++) {
      assertThat(Geodesy.distanceKm(e.get(i), k.get(i))).isLessThan(1e-6);
    }
  }

  @Test
  void polygon_acrossAntimeridian_isValidRfc7946() {
    GeoRegion r = new GeoEllipse(LatLon.of(-17.7, 178.0), 2500, 900, 70).polygon(72);
    assertThat(r.isMulti()).isTrue();
    GeoJsonRfc7946Validator.assertValid(GeoJson.geometry(r));
    assertThat(r.contains(LatLon.of(-17.7, 178.0))).isTrue();
  }

  @Test
  void polygon_randomEllipses_alwaysValidAndContainCentre() {
    long seed = Long.getLong("geofusion.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      LatLon c = LatLon.of(rnd.nextDouble(-85, 85), rnd.nextDouble(-180, 180));
      double a = rnd.nextDouble(1, 6000);
      double b = rnd.nextDouble(0.5, a);
      GeoEllipse e = new GeoEllipse(c, a, b, rnd.nextDouble(0, 360));
      GeoRegion r = e.polygon(72);
      assertThat(GeoJsonRfc7946Validator.validate(GeoJson.geometry(r)))
          .as("seed %d, %s", seed, e).isEmpty();
      assertThat(r.contains(c)).as("seed %d, %s contains its centre", seed, e).isTrue();
    }
  }

  @Test
  void constructor_minorLongerThanMajor_rejected() {
    assertThatThrownBy(() -> new GeoEllipse(LatLon.of(0, 0), 100, 200, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("semi-minor");
  }
}
