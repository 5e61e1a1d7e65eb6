package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.testing.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class GeodesyTest {

  @Test
  void geodesicPoints_evenSpacingOnTheGeodesicWithExactEnds() {
    LatLon a = LatLon.of(-4.27, 61.35);
    LatLon b = LatLon.of(4.0, -118.0); // nearly antipodal: an initial bearing is ill-conditioned
    int n = 80;
    List<LatLon> pts = Geodesy.geodesicPoints(a, b, n);
    assertThat(pts).hasSize(n + 1);
    assertThat(pts.get(0)).isEqualTo(a);
    assertThat(pts.get(n)).isEqualTo(b);
    double total = Geodesy.distanceKm(a, b);
    double sum = 0.0;
    for (int i = 1; i <= n; i++) {
      double step = Geodesy.distanceKm(pts.get(i - 1), pts.get(i));
      assertThat(step).as("step %d", i).isCloseTo(total / n, within(0.01));
      sum += step;
    }
    // On the geodesic: the steps add up to the whole (any detour would be longer).
    assertThat(sum).isCloseTo(total, within(0.05));
  }

  @Test
  void geodesicPoints_zeroSegments_isRejected() {
    assertThatThrownBy(() -> Geodesy.geodesicPoints(LatLon.of(0, 0), LatLon.of(1, 1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
  }

  @Test
  void crossingLatitude_randomSegmentsAcrossTheAntimeridian_pointIsOnTheGeodesic() {
    long seed = Seeds.seedOr(20261126L);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 300; i++) {
      double lat = r.nextDouble(-85, 85);
      LatLon a = LatLon.of(lat, 180.0 - r.nextDouble(0.1, 8.0));
      LatLon b = LatLon.of(Math.max(-89, Math.min(89, lat + r.nextDouble(-3, 3))),
          -180.0 + r.nextDouble(0.1, 8.0));
      double c = Geodesy.crossingLatitude(a, b, 180.0);
      LatLon cross = LatLon.of(c, 180.0);
      // a → crossing → b is no longer than a → b: the crossing lies on the geodesic.
      double via = Geodesy.distanceKm(a, cross) + Geodesy.distanceKm(cross, b);
      assertThat(via).as("seed %d case %d: %s -> %s", seed, i, a, b)
          .isCloseTo(Geodesy.distanceKm(a, b), within(0.01));
    }
  }
}
