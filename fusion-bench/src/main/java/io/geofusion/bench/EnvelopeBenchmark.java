package io.geofusion.bench;

import io.geofusion.rtt.RttEnvelope;
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

/** Envelope of a series of RTT samples (1 % loss, heavy right tail like real pings). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {

  @Param({"1000"})
  int samples;

  double[] rtts;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(42);
    rtts = new double[samples];
    for (int i = 0; i < samples; i++) {
      rtts[i] = r.nextDouble() < 0.01 ? Double.NaN : 20.0 + -Math.log(1 - r.nextDouble()) * 3.0;
    }
  }

  @Benchmark
  public RttEnvelope envelope() {
    return RttEnvelope.of(rtts);
  }
}
