package io.geofusion.bench;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionParameters;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fusion of one target seen by {@code vantages} vantages spread over the globe (RTTs from the
 * calibrated relation: 0.3–0.6 of the 2/3 c bound), with and without a GeoIP answer, with and
 * without the population prior, with and without the far-vantage term. Issue 3's target: ≤ 2 ms
 * per target with 200 vantages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FusionBenchmark {

  @Param({"200"})
  int vantages;

  /** The population prior: {@code on} (the default engine) or {@code off}. */
  @Param({"on", "off"})
  String population;

  /**
   * The far vantages' lower-side term (docs/fusion.md §2): {@code on} (default engine, 188 far
   * vantages here) or {@code off}.
   */
  @Param({"on", "off"})
  String farVantages;

  FusionEngine engine;
  FusionInput rttOnly;
  FusionInput withGeoIp;

  @Setup
  public void setup() {
    FusionParameters p = FusionParameters.defaults().withFarVantageWeight(
        farVantages.equals("off") ? 0.0 : FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT);
    engine = new FusionEngine(population.equals("off") ? p.withoutPopulationPrior() : p);
    SplittableRandom rnd = new SplittableRandom(42);
    LatLon target = LatLon.of(48.85, 2.35);
    List<VantageObservation> vs = new ArrayList<>();
    for (int i = 0; i < vantages; i++) {
      double z = 2.0 * rnd.nextDouble() - 1.0;
      LatLon at = LatLon.of(Math.toDegrees(Math.asin(z * 0.9)), -180.0 + 360.0 * rnd.nextDouble());
      double d = Geodesy.distanceKm(at, target);
      double rho = 0.3 + 0.3 * rnd.nextDouble();
      vs.add(VantageObservation.of("v" + i, at, Math.max(0.2, d / (rho * 99.93))));
    }
    rttOnly = new FusionInput("bench", vs, null, List.of(), null);
    withGeoIp = new FusionInput("bench", vs, GeoIpEvidence.of(LatLon.of(48.86, 2.34), 20.0),
        List.of(), null);
  }

  @Benchmark
  public FusionResult fuseRttOnly() {
    return engine.fuse(rttOnly);
  }

  @Benchmark
  public FusionResult fuseWithGeoIp() {
    return engine.fuse(withGeoIp);
  }
}
