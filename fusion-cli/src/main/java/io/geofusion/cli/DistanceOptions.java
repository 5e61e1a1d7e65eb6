package io.geofusion.cli;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.DistanceModel;
import java.util.Iterator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How RTTs become distances, shared by {@code probe}, {@code traceroute} and {@code analyze}: the
 * distance model, the vantage's access delay and the route stretch (config keys
 * {@code distance_model}, {@code local_delay_ms}, {@code route_stretch}).
 */
final class DistanceOptions {

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "fiber_2_3",
      completionCandidates = ModelNames.class,
      description = "Distance model: fiber_2_3 (default), origin_0_66, c_0_51,"
          + " speed_of_internet_4_9, ripe_atlas_2023.")
  String model;

  @Option(names = "--local-delay", paramLabel = "MS", defaultValue = "0",
      description = "The vantage's own access delay in ms, subtracted before distance (default 0).")
  double localDelayMs;

  @Option(names = "--stretch", paramLabel = "S",
      description = "Route stretch s >= 1 dividing the distance bound into the likely distance"
          + " (default: the bundled ASN profiles' value for an unknown network, 1.5; live"
          + " analyze takes it from the networks on the traced path).")
  Double stretch;

  /** The preset names, for shell completion ({@code geofusion generate-completion}). */
  static final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DistanceModel.presets().stream().map(DistanceModel::name).iterator();
    }
  }

  /** The estimator these options describe; a bad value is a usage error. */
  DistanceEstimator estimator() {
    return estimator(model, localDelayMs, stretch);
  }

  /** The distance model of {@code --model}; a bad value of any option is a usage error. */
  DistanceModel distanceModel() {
    return estimator().model();
  }

  /** A hop analyzer with the same model and access delay. */
  HopAnalyzer analyzer() {
    return HopAnalyzer.builder().distanceModel(distanceModel()).localDelayMs(localDelayMs)
        .build();
  }

  /**
   * The estimator of a distance model by name, an access delay and a route stretch (null: the
   * bundled ASN profiles' stretch of an unknown network); a bad value is a usage error.
   */
  static DistanceEstimator estimator(String model, double localDelayMs, Double stretch) {
    DistanceModel m;
    try {
      m = DistanceModel.byName(model);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new UsageError(
          "--local-delay must be a finite number of ms >= 0, got " + localDelayMs);
    }
    double s = stretch != null ? stretch
        : AsnProfiles.bundled().defaultStretch(AsnType.UNKNOWN);
    if (!(s >= 1.0) || Double.isInfinite(s)) {
      throw new UsageError("--stretch must be a finite number >= 1, got " + s);
    }
    return DistanceEstimator.builder().model(m).localDelayMs(localDelayMs).routeStretch(s)
        .build();
  }

  /** Whether {@code name} was typed on the command line (not taken from the config file). */
  static boolean typed(CommandLine.Model.CommandSpec spec, String name) {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    return pr != null && pr.hasMatchedOption(name);
  }
}
