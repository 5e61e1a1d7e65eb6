package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostClassification;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.geo.GeoJsonRfc7946Validator;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * {@link FusionJson#toGeoJson}: an abstention is an unlocated Feature; mixture components
 * thousands of km wide — the shapes a one-vantage posterior produces — centred next to the
 * antimeridian and next to a pole, where
 * their 2σ ellipses must be cut at ±180° and closed over the pole (RFC 7946 §3.1.9) rather than
 * written with unwrapped longitudes, and stay simple polygons (no edge crossing another).
 */
@ExtendWith(Seeds.class)
class FusionJsonGeoJsonTest {

  private static final ObjectMapper M = new ObjectMapper();

  /**
   * Rings of the collection's polygons that are not simple (the RFC 7946 validator does not
   * check topology): "feature i: error".
   */
  static List<String> topologyErrors(JsonNode fc) {
    GeometryFactory gf = new GeometryFactory();
    List<String> out = new ArrayList<>();
    JsonNode fs = fc.get("features");
    for (int i = 0; i < fs.size(); i++) {
      JsonNode g = fs.get(i).get("geometry");
      if (g == null || g.isNull() || g.get("type").asText().equals("Point")) {
        continue;
      }
      List<JsonNode> polys = new ArrayList<>();
      if (g.get("type").asText().equals("Polygon")) {
        polys.add(g.get("coordinates"));
      } else {
        g.get("coordinates").forEach(polys::add);
      }
      for (JsonNode poly : polys) {
        JsonNode ring = poly.get(0);
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int k = 0; k < cs.length; k++) {
          cs[k] = new Coordinate(ring.get(k).get(0).asDouble(), ring.get(k).get(1).asDouble());
        }
        IsValidOp op = new IsValidOp(gf.createPolygon(cs));
        if (!op.isValid()) {
          out.add("feature " + i + " (" + fs.get(i).at("/properties/kind").asText() + "): "
              + op.getValidationError());
        }
      }
    }
    return out;
  }

  /** A result whose mixture is {@code components}; circles of {@code radiusKm} on the first mean. */
  static FusionResult result(List<MixtureComponent> components, double radiusKm) {
    LatLon est = components.get(0).mean();
    return new FusionResult.Located("198.51.100.7", est,
        new ConfidenceCircle(est, radiusKm / 2, 0.5), new ConfidenceCircle(est, radiusKm, 0.9),
        new LocationDistribution(components, radiusKm), Map.of("rtt", 0.5), List.of(),
        HostClassification.UNKNOWN, new FusionResult.Diagnostics(1, 100, 3, 0.3, 0.0));
  }

  /** A component of weight {@code w}, σ along the major/minor axis, major axis at {@code deg}. */
  static MixtureComponent component(LatLon mean, double w, double sigmaMajorKm,
      double sigmaMinorKm, double deg) {
    double t = Math.toRadians(deg);
    double e = Math.sin(t);
    double n = Math.cos(t);
    double a2 = sigmaMajorKm * sigmaMajorKm;
    double b2 = sigmaMinorKm * sigmaMinorKm;
    // Σ = a²·u·uᵀ + b²·v·vᵀ with u = (sin θ, cos θ) the major axis in (east, north), v ⟂ u.
    return new MixtureComponent(mean, w, a2 * e * e + b2 * n * n, (a2 - b2) * e * n,
        a2 * n * n + b2 * e * e);
  }

  @ParameterizedTest(name = "[{index}] centre ({0}, {1}), sigma {2} x {3} km at {4} deg")
  @CsvSource({
      // next to the antimeridian, east and west side, along and across it
      "-17.7, 179.5, 3000, 1500, 90",
      "-17.7, -179.5, 3000, 1500, 90",
      "10.0, 178.0, 4000, 1000, 0",
      "0.0, 180.0, 5000, 5000, 0",
      "-45.0, -178.0, 6000, 2000, 45",
      // next to a pole: the ellipse covers it, or passes it
      "85.0, 30.0, 3000, 1500, 0",
      "-88.0, -120.0, 4000, 2500, 135",
      "80.0, 179.0, 2500, 600, 100",
      "70.0, -90.0, 3000, 800, 90",
      // thin, passing a pole or bending across the antimeridian
      "-77.7, 77.4, 1500, 85, 153",
      "-50.5, 49.4, 3900, 170, 139",
      "47.9, 36.8, 9000, 300, 132",
      // wider than a hemisphere along its major axis (2σ capped at 19 000 km)
      "45.0, 170.0, 9000, 1000, 60",
      "-30.0, 0.0, 12000, 3000, 20"
  })
  void toGeoJson_broadComponent_isValidRfc7946(double lat, double lon, double sigmaMajor,
      double sigmaMinor, double deg) {
    FusionResult r = result(List.of(
        component(LatLon.of(lat, lon), 1.0, sigmaMajor, sigmaMinor, deg)), 2.0 * sigmaMajor);
    JsonNode fc = FusionJson.toGeoJson(r, List.of(), RttLikelihoodModel.WONDERNETWORK_2020);
    assertThat(GeoJsonRfc7946Validator.validate(fc)).as(fc.toString()).isEmpty();
    assertThat(topologyErrors(fc)).isEmpty();
    assertThat(GeoJsonRfc7946Validator.kinds(fc)).containsEntry("mixture_component", 1)
        .containsEntry("confidence_circle", 2);
  }

  @Test
  void toGeoJson_abstained_isOneUnlocatedFeatureNotAPointAtZeroZero() {
    FusionResult r = FusionEngine.create()
        .fuse(FusionInput.builder("198.51.100.9").build());
    assertThat(r).isInstanceOf(FusionResult.Abstained.class);
    JsonNode fc = FusionJson.toGeoJson(r, List.of(), RttLikelihoodModel.WONDERNETWORK_2020);
    assertThat(GeoJsonRfc7946Validator.validate(fc)).as(fc.toString()).isEmpty();
    assertThat(fc.get("features")).singleElement().satisfies(f -> {
      assertThat(f.get("geometry").isNull()).isTrue();
      assertThat(f.at("/properties/kind").asText()).isEqualTo("estimate");
      assertThat(f.at("/properties/abstained").asBoolean()).isTrue();
    });
  }

  @Test
  void toGeoJson_randomBroadMixtures_areValidRfc7946() {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 150; i++) {
      int k = 1 + rnd.nextInt(4);
      List<MixtureComponent> cs = new ArrayList<>();
      double[] w = new double[k];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        w[j] = rnd.nextDouble(0.05, 1.0);
        sum += w[j];
      }
      double left = 1.0;
      for (int j = 0; j < k; j++) {
        double wj = j == k - 1 ? left : w[j] / sum;
        left -= wj;
        // Half of the means within 3° of the antimeridian or of a pole.
        double lat = rnd.nextBoolean() ? rnd.nextDouble(-90, 90) : rnd.nextDouble(83, 90)
            * (rnd.nextBoolean() ? 1 : -1);
        double lon = rnd.nextBoolean() ? rnd.nextDouble(-180, 180)
            : rnd.nextDouble(177, 180) * (rnd.nextBoolean() ? 1 : -1);
        double major = rnd.nextDouble(500, 8000);
        double minor = rnd.nextDouble(major / 200, major);
        cs.add(component(LatLon.of(lat, lon), Math.max(wj, 0.0), major, minor,
            rnd.nextDouble(0, 180)));
      }
      FusionResult r = result(cs, rnd.nextDouble(100, 20000));
      JsonNode fc = FusionJson.toGeoJson(r, List.of(), RttLikelihoodModel.WONDERNETWORK_2020);
      assertThat(GeoJsonRfc7946Validator.validate(fc)).as("seed %d, case %d: %s", seed, i, cs)
          .isEmpty();
      assertThat(topologyErrors(fc)).as("seed %d, case %d: %s", seed, i, cs).isEmpty();
    }
  }
}
