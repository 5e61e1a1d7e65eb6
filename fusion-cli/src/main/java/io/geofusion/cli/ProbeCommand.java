package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.ErrorReplyJson;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.PingDocuments;
import io.geofusion.json.PingResultDocument;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.LivePing;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeSelector;
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
 * {@code geofusion probe TARGET...} (live) or {@code geofusion probe --input FILE} (recorded):
 * ping results → envelope, distance and confidence per target. Both modes produce the same
 * documents; live ones also say which backend took them and where timestamps came from.
 */
@Command(
    name = "probe",
    aliases = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Ping statistics and RTT-derived distance per target.",
      "With TARGET... (IP addresses or host names, resolved once), pings them now; with --input,"
          + " reads recorded pings (RIPE Atlas JSON, scamper JSON, ping text output)."
    })
final class ProbeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "Hosts to ping now (not with --input).")
  List<String> targets;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Recorded measurements to read (gzip is detected).")
  Path input;

  @CommandLine.Mixin LiveOptions live;

  @CommandLine.Mixin LiveOptions.Ping ping;

  @CommandLine.Mixin DistanceOptions distance;

  @ArgGroup(exclusive = true) OutputOptions output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    DistanceEstimator estimator = distance.estimator();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputOptions.Mode mode = OutputOptions.of(output);
    List<String> liveTargets = LiveProbing.liveTargets(input, targets, live);
    if (liveTargets != null) {
      return callLive(liveTargets, estimator, mode, out, err);
    }
    callRecorded(estimator, mode, out, err);
    return 0;
  }

  private void callRecorded(DistanceEstimator estimator, OutputOptions.Mode mode,
      PrintWriter out, PrintWriter err) throws IOException {
    List<PingResultDocument> docs = new ArrayList<>();
    int other = 0;
    try (MeasurementReader reader = Inputs.open(input, err)) {
      for (Measurement m : reader) {
        if (!(m instanceof PingMeasurement p)) {
          other++;
          continue;
        }
        PingResultDocument doc = PingDocuments.recorded(p, estimator);
        if (mode == OutputOptions.Mode.NDJSON) {
          ProductJson.writeLine(out, doc.toEvent());
        } else {
          docs.add(doc);
        }
      }
    }
    if (mode == OutputOptions.Mode.JSON) {
      out.println(ProductJson.toPrettyJson(Map.of("results", docs)));
    } else if (mode == OutputOptions.Mode.TEXT) {
      printTable(out, docs, docs.stream().map(PingResultDocument::target).toList());
    }
    out.flush();
    if (other > 0) {
      err.println("geofusion: note: " + other + " traceroute record(s) ignored; use"
          + " 'geofusion traceroute --input " + input + "' for them");
    }
    if (docs.isEmpty() && mode != OutputOptions.Mode.NDJSON && other == 0) {
      err.println("geofusion: note: no ping results in " + input);
    }
    err.flush();
  }

  private int callLive(List<String> typed, DistanceEstimator estimator, OutputOptions.Mode mode,
      PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    LiveProbing.validate(live, ping, null);
    PingSettings settings = LiveProbing.pingSettings(live, ping);
    ProbeSelector selector = LiveProbing.selector(live);
    boolean verbose = LiveProbing.verbose(spec);
    List<LiveRun.Outcome<LivePing>> outcomes = LiveProbing.run(typed, live.parallel(),
        LivePing.bound(settings), err, verbose,
        t -> LivePing.probe(selector, settings, t, estimator), o -> {
          LiveProbing.notePassedOver(err, verbose, o.typed(), o.value().choice());
          if (mode == OutputOptions.Mode.NDJSON) {
            PingResultDocument doc = PingDocuments.live(o.value());
            ObjectNode line = Render.withProbe(doc.toEvent(), probeInfo(o.value()));
            line.set("error_replies", ProductJson.toTree(doc).get("error_replies"));
            out.println(line);
            out.flush();
          }
        });
    List<LivePing> done = outcomes.stream().filter(LiveRun.Outcome::ok)
        .map(LiveRun.Outcome::value).toList();
    if (mode == OutputOptions.Mode.JSON) {
      ArrayNode results = JsonNodeFactory.instance.arrayNode();
      done.forEach(l -> results.add(Render.withProbe(PingDocuments.live(l), probeInfo(l))));
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("results", results);
      out.println(ProductJson.toPrettyJson(root));
    } else if (mode == OutputOptions.Mode.TEXT && !done.isEmpty()) {
      for (LivePing l : done) {
        out.printf(Locale.ROOT, "PING %s: %s%n", l.target().label(), Render.how(l.choice(),
            l.result().backend(), l.result().timestampSource(), l.result().startedAt()));
      }
      List<PingResultDocument> docs = done.stream().map(PingDocuments::live).toList();
      printTable(out, docs, done.stream().map(l -> l.target().label()).toList());
      for (int i = 0; i < docs.size(); i++) {
        printErrorReplies(out, done.get(i).target().label(), docs.get(i));
      }
    }
    out.flush();
    int status = LiveProbing.finish(outcomes, err);
    boolean anyReply = done.stream().anyMatch(l -> l.result().anyReply());
    if (!done.isEmpty() && !anyReply) {
      err.println("geofusion: no usable reply " + (outcomes.size() == 1 ? "from the target"
          : "from any of the " + outcomes.size() + " targets") + ": every probe was lost or"
          + " answered by an error (exit " + NO_REPLY_EXIT + ")");
      err.flush();
      return NO_REPLY_EXIT;
    }
    return status;
  }

  /**
   * Exit status of a live {@code probe} in which no target gave a usable reply (every probe lost
   * or answered by an ICMP error): distinct from 1 (a target failed) and 2 (usage).
   */
  static final int NO_REPLY_EXIT = 3;

  /** Who answered instead of the target, and what they said, under the table. */
  private static void printErrorReplies(PrintWriter out, String label, PingResultDocument d) {
    if (d.errorReplies().isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%s: answered by errors instead of the target:%n", label);
    for (ErrorReplyJson e : d.errorReplies()) {
      out.println("  " + e.describe());
    }
  }

  private static Map<String, Object> probeInfo(LivePing l) {
    return Render.probeInfo(l.target(), l.choice(), l.result().backend(),
        l.result().timestampSource());
  }

  private static void printTable(PrintWriter out, List<PingResultDocument> docs,
      List<String> labels) {
    TextTable t = new TextTable("TARGET", ">SENT", ">LOSS", ">MIN", ">MEDIAN", ">MAX",
        ">JITTER", ">EST_KM", ">MAX_KM", ">CONF", "NOTES");
    for (int i = 0; i < docs.size(); i++) {
      PingResultDocument d = docs.get(i);
      LatencyMetrics m = d.metrics();
      DistanceJson dist = d.distance();
      t.row(labels.get(i), m.sent(), Render.pct(m.lossRatio()), Render.ms(m.minRtt()),
          Render.ms(m.medianRtt()), Render.ms(m.maxRtt()), Render.ms(m.jitter()),
          dist == null ? "-" : Render.km(dist.estimateKm()),
          dist == null ? "-" : Render.km(dist.maxKm()),
          dist == null ? "-" : String.format(Locale.ROOT, "%.2f", dist.confidence()),
          String.join(",", d.anomalies()));
    }
    t.print(out);
    out.println("RTTs in ms; EST_KM/MAX_KM: likely and largest physically possible distance from"
        + " the minimum RTT.");
  }
}
