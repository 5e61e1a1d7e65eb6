package io.geofusion.cli;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionParameters;
import io.geofusion.fusion.PopulationPrior;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How the fusion engine is built, shared by {@code eval}, {@code triangulate} and
 * {@code analyze} (config keys {@code population_prior}, {@code far_vantages}).
 */
final class FusionOptions {

  @Option(names = "--population-prior", paramLabel = "on|off|G,S,B,L", defaultValue = "on",
      description = "Prior that hosts are where people are (GeoNames towns, docs/fusion.md):"
          + " on (default; fitted constants), off, or"
          + " exponent,kernel-km,region-km,floor-share.")
  String populationPrior;

  @Option(names = "--far-vantages", paramLabel = "on|off|W", defaultValue = "on",
      description = "Weak evidence from the vantages beyond the 12 nearest: a point too close"
          + " for their RTTs is less likely (docs/fusion.md): on (default; weight "
          + FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT + "), off, or a weight in [0, 1].")
  String farVantages;

  /** The engine these options describe; a bad value is a usage error. */
  FusionEngine engine() {
    return new FusionEngine(parameters());
  }

  /** The engine parameters these options describe; a bad value is a usage error. */
  FusionParameters parameters() {
    PopulationPrior.Constants prior = prior();
    FusionParameters p = FusionParameters.defaults().withFarVantageWeight(farWeight());
    return prior == null ? p.withoutPopulationPrior() : p.withPopulationPrior(prior);
  }

  /** Config-file check of a {@code far_vantages} value. */
  static void checkFar(String value) {
    farWeight(value, "value");
  }

  double farWeight() {
    try {
      return farWeight(farVantages, "--far-vantages");
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /**
   * {@code on} → the default weight, {@code off} → 0, a number in [0, 1] → that weight.
   *
   * @throws IllegalArgumentException naming {@code what} and the expected form
   */
  private static double farWeight(String value, String what) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("on")) {
      return FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT;
    }
    if (v.equals("off")) {
      return 0.0;
    }
    double w;
    try {
      w = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      w = Double.NaN;
    }
    if (!(w >= 0.0 && w <= 1.0)) {
      throw new IllegalArgumentException(what + " must be on, off or a weight in [0, 1] (e.g. "
          + FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT + "), got '" + value + "'");
    }
    return w;
  }

  /** Config-file check of a {@code population_prior} value (builds nothing). */
  static void check(String value) {
    parse(value, "value");
  }

  /** The prior's constants, or null for {@code off}. */
  PopulationPrior.Constants prior() {
    try {
      double[] c = parse(populationPrior, "--population-prior");
      return c == null ? null : c.length == 0 ? PopulationPrior.Constants.STANDARD
          : new PopulationPrior.Constants(c[0], c[1], c[2], c[3]);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /**
   * {@code on} → an empty array, {@code off} → null, four numbers → those constants, checked.
   *
   * @throws IllegalArgumentException naming {@code what} and the expected form or range
   */
  private static double[] parse(String value, String what) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("on")) {
      return new double[0];
    }
    if (v.equals("off")) {
      return null;
    }
    String[] f = v.split(",", -1);
    if (f.length != 4) {
      throw new IllegalArgumentException(what + " must be on, off or"
          + " exponent,kernel-km,region-km,floor-share (e.g. 1,40,300,0.01), got '" + value
          + "'");
    }
    double[] c = new double[4];
    try {
      for (int i = 0; i < 4; i++) {
        c[i] = Double.parseDouble(f[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + value + "' is not four numbers"
          + " exponent,kernel-km,region-km,floor-share (e.g. 1,40,300,0.01)");
    }
    try {
      PopulationPrior.validate(c[0], c[1], c[2], c[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
    return c;
  }
}
