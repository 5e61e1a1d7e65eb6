package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.graph.Direction;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.GeoRegion;
import io.geofusion.graph.GraphStats;
import io.geofusion.graph.Node;
import io.geofusion.graph.SnapshotInfo;
import io.geofusion.json.GraphJson;
import io.geofusion.json.GraphLines;
import io.geofusion.json.GraphSnapshotIndex;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.json.SnapshotIndexException;
import io.geofusion.json.HostsGeoJson;
import io.geofusion.json.ProductJson;
import io.geofusion.text.AtomicFile;
import io.geofusion.text.PathLock;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geofusion graph}: build, inspect, query and export entity-graph snapshots. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Build, inspect, query and export entity-graph snapshots.",
    subcommands = {GraphCommand.Load.class, GraphCommand.Stats.class, GraphCommand.Query.class,
        GraphCommand.Export.class, GraphCommand.Index.class})
public final class GraphCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static EntityGraph open(Path snapshot) throws IOException {
    try {
      return EntityGraph.builder().buildFrom(snapshot, GraphSnapshots.FORMAT);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(snapshot.toString(), null,
          "snapshot does not exist; create it with 'geofusion graph load --snapshot "
              + snapshot + " FILE...'");
    }
  }

  /** Loads JSON lines (events, node/host results, edges) into a snapshot. */
  @Command(name = "load", mixinStandardHelpOptions = true,
      description = {"Apply JSON lines to a snapshot (created if missing). Each line is a graph "
          + "event (seq/type), a node or fusion result (node, location_distribution, evidence), "
          + "or an edge (src, kind, dst, e.g. accepted guardrail output).",
          "A fusion result that abstained (no evidence) becomes a host without a location; "
              + "such lines are counted in the summary.",
          "Malformed lines are reported with file:line and skipped."})
  static final class Load implements Callable<Integer> {
    private static final int MAX_REPORTED_SKIPPED = 20;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE") Path snapshot;

    @Option(names = "--fresh", description = "Ignore an existing snapshot and start empty.")
    boolean fresh;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSONL input files.")
    List<Path> files;

    @Override
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public Integer call() throws IOException {
      // Held from reading the snapshot to renaming the new one in: parallel loads into one
      // snapshot run one after another and each sees the others' lines (docs/reliability.md).
      try (PathLock lock = PathLock.acquire(snapshot)) {
        return load();
      }
    }

    private int load() throws IOException {
      EntityGraph g = !fresh && Files.exists(snapshot) ? open(snapshot)
          : EntityGraph.builder().build();
      PrintWriter err = spec.commandLine().getErr();
      GraphLines.Counts c = GraphLines.Counts.NONE;
      long[] reported = {0};
      for (Path f : files) {
        try (TextLines in = reader(f)) {
          c = c.plus(GraphLines.load(g, in, (lineNo, problem) -> {
            if (++reported[0] <= MAX_REPORTED_SKIPPED) {
              err.println("geofusion: " + f + ":" + lineNo + ": skipped: " + problem);
            }
          }));
        }
      }
      SnapshotInfo info = g.snapshot(snapshot, GraphSnapshots.FORMAT);
      // Abstained fusion results (no evidence) are hosts without a location: counted, so a
      // file of them does not look like a file of located hosts.
      err.printf(Locale.ROOT, "applied %d lines%s, skipped %d; snapshot %s: seq %d, %d nodes, "
          + "%d edges, %d bytes%n", c.applied(), c.abstained() == 0 ? ""
              : " (" + c.abstained() + " abstained host" + (c.abstained() == 1 ? "" : "s")
                  + " without a location)", c.skipped(), info.path(), info.seq(), info.nodes(),
          info.edges(), info.bytes());
      err.flush();
      return 0;
    }

    private static TextLines reader(Path f) throws IOException {
      try {
        return TextLines.open(f);
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(f.toString(), null, "input file does not exist");
      }
    }
  }

  /** Prints counts by kind. */
  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Print graph statistics.")
  static final class Stats implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE") Path snapshot;

    @Option(names = "--json", description = "One JSON object instead of a table.") boolean json;

    @Override
    public Integer call() throws IOException {
      GraphStats s = open(snapshot).stats();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seq", s.lastSeq());
        o.put("nodes", s.nodes());
        o.put("edges", s.edges());
        o.put("located_hosts", s.locatedHosts());
        ObjectNode nk = o.putObject("nodes_by_kind");
        new java.util.TreeMap<>(s.nodesByKind()).forEach(nk::put);
        ObjectNode ek = o.putObject("edges_by_kind");
        new java.util.TreeMap<>(s.edgesByKind()).forEach(ek::put);
        out.println(ProductJson.toJson(o));
      } else {
        out.printf(Locale.ROOT, "snapshot %s at seq %d: %d nodes (%d located hosts), %d edges%n",
            snapshot, s.lastSeq(), s.nodes(), s.locatedHosts(), s.edges());
        table(out, "node kind", s.nodesByKind());
        table(out, "edge kind", s.edgesByKind());
      }
      out.flush();
      return 0;
    }

    private static void table(PrintWriter out, String title, Map<String, Long> m) {
      out.printf(Locale.ROOT, "%n%-32s %10s%n", title, "count");
      new java.util.TreeMap<>(m).forEach((k, v) -> out.printf(Locale.ROOT, "%-32s %10d%n", k, v));
    }
  }

  /** Neighbours, hosts in a group, hosts in a region. */
  @Command(name = "query", mixinStandardHelpOptions = true,
      description = {"Query a snapshot; prints matching nodes as JSON lines.",
          "--neighbours and --hosts-in read only what they need through the snapshot's index "
              + "(<snapshot>.idx, written by every save); without a usable index, and for "
              + "--region, the whole snapshot is loaded."})
  static final class Query implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE") Path snapshot;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1") What what;

    static final class What {
      @Option(names = "--neighbours", paramLabel = "NODE", description = "Neighbours of NODE.")
      String neighbours;

      @Option(names = "--hosts-in", paramLabel = "ASN_OR_ORG",
          description = "Hosts in an ASN or org (directly or through an ASN of the org).")
      String hostsIn;

      @Option(names = "--region", paramLabel = "REGION",
          description = "Hosts whose confidence circle intersects disk:LAT,LON,RADIUS_KM or "
              + "box:SOUTH,WEST,NORTH,EAST.")
      String region;
    }

    @Option(names = "--kind", paramLabel = "EDGE_KIND", description = "With --neighbours: only this edge kind.")
    String kind;

    @Option(names = "--direction", defaultValue = "BOTH", paramLabel = "DIR",
        description = "With --neighbours: OUT, IN or BOTH (default ${DEFAULT-VALUE}).")
    Direction direction;

    @Option(names = "--no-index",
        description = "Load the whole snapshot even if its index could answer (same output).")
    boolean noIndex;

    @Override
    public Integer call() throws IOException {
      List<String> lines = null;
      if (!noIndex && what.region == null && Files.isRegularFile(snapshot)) {
        lines = fromIndex();
      }
      if (lines == null) {
        lines = fromGraph(open(snapshot)).stream().map(GraphJson::toJson).toList();
      }
      PrintWriter out = spec.commandLine().getOut();
      for (String line : lines) {
        out.println(line);
      }
      out.flush();
      spec.commandLine().getErr().println(lines.size() + " nodes");
      spec.commandLine().getErr().flush();
      return 0;
    }

    /**
     * The answer's JSON lines through the index (the text the full load prints), or null, with a
     * note on stderr, if the index cannot give it.
     */
    private List<String> fromIndex() throws IOException {
      try (GraphSnapshotIndex index = GraphSnapshotIndex.open(snapshot)) {
        if (what.neighbours != null) {
          if (!index.containsNode(what.neighbours)) {
            throw notInSnapshot();
          }
          return index.neighbourLines(what.neighbours, kind, direction);
        }
        return index.hostsInLines(what.hostsIn);
      } catch (SnapshotIndexException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("geofusion: " + e.getMessage() + "; reading the whole snapshot instead"
            + " (build the index with 'geofusion graph index --snapshot " + snapshot + "')");
        err.flush();
        return null;
      }
    }

    private List<Node> fromGraph(EntityGraph g) {
      if (what.neighbours != null) {
        if (!g.containsNode(what.neighbours)) {
          throw notInSnapshot();
        }
        return g.neighbours(what.neighbours, kind, direction);
      } else if (what.hostsIn != null) {
        return g.hostsIn(what.hostsIn);
      }
      GeoRegion region;
      try {
        region = GeoRegion.parse(what.region);
      } catch (IllegalArgumentException e) {
        throw new UsageError("--region: " + e.getMessage());
      }
      return g.hostsIntersecting(region);
    }

    private IllegalArgumentException notInSnapshot() {
      return new IllegalArgumentException("node " + what.neighbours + " is not in " + snapshot);
    }
  }

  /** (Re)builds a snapshot's index. */
  @Command(name = "index", mixinStandardHelpOptions = true,
      description = {"Build the index of a snapshot (<snapshot>.idx), which lets 'graph query' "
          + "read only what a query needs.",
          "Every save writes it; build it for a snapshot saved by an older GeoFusion or by a "
              + "save that was interrupted. Reads and verifies the whole snapshot."})
  static final class Index implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE") Path snapshot;

    @Override
    public Integer call() throws IOException {
      Path file;
      try {
        file = GraphSnapshotIndex.build(snapshot);
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(snapshot.toString(), null,
            "snapshot does not exist; create it with 'geofusion graph load --snapshot "
                + snapshot + " FILE...'");
      }
      PrintWriter err = spec.commandLine().getErr();
      try (GraphSnapshotIndex index = GraphSnapshotIndex.open(snapshot)) {
        err.printf(Locale.ROOT, "index %s: seq %d, %d nodes, %d edges, %d bytes%n", file,
            index.seq(), index.nodeCount(), index.edgeCount(), Files.size(file));
      }
      err.flush();
      return 0;
    }
  }

  /** GeoJSON of located hosts. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write located hosts as RFC 7946 GeoJSON (points, optional confidence rings).")
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE") Path snapshot;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default stdout).")
    Path out;

    @Option(names = "--rings", defaultValue = "0", paramLabel = "VERTICES",
        description = "Also write each confidence circle as a polygon with this many vertices "
            + "(0 = points only, else >= 8).")
    int rings;

    @Override
    public Integer call() throws IOException {
      EntityGraph g = open(snapshot);
      if (out != null) {
        try (AtomicFile f = AtomicFile.create(out)) {
          HostsGeoJson.write(f.stream(), g.hosts(), rings);
          f.commit();
        }
      } else {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        HostsGeoJson.write(b, g.hosts(), rings);
        spec.commandLine().getOut().println(b.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }
}
