package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.RecordBatch;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.ProductJson;
import io.geofusion.json.TraceDocuments;
import io.geofusion.json.TracerouteDocument;
import io.geofusion.json.TracerouteHopJson;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.LiveTrace;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.rtt.DistanceEstimator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion traceroute TARGET...} (live) or {@code --input FILE} (recorded): hops with
 * envelopes, anomaly flags and Δkm. Both modes produce the same documents; live ones also say
 * which backend took them and where timestamps came from.
 */
@Command(
    name = "traceroute",
    aliases = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Hop-by-hop analysis of a traceroute: per-hop RTT envelope, anomaly flags (timeout,"
          + " private_backbone, rtt_spike, non_monotonic, repeated_hop, routing_loop,"
          + " geographic_jump, mpls) and the clean-path distance gradient (delta_km).",
      "With TARGET... (IP addresses or host names, resolved once), traces them now, probing"
          + " many TTLs at once; with --input, reads recorded traces (RIPE Atlas JSON, scamper"
          + " JSON, mtr --json, traceroute/tracepath text)."
    })
final class TracerouteCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "Hosts to trace now (not with --input).")
  List<String> targets;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Recorded measurements to read (gzip is detected).")
  Path input;

  @CommandLine.Mixin LiveOptions live;

  @CommandLine.Mixin LiveOptions.Trace trace;

  @CommandLine.Mixin DistanceOptions distance;

  @ArgGroup(exclusive = true) OutputOptions output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    DistanceEstimator estimator = distance.estimator();
    HopAnalyzer analyzer = distance.analyzer();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputOptions.Mode mode = OutputOptions.of(output);
    List<String> liveTargets = LiveProbing.liveTargets(input, targets, live);
    if (liveTargets != null) {
      return callLive(liveTargets, analyzer, estimator, mode, out, err);
    }
    callRecorded(analyzer, estimator, mode, out, err);
    return 0;
  }

  private void callRecorded(HopAnalyzer analyzer, DistanceEstimator estimator,
      OutputOptions.Mode mode, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    List<TracerouteDocument> docs = new ArrayList<>();
    int[] other = {0};
    // Records are independent: batches of lines are parsed, decoded, analysed and printed on
    // every core, and written in input order (docs/decisions/cli-startup.md, bulk parsing).
    try (MeasurementReader reader = Inputs.open(input, err);
        OrderedParallel<Batch> work = new OrderedParallel<>(b -> {
          b.text().writeTo(out, err);
          other[0] += b.other();
          docs.addAll(b.docs());
        })) {
      RecordBatch next;
      while ((next = reader.readBatch(BATCH_RECORDS)) != null) {
        RecordBatch batch = next;
        work.submit(() -> batch(batch, analyzer, estimator, mode));
      }
      work.finish();
    }
    if (mode == OutputOptions.Mode.JSON) {
      out.println(ProductJson.toPrettyJson(Map.of("traces", docs)));
    }
    out.flush();
    err.flush();
    if (other[0] > 0) {
      err.println("geofusion: note: " + other[0] + " ping record(s) ignored; use"
          + " 'geofusion probe --input " + input + "' for them");
      err.flush();
    }
  }

  /** Records per task: enough to make a task's overhead small, few enough to keep all busy. */
  private static final int BATCH_RECORDS = 64;

  /** What one batch printed, how many records were not traces, its documents for --json. */
  private record Batch(InterleavedText text, int other, List<TracerouteDocument> docs) {}

  private Batch batch(RecordBatch batch, HopAnalyzer analyzer, DistanceEstimator estimator,
      OutputOptions.Mode mode) {
    InterleavedText text = new InterleavedText();
    List<TracerouteDocument> docs = new ArrayList<>();
    int other = 0;
    try (PrintWriter po = text.out(); PrintWriter pe = text.err()) {
      for (Measurement m : batch.decode(p -> Inputs.report(pe, input, p))) {
        if (!(m instanceof TraceMeasurement) && !(m instanceof TraceSummary)) {
          other++;
        } else {
          print(document(m, analyzer, estimator), m.line(), mode, docs, po, pe);
        }
      }
    }
    return new Batch(text, other, docs);
  }

  private static TracerouteDocument document(Measurement m, HopAnalyzer analyzer,
      DistanceEstimator estimator) {
    return m instanceof TraceMeasurement t ? TraceDocuments.recorded(t, analyzer, estimator)
        : TraceDocuments.recorded((TraceSummary) m, analyzer, estimator);
  }

  /** One recorded trace as the mode asks: an event line, a document kept for later, a table. */
  private void print(TracerouteDocument doc, long line, OutputOptions.Mode mode,
      List<TracerouteDocument> docs, PrintWriter out, PrintWriter err) {
    switch (mode) {
      case NDJSON -> {
        if (doc.destination() == null) {
          err.println("geofusion: warning: " + Inputs.where(input, line) + ": no "
              + LatencyAnalysisEvent.TYPE + " event for a trace that does not name its"
              + " destination (use --json for its hops)");
        } else {
          ProductJson.writeLine(out, TraceDocuments.event(doc));
        }
      }
      case JSON -> docs.add(doc);
      case TEXT -> {
        // the whole trace gathered, then written once (docs/decisions/cli-startup.md §6)
        StringBuilder sb = new StringBuilder(2048);
        sb.append("traceroute to ").append(Render.destinationText(doc.destination()));
        if (doc.source() != null) {
          sb.append(" from ").append(doc.source());
        }
        if (doc.vantage() != null) {
          sb.append(" (").append(doc.vantage()).append(')');
        }
        sb.append(System.lineSeparator());
        appendHops(sb, doc);
        out.write(sb.toString());
      }
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
  }

  private int callLive(List<String> typed, HopAnalyzer analyzer, DistanceEstimator estimator,
      OutputOptions.Mode mode, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    LiveProbing.validate(live, null, trace);
    TraceSettings settings = LiveProbing.traceSettings(live, trace);
    ProbeSelector selector = LiveProbing.selector(live);
    boolean verbose = LiveProbing.verbose(spec);
    List<LiveRun.Outcome<LiveTrace>> outcomes = LiveProbing.run(typed, live.parallel(),
        LiveTrace.bound(settings), err, verbose,
        t -> LiveTrace.probe(selector, settings, t, analyzer, estimator), o -> {
          LiveProbing.notePassedOver(err, verbose, o.typed(), o.value().choice());
          if (mode == OutputOptions.Mode.NDJSON) {
            out.println(Render.withProbe(TraceDocuments.event(TraceDocuments.live(o.value())),
                Render.probeInfo(o.value())));
            out.flush();
          }
        });
    List<LiveTrace> done = outcomes.stream().filter(LiveRun.Outcome::ok)
        .map(LiveRun.Outcome::value).toList();
    if (mode == OutputOptions.Mode.JSON) {
      ArrayNode traces = JsonNodeFactory.instance.arrayNode();
      done.forEach(l -> traces.add(Render.withProbe(TraceDocuments.live(l), Render.probeInfo(l))));
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("traces", traces);
      out.println(ProductJson.toPrettyJson(root));
    } else if (mode == OutputOptions.Mode.TEXT) {
      for (LiveTrace l : done) {
        out.printf(Locale.ROOT, "traceroute to %s: %s, %s%n", l.target().label(),
            Render.how(l.choice(), l.result().backend(), l.result().timestampSource(),
                l.result().startedAt()),
            l.result().reachedDestination() ? "destination reached" : "destination NOT reached");
        StringBuilder sb = new StringBuilder(2048);
        appendHops(sb, TraceDocuments.live(l));
        out.write(sb.toString());
      }
    }
    out.flush();
    return LiveProbing.finish(outcomes, err);
  }

  /** The hop table and the lines after it, each ended as println ends it. */
  private static void appendHops(StringBuilder out, TracerouteDocument d) {
    String eol = System.lineSeparator();
    TextTable t = new TextTable(">HOP", "ADDRESS", ">SNT", ">LOSS", ">BEST", ">MEDIAN",
        ">WORST", ">DELTA_KM", "FLAGS");
    for (TracerouteHopJson h : d.hops()) {
      t.row(h.ttl(), h.address() == null ? "*" : h.address(), h.sent(),
          h.sent() == 0 ? "-" : Render.pct(1.0 - (double) h.received() / h.sent()),
          Render.ms(h.minRttMs()), Render.ms(h.medianRttMs()), Render.ms(h.maxRttMs()),
          h.deltaKm() == null ? "-" : Render.km(h.deltaKm()),
          String.join(",", h.anomalies()));
    }
    t.appendTo(out);
    DistanceJson dist = d.distance();
    if (dist != null) {
      // Render.fixed writes what "%.0f" and "%.2f" would, without a Formatter per trace.
      out.append("distance to last clean hop: likely ").append(Render.fixed(dist.estimateKm(), 0))
          .append(" km, at most ").append(Render.fixed(dist.maxKm(), 0))
          .append(" km (confidence ").append(Render.fixed(dist.confidence(), 2)).append(')')
          .append(eol);
    } else {
      out.append("distance: no clean hop to derive it from").append(eol);
    }
    if (!d.anomalies().isEmpty()) {
      out.append("anomalies: ").append(String.join(", ", d.anomalies())).append(eol);
    }
    out.append(eol);
  }
}
