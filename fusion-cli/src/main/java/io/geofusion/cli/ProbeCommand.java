package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.PingResultDocument;
import io.geofusion.json.ProductJson;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.TimestampSource;
import io.geofusion.rtt.DistanceEstimate;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code geofusion probe TARGET...} (live) or {@code geofusion probe --input FILE} (recorded):
 * ping results → envelope, distance and confidence per target. Both modes produce the same
 * documents; live ones also say which backend took them and where timestamps came from.
 */
@Command(
    name = "probe",
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
    List<PingResultDocument> docs = new ArrayList<>();
    int other = 0;
    try (MeasurementReader reader = Inputs.open(input, err)) {
      for (Measurement m : reader) {
        if (!(m instanceof PingMeasurement p)) {
          other++;
          continue;
        }
        PingResultDocument doc = analyse(p, estimator);
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
      printTable(out, docs);
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
    return 0;
  }

  /** A live ping with its document. */
  private record Live(LiveTargets.Target target, LiveProbing.Choice choice, PingResult result,
      PingResultDocument doc) {}

  private int callLive(List<String> typed, DistanceEstimator estimator, OutputOptions.Mode mode,
      PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    LiveProbing.validate(live, ping, null);
    boolean verbose = LiveProbing.verbose(spec);
    List<LiveProbing.Outcome<Live>> outcomes = LiveProbing.run(typed, live.parallel(),
        LiveProbing.bound(live, ping, null), err, verbose, t -> {
          LiveProbing.Probed<PingResult> p = LiveProbing.ping(live, ping, t);
          return new Live(t, p.choice(), p.result(), analyse(p.result(), t, estimator));
        }, o -> {
          if (verbose) {
            o.value().choice().skipped().forEach(s -> err.println("geofusion: note: "
                + o.typed() + ": passed over " + s));
          }
          if (mode == OutputOptions.Mode.NDJSON) {
            ObjectNode e = LiveJsonHolder.LIVE_JSON.valueToTree(o.value().doc().toEvent());
            e.set("probe", LiveJsonHolder.LIVE_JSON.valueToTree(probeInfo(o.value())));
            out.println(e.toString());
            out.flush();
          }
        });
    List<Live> done = new ArrayList<>();
    for (LiveProbing.Outcome<Live> o : outcomes) {
      if (o.ok()) {
        done.add(o.value());
      }
    }
    if (mode == OutputOptions.Mode.JSON) {
      ArrayNode results = LiveJsonHolder.LIVE_JSON.createArrayNode();
      for (Live l : done) {
        ObjectNode d = LiveJsonHolder.LIVE_JSON.valueToTree(l.doc());
        d.set("probe", LiveJsonHolder.LIVE_JSON.valueToTree(probeInfo(l)));
        results.add(d);
      }
      ObjectNode root = LiveJsonHolder.LIVE_JSON.createObjectNode();
      root.set("results", results);
      out.println(LiveJsonHolder.LIVE_JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else if (mode == OutputOptions.Mode.TEXT && !done.isEmpty()) {
      for (Live l : done) {
        out.printf(Locale.ROOT, "PING %s: %s%n", l.target().label(), how(l.choice(),
            l.result().backend(), l.result().timestampSource(), l.result().startedAt()));
      }
      printTable(out, done.stream().map(Live::doc).toList(),
          done.stream().map(l -> l.target().label()).toList());
    }
    out.flush();
    return LiveProbing.finish(outcomes, err);
  }

  private static Map<String, Object> probeInfo(Live l) {
    return LiveProbing.probeInfo(l.target(), l.choice(), l.result().backend(),
        l.result().timestampSource().name());
  }

  /** {@code "native-raw, ICMP, kernel timestamps, 2026-11-26T04:40:00Z"}. */
  static String how(LiveProbing.Choice c, String backend, TimestampSource ts,
      java.time.Instant at) {
    return backend + ", " + c.method() + (c.port() == 0 ? "" : " port " + c.port()) + ", "
        + ts.name().toLowerCase(Locale.ROOT).replace('_', '-') + " timestamps, started " + at;
  }

  /** JSON mapper for live documents (the product's snake_case shapes). */
  /** Created on first use, so a command that prints no JSON never loads Jackson (start-up). */
  static final class LiveJsonHolder {
    static final ObjectMapper LIVE_JSON = ProductJson.newMapper();
  }

  /**
   * The document of a live ping: the same shape as a recorded one, with no source format, the
   * name typed (when one was resolved) and the method as protocol.
   */
  static PingResultDocument analyse(PingResult r, LiveTargets.Target t,
      DistanceEstimator estimator) {
    RttEnvelope env = r.envelope();
    List<String> anomalies = new ArrayList<>();
    if (env.received() == 0) {
      anomalies.add("no_reply");
    } else if (env.lossRatio() > 0) {
      anomalies.add("packet_loss");
    }
    for (int i = 0; i < r.rttsMs().size(); i++) {
      String who = r.responders().get(i);
      if (who != null && Double.isNaN(r.rttsMs().get(i)) && !who.equals(r.target())) {
        anomalies.add("router_error_reply");
        break;
      }
    }
    List<Double> rtts = new ArrayList<>(r.rttsMs().size());
    for (double v : r.rttsMs()) {
      rtts.add(Double.isNaN(v) ? null : v);
    }
    DistanceJson d = estimator.tryEstimate(env).map(DistanceJson::of).orElse(null);
    return new PingResultDocument(PingResultDocument.TYPE, r.target(),
        t.byName() ? t.typed() : null, null, null, r.startedAt(), r.method().name(), null, null,
        0, rtts, LatencyMetrics.of(env), d, anomalies);
  }

  static DistanceEstimator estimator(String model, double localDelayMs) {
    return estimator(model, localDelayMs, null);
  }

  static DistanceEstimator estimator(String model, double localDelayMs, Double stretch) {
    DistanceModel m;
    try {
      m = DistanceModel.byName(model);
    } catch (IllegalArgumentException e) {
      throw new GeoFusionCommand.UsageError(e.getMessage());
    }
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new GeoFusionCommand.UsageError(
          "--local-delay must be a finite number of ms >= 0, got " + localDelayMs);
    }
    double s = stretch != null ? stretch
        : AsnProfiles.bundled().defaultStretch(AsnType.UNKNOWN);
    if (!(s >= 1.0) || Double.isInfinite(s)) {
      throw new GeoFusionCommand.UsageError("--stretch must be a finite number >= 1, got " + s);
    }
    return DistanceEstimator.builder().model(m).localDelayMs(localDelayMs).routeStretch(s)
        .build();
  }

  /** Envelope → distance with confidence; summary-only records use the reported minimum. */
  static PingResultDocument analyse(PingMeasurement p, DistanceEstimator estimator) {
    List<String> anomalies = new ArrayList<>();
    Optional<RttEnvelope> env = p.envelope();
    Optional<DistanceEstimate> d;
    if (env.isPresent()) {
      d = estimator.tryEstimate(env.get());
    } else {
      anomalies.add("summary_only");
      double min = p.minRttMs();
      d = Double.isNaN(min) ? Optional.empty()
          : estimator.tryEstimate(RttEnvelope.of(min));
    }
    if (p.sent() > 0 && p.summary().received() == 0) {
      anomalies.add("no_reply");
    } else if (p.summary().lossRatio() > 0) {
      anomalies.add("packet_loss");
    }
    if (p.duplicates() > 0) {
      anomalies.add("duplicate_replies");
    }
    return PingResultDocument.of(p, d.map(DistanceJson::of).orElse(null), anomalies);
  }

  private static void printTable(PrintWriter out, List<PingResultDocument> docs) {
    printTable(out, docs, docs.stream().map(PingResultDocument::target).toList());
  }

  private static void printTable(PrintWriter out, List<PingResultDocument> docs,
      List<String> labels) {
    TextTable t = new TextTable("TARGET", ">SENT", ">LOSS", ">MIN", ">MEDIAN", ">MAX",
        ">JITTER", ">EST_KM", ">MAX_KM", ">CONF", "NOTES");
    for (int i = 0; i < docs.size(); i++) {
      PingResultDocument d = docs.get(i);
      LatencyMetrics m = d.metrics();
      DistanceJson dist = d.distance();
      t.row(labels.get(i), m.sent(), pct(m.lossRatio()), ms(m.minRtt()), ms(m.medianRtt()),
          ms(m.maxRtt()), ms(m.jitter()),
          dist == null ? "-" : km(dist.estimateKm()),
          dist == null ? "-" : km(dist.maxKm()),
          dist == null ? "-" : String.format(Locale.ROOT, "%.2f", dist.confidence()),
          String.join(",", d.anomalies()));
    }
    t.print(out);
    out.println("RTTs in ms; EST_KM/MAX_KM: likely and largest physically possible distance from"
        + " the minimum RTT.");
  }

  static String ms(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String km(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }
}
