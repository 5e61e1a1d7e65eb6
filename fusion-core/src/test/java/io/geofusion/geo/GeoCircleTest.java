package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.GeoJson;
import io.geofusion.testing.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Geometry;

@ExtendWith(Seeds.class)
class GeoCircleTest {

  private static void assertWellFormed(GeoRegion region, String what) {
    for (GeoPolygon p : region.polygons()) {
      assertThat(p.exterior().isCounterClockwise()).as(what + ": exterior CCW").isTrue();
      for (GeoRing h : p.holes()) {
        assertThat(h.isCounterClockwise()).as(what + ": hole CW").isFalse();
      }
      assertThat(p.exterior().points().get(0))
          .isEqualTo(p.exterior().points().get(p.exterior().points().size() - 1));
    }
    ObjectNode g = GeoJson.geometry(region);
    Geometry jts = GeoTestSupport.jts(g);
    assertThat(GeoTestSupport.validityError(jts)).as(what + ": OGC valid").isNull();
    // Exterior rings CCW, holes CW, also after GeoJSON rounding.
    JsonNode polys = g.get("type").asText().equals("Polygon")
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
            .add(g.get("coordinates"))
        : g.get("coordinates");
    for (JsonNode poly : polys) {
      assertThat(GeoTestSupport.signedArea(poly.get(0))).as(what + ": written CCW").isPositive();
      for (int i = 1; i < poly.size(); i++) {
        assertThat(GeoTestSupport.signedArea(poly.get(i))).as(what + ": hole CW").isNegative();
      }
    }
  }

  @Test
  void constructor_negativeOrNanRadius_rejected() {
    assertThatThrownBy(() -> GeoCircle.of(LatLon.of(0, 0), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> GeoCircle.of(LatLon.of(0, 0), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GeoCircle.of(null, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void polygon_vertexCountOutOfRange_rejected() {
    GeoCircle c = GeoCircle.of(LatLon.of(0, 0), 10);
    assertThatThrownBy(() -> c.polygon(3)).hasMessageContaining("[8, 3600]");
    assertThatThrownBy(() -> c.polygon(5000)).hasMessageContaining("5000");
  }

  @Test
  void contains_byGeodesicDistance() {
    GeoCircle c = GeoCircle.of(LatLon.of(52.37, 4.89), 100);
    LatLon in = Geodesy.destination(c.centre(), 33, 99.9);
    LatLon out = Geodesy.destination(c.centre(), 33, 100.1);
    assertThat(c.contains(in)).isTrue();
    assertThat(c.contains(out)).isFalse();
    assertThat(c.contains(c.centre())).isTrue();
  }

  @Test
  void polygon_ordinaryCircle_oneClosedCcwRingWithVerticesAtRadius() {
    GeoCircle c = GeoCircle.of(LatLon.of(48.85, 2.35), 500);
    GeoRegion r = c.polygon(72);
    assertThat(r.polygons()).hasSize(1);
    GeoRing ring = r.polygons().get(0).exterior();
    assertThat(ring.points()).hasSize(73);
    for (LatLon p : ring.points()) {
      assertThat(Geodesy.distanceKm(c.centre(), p)).isCloseTo(500, within(1e-6));
    }
    // First vertex due north of the centre.
    assertThat(ring.points().get(0).lon()).isCloseTo(2.35, within(1e-9));
    assertThat(ring.points().get(0).lat()).isGreaterThan(48.85);
    assertWellFormed(r, "paris 500 km");
    assertThat(r.contains(c.centre())).isTrue();
  }

  @Test
  void polygon_crossingAntimeridian_splitsIntoTwoPartsOnEitherSide() {
    GeoCircle c = GeoCircle.of(LatLon.of(-17.7, 179.5), 300); // Fiji
    GeoRegion r = c.polygon(72);
    assertThat(r.polygons()).hasSize(2);
    assertThat(r.isMulti()).isTrue();
    boolean east = false;
    boolean west = false;
    for (GeoPolygon p : r.polygons()) {
      double minLon = p.exterior().points().stream().mapToDouble(LatLon::lon).min().orElseThrow();
      double maxLon = p.exterior().points().stream().mapToDouble(LatLon::lon).max().orElseThrow();
      assertThat(maxLon - minLon).as("no part spans the globe").isLessThan(10);
      east |= maxLon == 180.0;
      west |= minLon == -180.0;
    }
    assertThat(east && west).as("one part ends at +180, the other at -180").isTrue();
    assertThat(r.contains(LatLon.of(-17.7, 179.9))).isTrue();
    assertThat(r.contains(LatLon.of(-17.7, -179.9))).isTrue();
    assertThat(r.contains(LatLon.of(-17.7, 0))).isFalse();
    assertThat(GeoJson.geometry(r).get("type").asText()).isEqualTo("MultiPolygon");
    assertWellFormed(r, "fiji");
  }

  @Test
  void polygon_coveringNorthPole_runsAlongAntimeridianToPole() {
    GeoCircle c = GeoCircle.of(LatLon.of(84, 30), 1000);
    assertThat(c.containsPole(1)).isTrue();
    GeoRegion r = c.polygon(72);
    assertThat(r.polygons()).hasSize(1);
    GeoRing ring = r.polygons().get(0).exterior();
    assertThat(ring.points()).contains(LatLon.of(90, 180), LatLon.of(90, -180));
    assertThat(ring.points().stream().filter(p -> Math.abs(p.lon()) == 180.0).count())
        .isGreaterThanOrEqualTo(4);
    assertThat(r.contains(LatLon.of(89.5, 0))).isTrue();
    assertThat(r.contains(LatLon.of(89.5, 179))).isTrue();
    assertThat(r.contains(LatLon.of(75, 30))).isFalse();
    assertWellFormed(r, "north pole cap");
  }

  @Test
  void polygon_coveringSouthPole_runsAlongAntimeridianToPole() {
    GeoCircle c = GeoCircle.of(LatLon.of(-75, -100), 2500);
    GeoRegion r = c.polygon(120);
    assertThat(r.polygons()).hasSize(1);
    assertThat(r.polygons().get(0).exterior().points())
        .contains(LatLon.of(-90, 180), LatLon.of(-90, -180));
    assertThat(r.contains(LatLon.of(-89, 80))).isTrue();
    assertThat(r.contains(LatLon.of(-50, -100))).isFalse();
    assertWellFormed(r, "south pole cap");
  }

  @Test
  void polygon_centredOnPole_isPolarCap() {
    GeoRegion r = GeoCircle.of(LatLon.of(90, 0), 1000).polygon(36);
    assertThat(r.polygons()).hasSize(1);
    for (LatLon p : r.polygons().get(0).exterior().points()) {
      assertThat(p.lat()).isGreaterThan(80.9);
    }
    assertWellFormed(r, "pole-centred");
  }

  @Test
  void polygon_poleExactlyOnBoundary_stillValid() {
    LatLon centre = LatLon.of(60, 10);
    double toPole = Geodesy.distanceKm(centre, LatLon.of(90, 0));
    GeoRegion r = GeoCircle.of(centre, toPole).polygon(72);
    assertWellFormed(r, "pole on boundary");
  }

  @Test
  void polygon_tinyRadius_validAndDrawnAtLeast100m() {
    GeoRegion small = GeoCircle.of(LatLon.of(35.68, 139.69), 0.2).polygon(72);
    assertWellFormed(small, "200 m");
    GeoRegion zero = GeoCircle.of(LatLon.of(35.68, 139.69), 0).polygon(3600);
    assertWellFormed(zero, "0 m drawn at 100 m");
    LatLon v = zero.polygons().get(0).exterior().points().get(5);
    assertThat(Geodesy.distanceKm(LatLon.of(35.68, 139.69), v))
        .isCloseTo(GeoCircle.MIN_DRAWN_RADIUS_KM, within(1e-9));
  }

  @Test
  void polygon_hugeRadiusCoveringOnePole_valid() {
    GeoCircle c = GeoCircle.of(LatLon.of(60, 30), 12_000);
    assertThat(c.containsPole(1)).isTrue();
    assertThat(c.containsPole(-1)).isFalse();
    GeoRegion r = c.polygon(360);
    assertWellFormed(r, "12,000 km one pole");
    assertThat(r.contains(LatLon.of(0, 30))).isTrue();
    assertThat(r.contains(LatLon.of(-60, -150))).isFalse();
  }

  @Test
  void polygon_hugeRadiusCoveringBothPoles_isWorldMinusHole() {
    GeoCircle c = GeoCircle.of(LatLon.of(0, 0), 15_000);
    assertThat(c.containsPole(1) && c.containsPole(-1)).isTrue();
    GeoRegion r = c.polygon(360);
    assertWellFormed(r, "15,000 km both poles");
    // The uncovered cap around the antipode (0, 180) straddles the antimeridian.
    assertThat(r.contains(LatLon.of(0, 179.5))).isFalse();
    assertThat(r.contains(LatLon.of(0, -179.5))).isFalse();
    assertThat(r.contains(LatLon.of(89, 179.5))).isTrue();
    assertThat(r.contains(LatLon.of(0, 90))).isTrue();
  }

  @Test
  void polygon_hugeRadiusBothPolesHoleInside_hasHole() {
    GeoRegion r = GeoCircle.of(LatLon.of(10, 90), 17_000).polygon(180);
    assertWellFormed(r, "17,000 km");
    assertThat(r.polygons()).hasSize(1);
    assertThat(r.polygons().get(0).holes()).hasSize(1);
    assertThat(r.contains(LatLon.of(-10, -90))).isFalse();
    assertThat(r.contains(LatLon.of(10, 90))).isTrue();
  }

  @Test
  void polygon_radiusBeyondAntipode_isWholeWorld() {
    assertThat(GeoCircle.of(LatLon.of(12, 34), 25_000).polygon()).isEqualTo(GeoRegion.WORLD);
    assertThat(GeoCircle.of(LatLon.of(12, 34), 25_000).contains(LatLon.of(-12, -146))).isTrue();
  }

  /** Seeded: random circles are valid, and agree with the geodesic test away from the edge. */
  @Test
  void polygon_randomCircles_validAndConsistentWithContains() {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    String msg = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ")";
    for (int t = 0; t < 200; t++) {
      LatLon centre = LatLon.of(Math.toDegrees(Math.asin(rnd.nextDouble(-1, 1))),
          rnd.nextDouble(-180, 180));
      double radius = Math.exp(rnd.nextDouble(Math.log(0.5), Math.log(19_000)));
      GeoCircle c = GeoCircle.of(centre, radius);
      GeoRegion r = c.polygon(360);
      String what = msg + " circle " + centre + " r=" + radius;
      assertWellFormed(r, what);
      for (int k = 0; k < 20; k++) {
        LatLon p = Geodesy.destination(centre, rnd.nextDouble(0, 360),
            radius * rnd.nextDouble(0, 2));
        double d = Geodesy.distanceKm(centre, p);
        // 360 straight lon/lat edges deviate from the geodesic circle mostly near the poles;
        // only points well away from the boundary and from the poles are checked.
        if (Math.abs(d - radius) > 0.05 * radius + 50 && Math.abs(p.lat()) < 80) {
          assertThat(r.contains(p)).as(what + " point " + p + " at " + d + " km")
              .isEqualTo(c.contains(p));
        }
      }
    }
  }

  /** Seeded: pole-free circles straddling the antimeridian split into two valid parts at ±180. */
  @Test
  void polygon_randomCirclesAcrossAntimeridian_twoValidPartsAgreeingWithContains() {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    String msg = "seed=" + seed + " (rerun with -Dgeofusion.seed=" + seed + ")";
    int split = 0;
    for (int t = 0; t < 300; t++) {
      LatLon centre = LatLon.wrapped(rnd.nextDouble(-80, 80), 180 + rnd.nextDouble(-3, 3));
      double radius = rnd.nextDouble(1, 3000);
      GeoCircle c = GeoCircle.of(centre, radius);
      if (c.containsPole(1) || c.containsPole(-1)) {
        continue;
      }
      int vertices = rnd.nextInt(8, 400);
      GeoRegion r = c.polygon(vertices);
      String what = msg + " circle " + centre + " r=" + radius + " vertices " + vertices;
      assertWellFormed(r, what);
      if (r.polygons().size() == 2) {
        split++;
      }
      // Inside, the chords cut off up to radius·(1 − cos(π/vertices)) (7.6 % for 8 vertices);
      // straight lon/lat edges also sag away from the pole side at high latitude (the plate
      // carrée distortion the javadoc names): bound both by where the drawn edges really run.
      double margin = 0.05 * radius + 50;
      double[] drawn = drawnExtentKm(centre, radius, vertices);
      double inner = Math.min(radius * Math.cos(Math.PI / vertices), drawn[0]) - margin;
      double outer = Math.max(radius, drawn[1]) + margin;
      for (int k = 0; k < 20; k++) {
        LatLon p = Geodesy.destination(centre, rnd.nextDouble(0, 360),
            radius * rnd.nextDouble(0, 2));
        double d = Geodesy.distanceKm(centre, p);
        if ((d < inner || d > outer) && Math.abs(p.lat()) < 80) {
          assertThat(r.contains(p)).as(what + " point " + p).isEqualTo(c.contains(p));
        }
      }
    }
    assertThat(split).as(msg + ": most of these circles cross the antimeridian").isGreaterThan(100);
  }

  /**
   * The nearest and farthest (km from the centre) that the drawn boundary comes: the straight
   * lon/lat edges between the vertices at bearings 360·i/vertices, sampled 21 times each.
   */
  private static double[] drawnExtentKm(LatLon centre, double radius, int vertices) {
    double near = Double.MAX_VALUE;
    double far = 0;
    for (int i = 0; i < vertices; i++) {
      LatLon a = Geodesy.destination(centre, 360.0 * i / vertices, radius);
      LatLon b = Geodesy.destination(centre, 360.0 * (i + 1) / vertices, radius);
      double dLon = b.lon() - a.lon();
      dLon = dLon > 180 ? dLon - 360 : dLon < -180 ? dLon + 360 : dLon;
      for (int k = 0; k <= 20; k++) {
        double f = k / 20.0;
        LatLon m = LatLon.wrapped(a.lat() + f * (b.lat() - a.lat()), a.lon() + f * dLon);
        double d = Geodesy.distanceKm(centre, m);
        near = Math.min(near, d);
        far = Math.max(far, d);
      }
    }
    return new double[] {near, far};
  }
}
