package io.geofusion.bench;

import io.geofusion.fusion.PopulationPrior;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first use of the population prior in a fresh JVM, as a command pays it: {@code standard}
 * reads the table tabulated at build time; {@code buildFromPlaces} tabulates the same constants
 * from the bundled places (what every fusing command paid before). Single shot per fork.
 *
 * <pre>java -jar fusion-bench/target/benchmarks.jar PopulationPriorLoad</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(10)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class PopulationPriorLoadBenchmark {

  @Benchmark
  public PopulationPrior standard() {
    return PopulationPrior.standard();
  }

  @Benchmark
  public PopulationPrior buildFromPlaces() {
    // the standard constants through the four-number factory, which always builds
    return PopulationPrior.of(PopulationPrior.STANDARD_EXPONENT,
        PopulationPrior.STANDARD_KERNEL_KM, PopulationPrior.STANDARD_REGION_KM,
        PopulationPrior.STANDARD_FLOOR);
  }
}
