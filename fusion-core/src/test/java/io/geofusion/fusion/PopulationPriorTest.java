package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class PopulationPriorTest {

  private static final PopulationPrior STD = PopulationPrior.standard();
  private static final double SPHERE_KM2 =
      4.0 * Math.PI * SphereMath.R_KM * SphereMath.R_KM;

  @Test
  void standard_readsEveryBundledTownWithFittedConstants() {
    assertThat(STD.places()).isEqualTo(23_322);
    assertThat(STD.exponent()).isEqualTo(PopulationPrior.STANDARD_EXPONENT);
    assertThat(STD.kernelKm()).isEqualTo(PopulationPrior.STANDARD_KERNEL_KM);
    assertThat(STD.regionKm()).isEqualTo(PopulationPrior.STANDARD_REGION_KM);
    assertThat(STD.floor()).isEqualTo(PopulationPrior.STANDARD_FLOOR);
    assertThat(PopulationPrior.standard()).isSameAs(STD);
  }

  @Test
  void logDensity_integratesToOneOverTheSphere() {
    for (PopulationPrior p : List.of(STD, PopulationPrior.of(0.5, 25.0, 0.2))) {
      double mass = 0.0;
      double step = PopulationPrior.CELL_DEG;
      for (int r = 0; r < PopulationPrior.ROWS; r++) {
        double lat = -90.0 + (r + 0.5) * step;
        double area = Math.pow(step * SphereMath.DEG * SphereMath.R_KM, 2)
            * Math.cos(lat * SphereMath.DEG);
        for (int c = 0; c < PopulationPrior.COLS; c++) {
          mass += area * Math.exp(p.logDensity(lat, -180.0 + (c + 0.5) * step));
        }
      }
      assertThat(mass).as(p.toString()).isCloseTo(1.0, Offset.offset(0.01));
    }
  }

  @Test
  void logDensity_farFromTowns_isTheFloor() {
    double floor = Math.log(STD.floor() / SPHERE_KM2);
    // Mid-Pacific and the Antarctic interior.
    assertThat(STD.logDensity(-30.0, -140.0)).isCloseTo(floor, Offset.offset(1e-3));
    assertThat(STD.logDensity(-80.0, 30.0)).isCloseTo(floor, Offset.offset(1e-3));
  }

  @Test
  void logDensity_cityCentre_beatsItsCountryside() {
    // Paris against a field 150 km south; Chicago against central Lake Michigan.
    assertThat(STD.logDensity(48.86, 2.35)).isGreaterThan(STD.logDensity(47.50, 2.35) + 1.0);
    assertThat(STD.logDensity(41.88, -87.63)).isGreaterThan(STD.logDensity(43.0, -87.2) + 1.0);
  }

  @Test
  void localContrast_isolatedTownStandsOutLikeAMegacity() {
    // Alice Springs (≈ 25,000 people, 1,300 km from any larger town) against Shanghai: the plain
    // density differs by orders of magnitude, the local contrast by far less.
    double floor = Math.log(STD.floor() / SPHERE_KM2);
    double alice = STD.logDensity(-23.70, 133.88);
    double shanghai = STD.logDensity(31.22, 121.46);
    assertThat(alice).isGreaterThan(floor + 3.0);
    PopulationPrior plain = PopulationPrior.of(1.0, 40.0, 0.0, 0.01);
    double plainGap = plain.logDensity(31.22, 121.46) - plain.logDensity(-23.70, 133.88);
    assertThat(shanghai - alice).isLessThan(plainGap - 3.0);
  }

  @Test
  void logUpperBound_randomDisks_boundsEveryPointInside() {
    long seed = Seeds.seedOr(20261126L);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 400; i++) {
      LatLon c = Synth.randomPoint(rnd, 89.0);
      double h = 10.0 * Math.pow(400.0, rnd.nextDouble()); // 10 km to 4,000 km
      double ub = STD.logUpperBound(c.lat(), c.lon(), h);
      for (int k = 0; k < 30; k++) {
        LatLon p = Geodesy.destination(c, 360.0 * rnd.nextDouble(), h * rnd.nextDouble());
        assertThat(STD.logDensity(p.lat(), p.lon()))
            .as("seed %d, disk %s r=%.0f km, point %s", seed, c, h, p)
            .isLessThanOrEqualTo(ub);
      }
    }
    // Around a city the bound is the city's value, not the floor.
    assertThat(STD.logUpperBound(48.0, 2.35, 120.0)).isGreaterThanOrEqualTo(
        STD.logDensity(48.86, 2.35));
  }

  @Test
  void of_outOfRange_isRejectedWithTheRange() {
    assertThatThrownBy(() -> PopulationPrior.of(-0.1, 40.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2]");
    assertThatThrownBy(() -> PopulationPrior.of(1.0, 1.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 500] km");
    assertThatThrownBy(() -> PopulationPrior.of(1.0, 40.0, 0.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> PopulationPrior.of(1.0, 40.0, 50.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
    assertThatThrownBy(() -> PopulationPrior.of(Double.NaN, 40.0, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fuse_priorAlone_stillAbstains() {
    FusionResult r = FusionEngine.create().fuse(FusionInput.builder("none").build());
    assertThat(r).isInstanceOf(FusionResult.Abstained.class);
  }

  @Test
  void fuse_geoIpOffTheCoast_movesTowardTheCityWithinTheAccuracyRadius() {
    // GeoIP 80 km out in the Indian Ocean off Perth with a 150 km radius: the prior pulls the
    // estimate ashore toward Perth (-31.95, 115.86), but not out of the GeoIP circle.
    LatLon g = LatLon.of(-31.95, 115.0);
    LatLon perth = LatLon.of(-31.95, 115.86);
    FusionInput in = FusionInput.builder("g").geoIp(GeoIpEvidence.of(g, 150.0)).build();
    FusionResult.Located with = located(FusionEngine.create().fuse(in));
    FusionResult.Located without =
        located(new FusionEngine(FusionParameters.defaults().withoutPopulationPrior()).fuse(in));
    assertThat(Geodesy.distanceKm(without.estimate(), g)).isLessThan(15.0);
    assertThat(Geodesy.distanceKm(with.estimate(), perth))
        .isLessThan(Geodesy.distanceKm(without.estimate(), perth) - 30.0);
    assertThat(Geodesy.distanceKm(with.estimate(), g)).isLessThan(150.0);
  }

  @Test
  void fuse_satelliteClass_ignoresThePrior() {
    List<VantageObservation> vs = List.of(
        VantageObservation.of("a", LatLon.of(45.0, -100.0), 60.0),
        VantageObservation.of("b", LatLon.of(40.0, -90.0), 70.0),
        VantageObservation.of("c", LatLon.of(47.0, -85.0), 75.0));
    FusionInput in = new FusionInput("sat", vs, null, List.of(),
        new HostSignals("satellite", 60.0, 2.0, false));
    FusionResult.Located with = located(FusionEngine.create().fuse(in));
    FusionResult.Located without =
        located(new FusionEngine(FusionParameters.defaults().withoutPopulationPrior()).fuse(in));
    assertThat(with.hostClass().label()).isEqualTo(HostClass.SATELLITE);
    assertThat(with.estimate()).isEqualTo(without.estimate());
    assertThat(with.circle90().radiusKm()).isEqualTo(without.circle90().radiusKm());
  }
}
