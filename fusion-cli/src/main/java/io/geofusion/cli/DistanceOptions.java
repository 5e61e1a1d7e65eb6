package io.geofusion.cli;

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
    return ProbeCommand.estimator(model, localDelayMs, stretch);
  }

  /**
   * The estimator with {@code --stretch} when one was given (flag or config file), else
   * {@code derivedStretch}; a bad value is a usage error.
   */
  DistanceEstimator estimator(double derivedStretch) {
    return ProbeCommand.estimator(model, localDelayMs, stretch != null ? stretch : derivedStretch);
  }

  /** A hop analyzer with the same model and access delay. */
  HopAnalyzer analyzer() {
    estimator(); // validates the options with usage errors first
    return HopAnalyzer.builder().distanceModel(DistanceModel.byName(model))
        .localDelayMs(localDelayMs).build();
  }

  /** Whether {@code name} was typed on the command line (not taken from the config file). */
  static boolean typed(CommandLine.Model.CommandSpec spec, String name) {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    return pr != null && pr.hasMatchedOption(name);
  }
}
