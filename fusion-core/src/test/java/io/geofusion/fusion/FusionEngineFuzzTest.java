package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the whole engine with valid but arbitrary evidence: vantages anywhere (poles, the
 * antimeridian, all at one point), RTTs from 0 to 2 s, GeoIP answers, radio bearings and host
 * signals in any combination. Whatever the evidence — contradictory, degenerate or absent — a
 * fusion returns a result with a finite estimate, nested circles no wider than the Earth and a
 * mixture whose weights sum to 1, and never throws (docs/architecture.md §5: "empty or
 * contradictory inputs never produce NaN or an exception").
 *
 * <p>In a normal {@code mvn test} Jazzer replays its regression inputs; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class FusionEngineFuzzTest {

  private static final FusionEngine ENGINE = FusionEngine.create();
  private static final FusionEngine PLAIN = new FusionEngine(
      FusionParameters.defaults().withoutPopulationPrior().withFarVantageWeight(0.0));
  private static final double[] SPECIAL_LAT = {90.0, -90.0, 0.0, 89.9999, -89.9999, 48.85};
  private static final double[] SPECIAL_LON = {180.0, -180.0, 0.0, 179.9999, -179.9999, 2.35};
  private static final double[] SPECIAL_RTT = {0.0, 1e-6, 0.05, 0.3, 3.0, 150.0, 2000.0};

  /** Where the generator's choices come from: Jazzer's bytes, or a seeded random source. */
  interface Choices {
    boolean consumeBoolean();

    int consumeInt(int min, int max);

    double consumeRegularDouble(double min, double max);
  }

  @FuzzTest(maxDuration = "60s")
  void fuse(FuzzedDataProvider d) {
    fuseAndCheck(new Choices() {
      @Override
      public boolean consumeBoolean() {
        return d.consumeBoolean();
      }

      @Override
      public int consumeInt(int min, int max) {
        return d.consumeInt(min, max);
      }

      @Override
      public double consumeRegularDouble(double min, double max) {
        return d.consumeRegularDouble(min, max);
      }
    });
  }

  /**
   * The same generator driven by a seeded random source, so every build runs many large inputs
   * (Jazzer's regression mode replays only short ones); {@code geofusion.fuzz.count} raises the
   * count for a longer hunt.
   */
  @Test
  void fuse_seededRandomEvidence_alwaysAWellFormedResult() {
    SplittableRandom rnd = new SplittableRandom(20261126L);
    int count = Integer.getInteger("geofusion.fuzz.count", 200);
    Choices c = new Choices() {
      @Override
      public boolean consumeBoolean() {
        return rnd.nextBoolean();
      }

      @Override
      public int consumeInt(int min, int max) {
        return min + rnd.nextInt(max - min + 1);
      }

      @Override
      public double consumeRegularDouble(double min, double max) {
        return min + (max - min) * rnd.nextDouble();
      }
    };
    for (int i = 0; i < count; i++) {
      fuseAndCheck(c);
    }
  }

  static void fuseAndCheck(Choices d) {
    FusionEngine engine = d.consumeBoolean() ? ENGINE : PLAIN;
    FusionInput.Builder in = FusionInput.builder("fuzz");
    int n = d.consumeInt(0, 40);
    List<VantageObservation> vs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LatLon at = position(d);
      double rtt = d.consumeBoolean() ? SPECIAL_RTT[d.consumeInt(0, SPECIAL_RTT.length - 1)]
          : d.consumeRegularDouble(0.0, 2000.0);
      double local = d.consumeBoolean() ? 0.0 : d.consumeRegularDouble(0.0, rtt);
      vs.add(new VantageObservation("v" + d.consumeInt(0, 9), at, rtt, local));
    }
    in.vantages(vs);
    if (d.consumeBoolean()) {
      in.geoIp(new GeoIpEvidence(position(d), d.consumeRegularDouble(0.001, 20000.0),
          d.consumeBoolean()));
    }
    int rf = d.consumeInt(0, 2);
    for (int i = 0; i < rf; i++) {
      in.rf(new RfBearing(position(d), d.consumeRegularDouble(-720.0, 720.0),
          d.consumeRegularDouble(0.01, 360.0), d.consumeRegularDouble(-150.0, 30.0),
          d.consumeRegularDouble(-80.0, 30.0), d.consumeRegularDouble(0.001, 10.0),
          d.consumeRegularDouble(1.0, 6.0), d.consumeRegularDouble(0.1, 20.0)));
    }
    if (d.consumeBoolean()) {
      String[] types = {"", "mobile", "satellite", "cdn", "hosting", "isp", "anycast"};
      in.signals(new HostSignals(types[d.consumeInt(0, types.length - 1)],
          d.consumeBoolean() ? Double.NaN : d.consumeRegularDouble(0.0, 2000.0),
          d.consumeBoolean() ? Double.NaN : d.consumeRegularDouble(0.0, 500.0),
          d.consumeBoolean()));
    }
    check(engine.fuse(in.build()));
  }

  private static LatLon position(Choices d) {
    double lat = d.consumeBoolean() ? SPECIAL_LAT[d.consumeInt(0, SPECIAL_LAT.length - 1)]
        : d.consumeRegularDouble(-90.0, 90.0);
    double lon = d.consumeBoolean() ? SPECIAL_LON[d.consumeInt(0, SPECIAL_LON.length - 1)]
        : d.consumeRegularDouble(-180.0, 180.0);
    return LatLon.of(lat, lon);
  }

  static void check(FusionResult r) {
    if (r instanceof FusionResult.Located l) {
      assertThat(Double.isFinite(l.estimate().lat()) && Double.isFinite(l.estimate().lon()))
          .as("finite estimate %s", l.estimate()).isTrue();
      double r50 = l.circle50().radiusKm();
      double r90 = l.circle90().radiusKm();
      assertThat(r50).as("r50").isBetween(0.0, 20040.0);
      assertThat(r90).as("r90").isBetween(r50, 20040.0);
      double w = 0.0;
      for (MixtureComponent c : l.distribution().components()) {
        assertThat(c.weight()).as("component weight").isBetween(0.0, 1.0);
        assertThat(Double.isFinite(c.mean().lat()) && Double.isFinite(c.mean().lon())).isTrue();
        w += c.weight();
      }
      assertThat(w).as("mixture weights sum").isCloseTo(1.0,
          org.assertj.core.data.Offset.offset(1e-6));
    }
    r.evidence().forEach((k, v) -> assertThat(v).as("evidence " + k).isBetween(0.0, 1.0));
  }
}
