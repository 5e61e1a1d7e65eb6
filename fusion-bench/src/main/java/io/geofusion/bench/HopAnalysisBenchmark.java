package io.geofusion.bench;

import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
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
 * Hop analysis of one traceroute ({@code hops} TTLs × {@code replies} probes) with the default
 * analyzer: envelopes, address classes, loop detection, the iterated isotonic fit and the
 * gradient. The path has what real ones have: a private first hop, two slow-ICMP spikes, a silent
 * hop, 3 % probe loss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HopAnalysisBenchmark {

  @Param({"30"})
  int hops;

  @Param({"3"})
  int replies;

  TracePath trace;
  HopAnalyzer analyzer;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(42);
    List<Hop> list = new ArrayList<>(hops);
    double base = 0.8;
    for (int ttl = 1; ttl <= hops; ttl++) {
      base += r.nextDouble() * 5;
      String address = ttl == 1 ? "192.168.1.1" : "62.115." + ttl + "." + (1 + r.nextInt(250));
      double spike = ttl == 7 || ttl == 19 ? 150 : 0;
      boolean silent = ttl == 12;
      List<HopReply> rs = new ArrayList<>(replies);
      for (int k = 0; k < replies; k++) {
        rs.add(silent || r.nextInt(33) == 0 ? HopReply.timeout()
            : HopReply.of(address, base + spike + r.nextDouble() * 2));
      }
      list.add(new Hop(ttl, rs));
    }
    trace = new TracePath("bench", "62.115." + hops + ".1", list);
    analyzer = HopAnalyzer.defaults();
  }

  @Benchmark
  public PathAnalysis analyze() {
    return analyzer.analyze(trace);
  }
}
