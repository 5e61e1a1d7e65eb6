package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.fusion.eval.EvalReport;
import io.geofusion.fusion.eval.Evaluator;
import io.geofusion.fusion.eval.Experiments;
import io.geofusion.fusion.eval.GroundTruthReader;
import io.geofusion.fusion.eval.GroundTruthTarget;
import io.geofusion.fusion.eval.LatencyMatrix;
import io.geofusion.fusion.eval.LeaveOneOutCalibration;
import io.geofusion.fusion.eval.RttModelFitter;
import io.geofusion.fusion.eval.TargetScore;
import io.geofusion.fusion.eval.WonderNetwork;
import io.geofusion.rtt.BestlineFitter;
import io.geofusion.rtt.DistanceModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion eval}: scores the fusion engine and the CBG and shortest-ping baselines on
 * ground truth (the NDJSON format of docs/evaluation.md, or the WonderNetwork data set converted
 * on the fly with leave-one-out).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Score the fusion engine against ground truth, side by side with the CBG and "
        + "shortest-ping baselines.",
        "Input: the ground-truth NDJSON format (one target per line, see docs/evaluation.md), or "
            + "a WonderNetwork pings directory or a square latency matrix (cloud region ping "
            + "grid) converted with leave-one-out."})
public final class EvalCommand implements Callable<Integer> {

  static final class Source {
    @Option(names = "--input", paramLabel = "FILE",
        description = "Ground-truth NDJSON file (one target per line).")
    Path input;

    @Option(names = "--wondernetwork", paramLabel = "DIR",
        description = "WonderNetwork directory (servers-*.csv and pings-*-grouped.csv): every "
            + "server becomes a target located by all the others.")
    Path wonderNetwork;

    @Option(names = "--latency-matrix", paramLabel = "FILE",
        description = "Square RTT matrix CSV (header ',id1,id2,...', one row per site, ms; "
            + "row = source): every site becomes a target located by all the others. Sites are "
            + "placed by --sites.")
    Path latencyMatrix;
  }

  static final class Format {
    @Option(names = "--json", description = "Print one JSON summary document.")
    boolean json;

    @Option(names = "--ndjson", description = "Print one JSON line per target.")
    boolean ndjson;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Format format;

  @Option(names = "--sites", paramLabel = "FILE",
      description = "With --latency-matrix: CSV of id,lat,lon[,place] placing the matrix' sites "
          + "(default: the bundled AWS region table, see docs/evaluation.md).")
  Path sites;

  @Option(names = "--write-ndjson", paramLabel = "FILE",
      description = "Write the (converted, split, experiment-applied) targets as ground-truth "
          + "NDJSON to FILE and do not score them.")
  Path writeNdjson;

  @Option(names = "--split", defaultValue = "all", paramLabel = "all|even|odd",
      description = "Keep targets whose name ends in an even or odd number (held-out tuning "
          + "split); default ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--experiment", defaultValue = "plain",
      paramLabel = "plain|true-geoip|false-geoip|anycast",
      description = "plain: as given; true-geoip: GeoIP = truth; false-geoip: GeoIP = another "
          + "target's truth; anycast: synthetic two-site targets. Default ${DEFAULT-VALUE}.")
  String experiment;

  @Option(names = "--geoip-radius-km", paramLabel = "KM", defaultValue = "50",
      description = "Accuracy radius of experiment GeoIP answers, km (default ${DEFAULT-VALUE}).")
  double geoIpRadiusKm;

  @Option(names = "--anycast-cases", paramLabel = "N", defaultValue = "200",
      description = "Number of synthetic anycast targets (default ${DEFAULT-VALUE}).")
  int anycastCases;

  @Option(names = "--fit-rtt-model",
      description = "Instead of scoring, fit the RTT likelihood knots (docs/fusion.md) on the "
          + "selected targets (2/3 c bound, 25 km slack) and print them as JSON.")
  boolean fitRttModel;

  @Option(names = "--calibrate",
      description = "Calibrate every vantage by its CBG bestline, fitted leave-one-out from the "
          + "OTHER targets of the input with known truth that it measured (never the target being "
          + "located; replaces any given bestline). With --fit-rtt-model: fit the calibrated "
          + "vantages' knots instead.")
  boolean calibrate;

  @Option(names = "--min-landmarks", paramLabel = "N", defaultValue = "10",
      description = "With --calibrate: fewest landmarks for a vantage's bestline; vantages with "
          + "fewer stay uncalibrated (default ${DEFAULT-VALUE}).")
  int minLandmarks;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the experiments' random choices (default ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Mixin FusionOptions fusion = new FusionOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!(geoIpRadiusKm > 0.0) || Double.isInfinite(geoIpRadiusKm)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--geoip-radius-km must be finite and > 0, got " + geoIpRadiusKm);
    }
    if (anycastCases < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--anycast-cases must be >= 1, got " + anycastCases);
    }
    if (minLandmarks < 2) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--min-landmarks must be >= 2, got " + minLandmarks);
    }
    if (sites != null && source.latencyMatrix == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--sites only applies to --latency-matrix");
    }
    List<GroundTruthTarget> targets;
    if (source.latencyMatrix != null) {
      LatencyMatrix lm = sites != null ? LatencyMatrix.load(source.latencyMatrix, sites)
          : LatencyMatrix.load(source.latencyMatrix, LatencyMatrix.awsRegionSites());
      targets = lm.leaveOneOut("");
    } else if (source.input != null) {
      if (!Files.isRegularFile(source.input)) {
        throw new IllegalArgumentException("input file not found: " + source.input);
      }
      targets = GroundTruthReader.read(source.input);
      if (targets.isEmpty()) {
        spec.commandLine().getErr().println("geofusion: warning: " + source.input
            + " holds no targets (an empty file?); nothing is scored");
      }
    } else {
      targets = WonderNetwork.load(source.wonderNetwork).leaveOneOut();
    }
    if (calibrate) {
      // Before the split: every other target with known truth is a landmark, whichever half it
      // is in; only the target itself is left out (LeaveOneOutCalibration).
      targets = LeaveOneOutCalibration.calibrate(targets,
          BestlineFitter.of(DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0),
              BestlineFitter.ImpossibleLandmarks.EXCLUDE), minLandmarks);
    }
    targets = Evaluator.split(targets, split);
    List<Experiments.AnycastCase> anycast = null;
    switch (experiment.toLowerCase(Locale.ROOT)) {
      case "plain":
        break;
      case "true-geoip":
        targets = Experiments.trueGeoIp(targets, geoIpRadiusKm);
        break;
      case "false-geoip":
        targets = Experiments.falseGeoIp(targets, geoIpRadiusKm, seed);
        break;
      case "anycast":
        anycast = Experiments.anycast(targets, anycastCases, seed);
        targets = new ArrayList<>();
        for (Experiments.AnycastCase c : anycast) {
          targets.add(c.target());
        }
        break;
      default:
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown --experiment '"
            + experiment + "'; choose plain, true-geoip, false-geoip or anycast");
    }
    ObjectMapper m = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    if (fitRttModel) {
      RttLikelihoodModel model = calibrate
          ? RttModelFitter.fitCalibrated(targets, DistanceModel.FIBER_TWO_THIRDS, 25.0,
              RttModelFitter.DEFAULT_EDGES)
          : RttModelFitter.fit(targets, DistanceModel.FIBER_TWO_THIRDS, 25.0,
              RttModelFitter.DEFAULT_EDGES);
      ObjectNode o = m.createObjectNode();
      o.put("distance_model", model.distanceModel().name());
      o.put("slack_km", model.slackKm());
      var ks = o.putArray("knots");
      for (RttLikelihoodModel.Knot k : model.knots()) {
        ks.addObject().put("rtt_ms", round(k.rttMs(), 3)).put("mean_ratio", round(k.meanRatio(), 4))
            .put("sd_ratio", round(k.sdRatio(), 4)).put("outlier_rate", round(k.outlierRate(), 5));
      }
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      out.flush();
      return 0;
    }
    if (writeNdjson != null) {
      try (BufferedWriter w = Files.newBufferedWriter(writeNdjson, StandardCharsets.UTF_8)) {
        for (GroundTruthTarget t : targets) {
          w.write(m.writeValueAsString(targetJson(t, m)));
          w.write('\n');
        }
      }
      out.printf(Locale.ROOT, "wrote %d targets to %s%n", targets.size(), writeNdjson);
      out.flush();
      return 0;
    }
    EvalReport report = new Evaluator(fusion.engine()).evaluate(targets);
    boolean json = format != null && format.json;
    boolean ndjson = format != null && format.ndjson;
    if (ndjson) {
      for (TargetScore s : report.scores()) {
        out.println(m.writeValueAsString(scoreJson(s, m)));
      }
    } else {
      ObjectNode doc = report.toJson(m);
      if (anycast != null) {
        int flagged = 0;
        int visible = 0;
        int visibleFlagged = 0;
        for (int i = 0; i < anycast.size(); i++) {
          boolean f = report.scores().get(i).result().hasAlert(FusionAlert.ANYCAST);
          flagged += f ? 1 : 0;
          if (anycast.get(i).bothSitesVisible()) {
            visible++;
            visibleFlagged += f ? 1 : 0;
          }
        }
        ObjectNode a = doc.putObject("anycast_experiment");
        a.put("cases", anycast.size());
        a.put("flagged", flagged);
        a.put("both_sites_visible", visible);
        a.put("both_sites_visible_flagged", visibleFlagged);
      }
      if (json) {
        out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      } else {
        printTable(out, doc);
      }
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, ObjectNode d) {
    out.printf(Locale.ROOT, "targets %d, scored %d%n", d.get("targets").asInt(),
        d.get("scored").asInt());
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "method", "median_km", "p90_km");
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "geofusion", num(d, "median_error_km"),
        num(d, "p90_error_km"));
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "cbg",
        num((ObjectNode) d.get("baselines").get("cbg"), "median_error_km"),
        num((ObjectNode) d.get("baselines").get("cbg"), "p90_error_km"));
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "shortest_ping",
        num((ObjectNode) d.get("baselines").get("shortest_ping"), "median_error_km"),
        num((ObjectNode) d.get("baselines").get("shortest_ping"), "p90_error_km"));
    if (d.has("vs_cbg")) {
      ObjectNode v = (ObjectNode) d.get("vs_cbg");
      out.printf(Locale.ROOT, "vs cbg: median x%s %s, p90 x%s %s%n", num(v, "median_ratio"),
          ci(v, "median_ratio_ci95"), num(v, "p90_ratio"), ci(v, "p90_ratio_ci95"));
    }
    out.printf(Locale.ROOT, "coverage_50 %s  coverage_90 %s  (median radii %s / %s km)%n",
        num(d, "coverage_50"), num(d, "coverage_90"), num(d, "median_radius_50_km"),
        num(d, "median_radius_90_km"));
    out.printf(Locale.ROOT, "alerts: %s%n", d.get("alerts"));
    if (d.has("geoip_consistency")) {
      out.printf(Locale.ROOT, "geoip_consistency: %s%n", d.get("geoip_consistency"));
    }
    if (d.has("anycast_experiment")) {
      out.printf(Locale.ROOT, "anycast_experiment: %s%n", d.get("anycast_experiment"));
    }
  }

  private static String ci(ObjectNode o, String f) {
    var a = o.get(f);
    return a == null || !a.isArray() ? "" : "(95 % CI " + a.get(0).asText() + "-"
        + a.get(1).asText() + ")";
  }

  private static String num(ObjectNode o, String f) {
    return o.get(f) == null || o.get(f).isNull() ? "-" : o.get(f).asText();
  }

  static ObjectNode targetJson(GroundTruthTarget t, ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("target", t.target());
    if (t.truth() != null) {
      o.putObject("truth").put("lat", t.truth().lat()).put("lon", t.truth().lon());
    }
    var vs = o.putArray("vantages");
    for (VantageObservation v : t.vantages()) {
      ObjectNode n = vs.addObject();
      n.put("id", v.id());
      n.put("lat", v.location().lat());
      n.put("lon", v.location().lon());
      n.put("min_rtt_ms", v.minRttMs());
      if (v.localDelayMs() > 0.0) {
        n.put("local_delay_ms", v.localDelayMs());
      }
      if (v.bestline() != null) {
        n.putObject("bestline").put("slope_ms_per_km", v.bestline().slopeMsPerKm())
            .put("intercept_ms", v.bestline().interceptMs());
      }
    }
    GeoIpEvidence g = t.geoIp();
    if (g != null) {
      ObjectNode n = o.putObject("geoip");
      n.put("lat", g.centre().lat());
      n.put("lon", g.centre().lon());
      n.put("accuracy_radius_km", g.accuracyRadiusKm());
      if (g.countryCentroid()) {
        n.put("country_centroid", true);
      }
    }
    return o;
  }

  private static ObjectNode scoreJson(TargetScore s, ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("target", s.target());
    if (s.result().abstained()) {
      o.putNull("estimate"); // no evidence: no point, not 0,0 (as in FusionJson)
    } else {
      o.putObject("estimate").put("lat", round(s.result().estimate().lat(), 5))
          .put("lon", round(s.result().estimate().lon(), 5));
    }
    put(o, "error_km", s.errorKm());
    put(o, "cbg_error_km", s.cbgErrorKm());
    put(o, "shortest_ping_error_km", s.shortestPingErrorKm());
    o.put("radius_50_km", round(s.result().circle50().radiusKm(), 1));
    o.put("radius_90_km", round(s.result().circle90().radiusKm(), 1));
    if (!Double.isNaN(s.errorKm())) {
      o.put("inside_50", s.inside50());
      o.put("inside_90", s.inside90());
    }
    var a = o.putArray("alerts");
    for (FusionAlert al : s.result().alerts()) {
      a.add(al.type());
    }
    o.put("abstained", s.result().abstained());
    return o;
  }

  private static void put(ObjectNode o, String f, double v) {
    if (Double.isNaN(v)) {
      o.putNull(f);
    } else {
      o.put(f, round(v, 1));
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
