package io.geofusion.cli;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.PopulationPrior;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How the fusion engine is built, shared by {@code eval}, {@code triangulate} and
 * {@code analyze} (config key {@code population_prior}).
 */
final class FusionOptions {

  @Option(names = "--population-prior", paramLabel = "on|off|G,S,B,L", defaultValue = "on",
      description = "Prior that hosts are where people are (GeoNames towns, docs/fusion.md):"
          + " on (default; fitted constants), off, or"
          + " exponent,kernel-km,region-km,floor-share.")
  String populationPrior;

  /** The engine these options describe; a bad value is a usage error. */
  FusionEngine engine() {
    return FusionEngine.builder().populationPrior(prior()).build();
  }

  /** Config-file check of a {@code population_prior} value. */
  static void check(String value) {
    FusionOptions o = new FusionOptions();
    o.populationPrior = value;
    try {
      o.prior();
    } catch (GeoFusionCommand.UsageError e) {
      throw new IllegalArgumentException(e.getMessage().replace("--population-prior", "value"));
    }
  }

  PopulationPrior prior() {
    String v = populationPrior.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "on":
        return PopulationPrior.standard();
      case "off":
        return null;
      default:
        String[] f = v.split(",", -1);
        if (f.length != 4) {
          throw new GeoFusionCommand.UsageError("--population-prior must be on, off or"
              + " exponent,kernel-km,region-km,floor-share (e.g. 1,40,300,0.01), got '"
              + populationPrior + "'");
        }
        try {
          return PopulationPrior.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
              Double.parseDouble(f[2]), Double.parseDouble(f[3]));
        } catch (NumberFormatException e) {
          throw new GeoFusionCommand.UsageError("--population-prior: '" + populationPrior
              + "' is not four numbers exponent,kernel-km,region-km,floor-share"
              + " (e.g. 1,40,300,0.01)");
        } catch (IllegalArgumentException e) {
          throw new GeoFusionCommand.UsageError("--population-prior: " + e.getMessage());
        }
    }
  }
}
