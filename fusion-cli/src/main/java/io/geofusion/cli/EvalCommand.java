package io.geofusion.cli;

import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.eval.EvalJson;
import io.geofusion.fusion.eval.EvalReport;
import io.geofusion.fusion.eval.Evaluator;
import io.geofusion.fusion.eval.Experiment;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    checkOptions();
    List<GroundTruthTarget> targets = load();
    if (calibrate) {
      // Before the split: every other target with known truth is a landmark, whichever half it
      // is in; only the target itself is left out (LeaveOneOutCalibration).
      targets = LeaveOneOutCalibration.calibrate(targets,
          BestlineFitter.of(DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0),
              BestlineFitter.ImpossibleLandmarks.EXCLUDE), minLandmarks);
    }
    targets = Evaluator.split(targets, split);
    Experiment.Applied applied = Experiment.byLabel(experiment)
        .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
            "unknown --experiment '" + experiment
                + "'; choose plain, true-geoip, false-geoip or anycast"))
        .apply(targets, geoIpRadiusKm, anycastCases, seed);
    PrintWriter out = spec.commandLine().getOut();
    if (fitRttModel) {
      out.println(EvalJson.rttModel(fit(applied.targets())));
    } else if (writeNdjson != null) {
      EvalJson.writeTargets(writeNdjson, applied.targets());
      out.printf(Locale.ROOT, "wrote %d targets to %s%n", applied.targets().size(), writeNdjson);
    } else {
      print(out, new Evaluator(fusion.engine()).evaluate(applied.targets()), applied.anycast());
    }
    out.flush();
    return 0;
  }

  private void checkOptions() {
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
  }

  /** The ground truth the source options name. */
  private List<GroundTruthTarget> load() throws IOException {
    if (source.latencyMatrix != null) {
      LatencyMatrix lm = sites != null ? LatencyMatrix.load(source.latencyMatrix, sites)
          : LatencyMatrix.load(source.latencyMatrix, LatencyMatrix.awsRegionSites());
      return lm.leaveOneOut("");
    }
    if (source.input != null) {
      if (!Files.isRegularFile(source.input)) {
        throw new IllegalArgumentException("input file not found: " + source.input);
      }
      List<GroundTruthTarget> targets = GroundTruthReader.read(source.input);
      if (targets.isEmpty()) {
        spec.commandLine().getErr().println("geofusion: warning: " + source.input
            + " holds no targets (an empty file?); nothing is scored");
      }
      return targets;
    }
    return WonderNetwork.load(source.wonderNetwork).leaveOneOut();
  }

  /** The RTT likelihood knots fitted on {@code targets} (2/3 c bound, 25 km slack). */
  private RttLikelihoodModel fit(List<GroundTruthTarget> targets) {
    return calibrate
        ? RttModelFitter.fitCalibrated(targets, DistanceModel.FIBER_TWO_THIRDS, 25.0,
            RttModelFitter.DEFAULT_EDGES)
        : RttModelFitter.fit(targets, DistanceModel.FIBER_TWO_THIRDS, 25.0,
            RttModelFitter.DEFAULT_EDGES);
  }

  /** The scores as NDJSON lines, the report as JSON, or the report's table. */
  private void print(PrintWriter out, EvalReport report,
      Optional<List<Experiments.AnycastCase>> anycast) {
    if (format != null && format.ndjson) {
      for (TargetScore s : report.scores()) {
        out.println(EvalJson.scoreLine(s));
      }
      return;
    }
    var doc = EvalJson.report(report,
        anycast.map(cases -> Experiments.AnycastOutcome.of(cases, report)));
    if (format != null && format.json) {
      out.println(EvalJson.pretty(doc));
    } else {
      EvalReportText.print(out, doc);
    }
  }
}
