package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class GeoRegionTest {

  @Test
  void parse_diskAndBox_roundTrip() {
    assertThat(GeoRegion.parse("disk:32.78,-96.8,300"))
        .isEqualTo(new GeoRegion.Disk(LatLon.of(32.78, -96.8), 300));
    assertThat(GeoRegion.parse("box: -10, 170, 10, -170"))
        .isEqualTo(new GeoRegion.Box(-10, 170, 10, -170));
  }

  @Test
  void boxDistance_antimeridianBox_containsBothSides() {
    GeoRegion.Box b = new GeoRegion.Box(-10, 170, 10, -170);
    assertThat(b.distanceKm(LatLon.of(0, 179))).isZero();
    assertThat(b.distanceKm(LatLon.of(0, -175))).isZero();
    assertThat(b.distanceKm(LatLon.of(0, 0))).isGreaterThan(18_000);
  }

  /** The box distance never exceeds the distance to any sampled boundary point, and is close. */
  @Test
  void boxDistance_randomPoints_matchesDenseBoundarySampling() {
    long seed = Seeds.seedOr(20261126L);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      double s = -60 + r.nextDouble() * 100;
      double n = s + 1 + r.nextDouble() * 20;
      double w = -170 + r.nextDouble() * 300;
      double e = w + 1 + r.nextDouble() * 30;
      GeoRegion.Box b = new GeoRegion.Box(s, w, n, Math.min(e, 180));
      LatLon p = LatLon.of(-80 + r.nextDouble() * 160, -180 + r.nextDouble() * 360);
      double d = b.distanceKm(p);
      if (b.contains(p)) {
        assertThat(d).as("seed %d case %d", seed, i).isZero();
        continue;
      }
      double sampled = Double.POSITIVE_INFINITY;
      int k = 400;
      for (int j = 0; j <= k; j++) {
        double lat = s + (n - s) * j / k;
        double lon = b.west() + (b.east() - b.west()) * j / k;
        sampled = Math.min(sampled, Geodesy.distanceKm(p, LatLon.of(lat, b.west())));
        sampled = Math.min(sampled, Geodesy.distanceKm(p, LatLon.of(lat, b.east())));
        sampled = Math.min(sampled, Geodesy.distanceKm(p, LatLon.of(s, lon)));
        sampled = Math.min(sampled, Geodesy.distanceKm(p, LatLon.of(n, lon)));
      }
      // Within 0.5 % (spherical foot point) plus the sampling step.
      assertThat(d).as("seed %d case %d point %s box %s", seed, i, p, b)
          .isLessThanOrEqualTo(sampled * 1.005 + 1e-6)
          .isGreaterThanOrEqualTo(sampled * 0.995 - 15);
    }
  }
}
