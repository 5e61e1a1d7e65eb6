package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.json.GeoJson;
import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.valid.IsValidOp;

@ExtendWith(Seeds.class)
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
    long seed = Seeds.seed();
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

  /** Every ring's topology problem in lon/lat (self-intersection, …); empty when all are simple. */
  static List<String> topologyErrors(GeoRegion r) {
    GeometryFactory gf = new GeometryFactory();
    List<String> out = new ArrayList<>();
    for (GeoPolygon p : r.polygons()) {
      Coordinate[] cs = p.exterior().points().stream()
          .map(q -> new Coordinate(q.lon(), q.lat())).toArray(Coordinate[]::new);
      IsValidOp op = new IsValidOp(gf.createPolygon(cs));
      if (!op.isValid()) {
        out.add(op.getValidationError().toString());
      }
    }
    return out;
  }

  /**
   * Ellipses as broad as FusionJson's 2σ mixture ellipses get (axes up to 19 000 km), thin, and
   * next to a pole or the antimeridian: their straight lon/lat edges crossed each other (coarse
   * bearing steps near a pole; Sutherland–Hodgman on a bent ring; a polar cap whose boundary
   * turns back in longitude) before the boundary was densified and those cuts went through the
   * planar overlay.
   */
  @ParameterizedTest(name = "[{index}] ({0}, {1}) {2} x {3} km at {4} deg")
  @CsvSource({
      "-50.50138, 49.43252, 7744.8, 334.0, 139.22", // thin, bending, no cut
      "53.58027, -50.04262, 8332.7, 216.8, 65.88",
      "-77.74220, 77.38055, 2918.4, 169.3, 153.29", // passes the pole, cut at ±180
      "-79.16242, -12.58015, 6664.0, 150.0, 148.60", // covers the South Pole
      "44.43445, 88.59825, 18035.7, 1578.0, 31.55", // around the world, over a pole
      "-34.99459, 82.59969, 16670.9, 6722.1, 27.61",
      "12.93058, -151.36864, 12167.5, 686.0, 31.67"
  })
  void polygon_broadOrThinEllipse_isSimpleValidAndHoldsItsCentre(double lat, double lon,
      double a, double b, double bearing) {
    GeoEllipse e = new GeoEllipse(LatLon.of(lat, lon), a, b, bearing);
    GeoRegion r = e.polygon(72);
    assertThat(topologyErrors(r)).as("%s", e).isEmpty();
    GeoJsonRfc7946Validator.assertValid(GeoJson.geometry(r));
    assertThat(r.contains(e.centre())).isTrue();
  }

  @Test
  void polygon_randomBroadEllipses_areSimple() {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 300; i++) {
      LatLon c = LatLon.of(rnd.nextDouble(-90, 90), rnd.nextDouble(-180, 180));
      double a = rnd.nextDouble(500, 19000);
      // Aspect ratios up to 200 (a fitted component's minor σ is at least ~10 km: cell side²/12).
      double b = rnd.nextDouble(a / 200, a);
      GeoEllipse e = new GeoEllipse(c, a, b, rnd.nextDouble(0, 180));
      GeoRegion r = e.polygon(72);
      assertThat(topologyErrors(r)).as("seed %d, %s", seed, e).isEmpty();
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
