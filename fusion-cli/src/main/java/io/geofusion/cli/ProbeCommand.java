package io.geofusion.cli;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.json.DistanceJson;
import io.geofusion.formats.json.LatencyMetrics;
import io.geofusion.formats.json.PingResultDocument;
import io.geofusion.formats.json.ProductJson;
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
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion probe --input FILE}: ping results → envelope, distance and confidence per
 * target.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Ping statistics and RTT-derived distance per target.",
      "With --input, reads recorded pings (RIPE Atlas JSON, scamper JSON, ping text output)."
    })
final class ProbeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", required = true,
      description = "Recorded measurements to read (gzip is detected).")
  Path input;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "fiber_2_3",
      description = "Distance model: fiber_2_3 (default), origin_0_66, c_0_51,"
          + " speed_of_internet_4_9, ripe_atlas_2023.")
  String model;

  @Option(names = "--local-delay", paramLabel = "MS", defaultValue = "0",
      description = "The vantage's own access delay in ms, subtracted before distance (default 0).")
  double localDelayMs;

  @Option(names = "--stretch", paramLabel = "S",
      description = "Route stretch s >= 1 dividing the distance bound into the likely distance"
          + " (default: the bundled ASN profiles' value for an unknown network, 1.5).")
  Double stretch;

  @ArgGroup(exclusive = true) OutputOptions output;

  @Override
  public Integer call() throws IOException {
    DistanceEstimator estimator = estimator(model, localDelayMs, stretch);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputOptions.Mode mode = OutputOptions.of(output);
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
    TextTable t = new TextTable("TARGET", ">SENT", ">LOSS", ">MIN", ">MEDIAN", ">MAX",
        ">JITTER", ">EST_KM", ">MAX_KM", ">CONF", "NOTES");
    for (PingResultDocument d : docs) {
      LatencyMetrics m = d.metrics();
      DistanceJson dist = d.distance();
      t.row(d.target(), m.sent(), pct(m.lossRatio()), ms(m.minRtt()), ms(m.medianRtt()),
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
