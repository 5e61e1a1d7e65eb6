package io.geofusion.bench;

import io.geofusion.graph.Direction;
import io.geofusion.graph.Edge;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.OverflowPolicy;
import io.geofusion.graph.SnapshotFormat;
import io.geofusion.graph.Subscription;
import io.geofusion.json.GraphJson;
import io.geofusion.json.GraphSnapshotIndex;
import io.geofusion.json.GraphSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Entity graph speed: single-writer edge upserts per second with one subscriber attached, the
 * time to snapshot (with its index) and to reload a graph of one million edges (the reloaded graph
 * is checked to equal the original once per trial), and one node's neighbours through the
 * snapshot's index — open, query, close — against that reload (the answer is checked against the
 * graph's).
 *
 * <p>Run: {@code java -jar fusion-bench/target/benchmarks.jar Graph -f 1 -wi 2 -i 3}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GraphBenchmark {

  /** A graph with one subscriber; upserts cycle over 200 000 keys (inserts, then updates). */
  @State(Scope.Thread)
  public static class Upserts {
    EntityGraph graph;
    Subscription subscription;
    final LongAdder seen = new LongAdder();
    EdgeUpdate[] updates;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      graph = EntityGraph.builder().retainEvents(100_000).build();
      // A cheap subscriber; DROP_NEWEST so a burst the dispatcher cannot absorb is counted, not
      // a disconnect that would silently turn the benchmark into "no subscriber".
      subscription = graph.subscribe("bench", e -> seen.increment(), 1 << 16,
          OverflowPolicy.DROP_NEWEST);
      updates = new EdgeUpdate[200_000];
      for (int i = 0; i < updates.length; i++) {
        updates[i] = new EdgeUpdate(new EdgeKey("host:10." + (i >> 16) + "." + ((i >> 8) & 255)
            + "." + (i & 255), "INFERRED_FLOW_IN_SERVICE", "service:tcp/" + (i % 1000)), 0.8, 1.0,
            Map.of());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Subscription.Stats s = subscription.stats();
      System.out.printf("%nsubscriber: delivered %d, dropped %d of %d events%n", s.delivered(),
          s.dropped(), graph.lastSeq());
      graph.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public Edge upsertEdgeWithSubscriber(Upserts s) {
    EdgeUpdate u = s.updates[s.next];
    s.next = s.next + 1 == s.updates.length ? 0 : s.next + 1;
    return s.graph.upsertEdge(u);
  }

  /** One million edges: 100 000 hosts × 10 edges (to ASNs, services and other hosts). */
  @State(Scope.Benchmark)
  public static class Million {
    @Param({"1000000"})
    int edges;

    EntityGraph graph;
    Path dir;
    Path file;
    EntityGraph reloaded;
    /** host number 12,345: ten edges out, six in on average. */
    final String node = "host:10.0.48.57";
    List<String> answer;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      graph = EntityGraph.builder().retainEvents(0).build();
      List<EdgeUpdate> batch = new ArrayList<>(10_000);
      for (int i = 0; i < edges; i++) {
        int h = i / 10;
        String host = "host:10." + (h >> 16) + "." + ((h >> 8) & 255) + "." + (h & 255);
        String dst;
        String kind;
        switch (i % 10) {
          case 0 -> {
            dst = "asn:" + (64496 + h % 500);
            kind = "INFERRED_HOST_IN_ORG";
          }
          case 1, 2, 3 -> {
            dst = "service:tcp/" + (i % 3000);
            kind = "INFERRED_HOST_OFFERS_SERVICE";
          }
          default -> {
            int o = (h * 31 + i) % (edges / 10);
            dst = "host:10." + (o >> 16) + "." + ((o >> 8) & 255) + "." + (o & 255);
            kind = "INFERRED_FLOW_IN_SERVICE";
          }
        }
        batch.add(new EdgeUpdate(new EdgeKey(host, kind, dst), 0.5 + (i % 50) / 100.0, 1.0,
            Map.of("rule_id", "r" + (i % 7))));
        if (batch.size() == 10_000) {
          graph.upsertEdges(batch);
          batch.clear();
        }
      }
      graph.upsertEdges(batch);
      dir = Files.createTempDirectory("geofusion-graph-bench");
      file = dir.resolve("million.snap");
      graph.snapshot(file, GraphSnapshots.FORMAT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      if (answer != null) {
        List<String> want = graph.neighbours(node, null, Direction.BOTH).stream()
            .map(GraphJson::toJson).toList();
        if (!answer.equals(want)) {
          throw new IllegalStateException("the index's neighbours differ from the graph's");
        }
        System.out.printf("%nindex answer equals the graph's: %d neighbours of %s%n",
            answer.size(), node);
      }
      if (reloaded != null) {
        if (reloaded.edgeCount() != graph.edgeCount()
            || !new HashSet<>(reloaded.edges()).equals(new HashSet<>(graph.edges()))
            || !new HashSet<>(reloaded.nodes()).equals(new HashSet<>(graph.nodes()))) {
          throw new IllegalStateException("reloaded graph differs from the original");
        }
        System.out.printf("%nreloaded graph equals original: %d nodes, %d edges, %d bytes%n",
            reloaded.nodeCount(), reloaded.edgeCount(), Files.size(file));
      }
      Files.deleteIfExists(file);
      Files.deleteIfExists(GraphSnapshotIndex.pathFor(file));
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".lock"));
      Files.deleteIfExists(dir);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long snapshotMillionEdges(Million m) throws IOException {
    return m.graph.snapshot(m.file, GraphSnapshots.FORMAT).bytes();
  }

  /**
   * The same snapshot without its index (the format's bytes only, no sidecar): what the index
   * adds to a save is the difference to {@link #snapshotMillionEdges}.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long snapshotMillionEdgesWithoutIndex(Million m) throws IOException {
    return m.graph.snapshot(m.file, WITHOUT_INDEX).bytes();
  }

  /** {@link GraphSnapshots#FORMAT} without its sidecar. */
  private static final SnapshotFormat WITHOUT_INDEX = new SnapshotFormat() {
    @Override
    public void write(java.io.OutputStream out, Contents contents) throws IOException {
      GraphSnapshots.FORMAT.write(out, contents);
    }

    @Override
    public long read(java.io.InputStream in, Path file, Loader loader) throws IOException {
      return GraphSnapshots.FORMAT.read(in, file, loader);
    }
  };

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long reloadMillionEdges(Million m) throws IOException {
    m.reloaded = null; // let the previous copy be collected: only the original stays resident
    m.reloaded = EntityGraph.builder().buildFrom(m.file, GraphSnapshots.FORMAT);
    return m.reloaded.edgeCount();
  }

  /**
   * One node's neighbours through the index, as {@code graph query --neighbours} reads them: open
   * (checks the stamp against the snapshot), binary search, adjacency, the neighbours' lines.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public List<String> neighboursThroughIndex(Million m) throws IOException {
    try (GraphSnapshotIndex x = GraphSnapshotIndex.open(m.file)) {
      m.answer = x.neighbourLines(m.node, null, Direction.BOTH);
      return m.answer;
    }
  }
}
