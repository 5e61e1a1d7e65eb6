package io.geofusion.bench;

import io.geofusion.rtt.Bestline;
import io.geofusion.rtt.BestlineFitter;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.Landmark;
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
 * CBG bestline fit (commons-math3 simplex) over synthetic landmarks shaped like a real ping mesh:
 * RTT = d / (0.7·k) + 2 ms plus an exponential queuing tail, distances up to 18,000 km.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CalibrationBenchmark {

  @Param({"200"})
  int landmarks;

  List<Landmark> points;

  @Setup
  public void setup() {
    double k = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0);
    SplittableRandom r = new SplittableRandom(7);
    points = new ArrayList<>(landmarks);
    for (int i = 0; i < landmarks; i++) {
      double d = r.nextDouble(0, 18_000);
      points.add(new Landmark(d, d / (0.7 * k) + 2 + -Math.log(1 - r.nextDouble()) * 10));
    }
  }

  @Benchmark
  public Bestline bestline() {
    return BestlineFitter.defaults().fit(points).line();
  }
}
