package io.geofusion.bench;

import io.geofusion.guardrail.EdgeCandidate;
import io.geofusion.guardrail.EdgeOutcome;
import io.geofusion.guardrail.Guardrail;
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
 * Guardrail cost per edge by path: a clean canonical edge, an alias, a near-miss spelling (nearest
 * kind by n-gram similarity), and garbage that goes through the deterministic repairer twice.
 *
 * <p>Run: {@code java -jar fusion-bench/target/benchmarks.jar Guardrail -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class GuardrailBenchmark {

  @Param({"INFERRED_HOST_IN_ORG", "HOST_IN_ASN", "INFERED_HOST_IN_ORGS", "XQZ_PLORT"})
  String kind;

  Guardrail guardrail;
  EdgeCandidate edge;

  @Setup
  public void setup() {
    guardrail = Guardrail.builder().build();
    edge = new EdgeCandidate("host:192.0.2.1", kind, "asn:64500", "rule-1", 0.8,
        "host:192.0.2.1", java.util.Map.of());
  }

  @Benchmark
  public EdgeOutcome process() {
    return guardrail.process(edge);
  }
}
