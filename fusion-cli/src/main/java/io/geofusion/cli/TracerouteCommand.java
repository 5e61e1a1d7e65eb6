package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.HopSummary;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.ProductJson;
import io.geofusion.json.TracerouteDocument;
import io.geofusion.json.TracerouteHopJson;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopFlag;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import io.geofusion.probe.TraceResult;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code geofusion traceroute TARGET...} (live) or {@code --input FILE} (recorded): hops with
 * envelopes, anomaly flags and Δkm. Both modes produce the same documents; live ones also say
 * which backend took them and where timestamps came from.
 */
@Command(
    name = "traceroute",
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
    List<TracerouteDocument> docs = new ArrayList<>();
    int other = 0;
    try (MeasurementReader reader = Inputs.open(input, err)) {
      for (Measurement m : reader) {
        TracerouteDocument doc;
        if (m instanceof TraceMeasurement t) {
          doc = analyse(t, analyzer, estimator);
        } else if (m instanceof TraceSummary s) {
          doc = analyse(s, analyzer, estimator);
        } else {
          other++;
          continue;
        }
        switch (mode) {
          case NDJSON -> {
            if (doc.destination() == null) {
              err.println("geofusion: warning: " + Inputs.where(input, m.line()) + ": no "
                  + LatencyAnalysisEvent.TYPE + " event for a trace that does not name its"
                  + " destination (use --json for its hops)");
            } else {
              ProductJson.writeLine(out, event(doc));
            }
          }
          case JSON -> docs.add(doc);
          case TEXT -> printTrace(out, doc);
          default -> throw new IllegalStateException("unknown mode " + mode);
        }
      }
    }
    if (mode == OutputOptions.Mode.JSON) {
      out.println(ProductJson.toPrettyJson(Map.of("traces", docs)));
    }
    out.flush();
    if (other > 0) {
      err.println("geofusion: note: " + other + " ping record(s) ignored; use"
          + " 'geofusion probe --input " + input + "' for them");
      err.flush();
    }
    return 0;
  }

  static TracerouteDocument analyse(TraceMeasurement t, HopAnalyzer analyzer,
      DistanceEstimator estimator) {
    return analyse(t.path(), analyzer.analyze(t.path()), t.vantageId(), t.destinationName(),
        t.timestamp(), t.protocol(), t.origin().name(), estimator);
  }

  /**
   * The document of a trace with per-probe replies, recorded or live.
   *
   * @param sourceFormat recorded format, null for a live trace
   */
  static TracerouteDocument analyse(TracePath path, PathAnalysis a, String vantage,
      String destinationName, Instant startedAt, String protocol, String sourceFormat,
      DistanceEstimator estimator) {
    List<TracerouteHopJson> hops = new ArrayList<>();
    for (Hop hop : path.hops()) {
      HopAnalysis h = a.hop(hop.ttl()).orElseThrow();
      hops.add(TracerouteHopJson.of(hop, flagNames(h), h.deltaKm()));
    }
    return new TracerouteDocument(TracerouteDocument.TYPE, path.source(), vantage,
        path.destination(), destinationName, startedAt, protocol, sourceFormat, true, hops,
        distance(a, estimator), a.eventAnomalies());
  }

  /** A live trace with its analysis and document. */
  record Live(LiveTargets.Target target, LiveProbing.Choice choice, TraceResult result,
      PathAnalysis analysis, TracerouteDocument doc) {

    Map<String, Object> probeInfo() {
      Map<String, Object> m = LiveProbing.probeInfo(target, choice, result.backend(),
          result.timestampSource().name());
      m.put("reached_destination", result.reachedDestination());
      m.put("elapsed_ms", result.elapsed().toNanos() / 1e6);
      return m;
    }
  }

  /** Traces {@code t} now and analyses the path as a recorded one would be. */
  static Live traceLive(LiveOptions live, LiveOptions.Trace trace, LiveTargets.Target t,
      HopAnalyzer analyzer, DistanceEstimator estimator)
      throws io.geofusion.probe.ProbeException, InterruptedException {
    LiveProbing.Probed<TraceResult> p = LiveProbing.trace(live, trace, t);
    TraceResult r = p.result();
    PathAnalysis a = analyzer.analyze(r.path());
    return new Live(t, p.choice(), r, a, analyse(r.path(), a, null, t.byName() ? t.typed() : null,
        r.startedAt(), r.method().name(), null, estimator));
  }

  private int callLive(List<String> typed, HopAnalyzer analyzer, DistanceEstimator estimator,
      OutputOptions.Mode mode, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    LiveProbing.validate(live, null, trace);
    boolean verbose = LiveProbing.verbose(spec);
    List<LiveProbing.Outcome<Live>> outcomes = LiveProbing.run(typed, live.parallel(),
        LiveProbing.bound(live, null, trace), err, verbose,
        t -> traceLive(live, trace, t, analyzer, estimator), o -> {
          if (verbose) {
            o.value().choice().skipped().forEach(s -> err.println("geofusion: note: "
                + o.typed() + ": passed over " + s));
          }
          if (mode == OutputOptions.Mode.NDJSON) {
            ObjectNode e = ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(event(o.value().doc()));
            e.set("probe", ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(o.value().probeInfo()));
            out.println(e.toString());
            out.flush();
          }
        });
    if (mode == OutputOptions.Mode.JSON) {
      ArrayNode traces = ProbeCommand.LiveJsonHolder.LIVE_JSON.createArrayNode();
      for (LiveProbing.Outcome<Live> o : outcomes) {
        if (o.ok()) {
          ObjectNode d = ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(o.value().doc());
          d.set("probe", ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(o.value().probeInfo()));
          traces.add(d);
        }
      }
      ObjectNode root = ProbeCommand.LiveJsonHolder.LIVE_JSON.createObjectNode();
      root.set("traces", traces);
      out.println(ProbeCommand.LiveJsonHolder.LIVE_JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(root));
    } else if (mode == OutputOptions.Mode.TEXT) {
      for (LiveProbing.Outcome<Live> o : outcomes) {
        if (o.ok()) {
          Live l = o.value();
          out.printf(Locale.ROOT, "traceroute to %s: %s, %s%n", l.target().label(),
              ProbeCommand.how(l.choice(), l.result().backend(), l.result().timestampSource(),
                  l.result().startedAt()),
              l.result().reachedDestination() ? "destination reached"
                  : "destination NOT reached");
          printHops(out, l.doc());
        }
      }
    }
    out.flush();
    return LiveProbing.finish(outcomes, err);
  }

  /**
   * mtr keeps only per-hop summaries; the analysis needs each hop's minimum RTT, which mtr does
   * record (Best), so each hop is analysed as one reply at its best RTT. Loss and spread stay as
   * mtr reported them. Whether the destination answered is the report's own verdict
   * ({@link TraceSummary#destinationReached()}), which holds for hops recorded as names too.
   */
  static TracerouteDocument analyse(TraceSummary s, HopAnalyzer analyzer,
      DistanceEstimator estimator) {
    List<Hop> hops = new ArrayList<>();
    for (HopSummary h : s.hops()) {
      double best = h.stats().minMs();
      hops.add(new Hop(h.ttl(), List.of(h.host() == null || Double.isNaN(best)
          ? HopReply.timeout() : HopReply.of(h.host(), best))));
    }
    PathAnalysis a = analyzer.analyze(new TracePath(s.source(), s.destination(), hops,
        s.destinationReached()));
    List<TracerouteHopJson> out = new ArrayList<>();
    for (HopSummary h : s.hops()) {
      HopAnalysis ha = a.hop(h.ttl()).orElseThrow();
      out.add(TracerouteHopJson.of(h, flagNames(ha), ha.deltaKm()));
    }
    return new TracerouteDocument(TracerouteDocument.TYPE, s.source(), null, s.destination(),
        null, s.timestamp(), null, s.origin().name(), false, out, distance(a, estimator),
        a.eventAnomalies());
  }

  private static List<String> flagNames(HopAnalysis h) {
    List<String> names = new ArrayList<>();
    for (HopFlag f : h.flags()) {
      names.add(f.jsonName());
    }
    return names;
  }

  /** Distance to the last clean hop, with confidence lowered by the path's anomalies. */
  private static DistanceJson distance(PathAnalysis a, DistanceEstimator estimator) {
    return a.lastCleanHop()
        .flatMap(h -> estimator.tryEstimate(h.rtt(), estimator.routeStretch(),
            a.eventAnomalies().size()))
        .map(DistanceJson::of)
        .orElse(null);
  }

  /** The streaming event of a trace: metrics of the last clean hop (the farthest trusted RTT). */
  static LatencyAnalysisEvent event(TracerouteDocument d) {
    TracerouteHopJson last = null;
    for (TracerouteHopJson h : d.hops()) {
      if (h.deltaKm() != null) {
        last = h;
      }
    }
    LatencyMetrics metrics = last == null
        ? LatencyMetrics.of(RttEnvelope.of())
        : new LatencyMetrics(last.minRttMs(), last.medianRttMs(), null, null, null, null,
            last.maxRttMs(), last.meanRttMs(), null, last.sent(), last.received(),
            last.sent() == 0 ? 0.0 : 1.0 - (double) last.received() / last.sent());
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, d.destination(), metrics,
        d.distance(), d.anomalies(), d.vantage(), d.source(), d.startedAt(), d.sourceFormat());
  }

  private static void printTrace(PrintWriter out, TracerouteDocument d) {
    out.printf(Locale.ROOT, "traceroute to %s%s%s%n", destinationText(d.destination()),
        d.source() == null ? "" : " from " + d.source(),
        d.vantage() == null ? "" : " (" + d.vantage() + ")");
    printHops(out, d);
  }

  /** How a text report names a destination, which a recording may leave unknown (null). */
  static String destinationText(String destination) {
    return destination != null ? destination
        : "an unknown destination (the recording does not name it)";
  }

  private static void printHops(PrintWriter out, TracerouteDocument d) {
    TextTable t = new TextTable(">HOP", "ADDRESS", ">SNT", ">LOSS", ">BEST", ">MEDIAN",
        ">WORST", ">DELTA_KM", "FLAGS");
    for (TracerouteHopJson h : d.hops()) {
      t.row(h.ttl(), h.address() == null ? "*" : h.address(), h.sent(),
          h.sent() == 0 ? "-" : ProbeCommand.pct(1.0 - (double) h.received() / h.sent()),
          ProbeCommand.ms(h.minRttMs()), ProbeCommand.ms(h.medianRttMs()),
          ProbeCommand.ms(h.maxRttMs()),
          h.deltaKm() == null ? "-" : ProbeCommand.km(h.deltaKm()),
          String.join(",", h.anomalies()));
    }
    t.print(out);
    DistanceJson dist = d.distance();
    if (dist != null) {
      out.printf(Locale.ROOT, "distance to last clean hop: likely %.0f km, at most %.0f km"
          + " (confidence %.2f)%n", dist.estimateKm(), dist.maxKm(), dist.confidence());
    } else {
      out.println("distance: no clean hop to derive it from");
    }
    if (!d.anomalies().isEmpty()) {
      out.println("anomalies: " + String.join(", ", d.anomalies()));
    }
    out.println();
  }
}
