package io.geofusion.fusion.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code geofusion eval --experiment} does to the ground truth before scoring it (see
 * {@link Experiments}): nothing, GeoIP set to the truth, GeoIP set to another target's truth, or
 * synthetic anycast targets. Deterministic for a given seed.
 */
public enum Experiment {
  /** The targets as given. */
  PLAIN("plain"),
  /** Every target with truth gets its true position as GeoIP. */
  TRUE_GEOIP("true-geoip"),
  /** Every target with truth gets another target's truth as GeoIP. */
  FALSE_GEOIP("false-geoip"),
  /** Synthetic two-site targets from random pairs of targets. */
  ANYCAST("anycast");

  private final String label;

  Experiment(String label) {
    this.label = label;
  }

  /** The name {@code --experiment} takes ({@code "true-geoip"}). */
  public String label() {
    return label;
  }

  /** The experiment named {@code label}, ignoring case; empty for an unknown name. */
  public static Optional<Experiment> byLabel(String label) {
    String l = label.toLowerCase(Locale.ROOT);
    for (Experiment e : values()) {
      if (e.label.equals(l)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The targets to score after the experiment, and for {@link #ANYCAST} its cases (the targets
   * are then the cases' merged targets, in the same order).
   *
   * @param targets the targets to score
   * @param anycast the synthetic anycast cases; present exactly for {@link #ANYCAST}
   */
  public record Applied(List<GroundTruthTarget> targets,
      Optional<List<Experiments.AnycastCase>> anycast) {
    public Applied {
      targets = List.copyOf(targets);
      Objects.requireNonNull(anycast, "anycast");
    }
  }

  /**
   * Applies the experiment to {@code targets}.
   *
   * @param geoIpRadiusKm accuracy radius of the experiments' GeoIP answers, km
   * @param anycastCases how many synthetic anycast targets to make
   * @param seed seed of the random choices
   */
  public Applied apply(List<GroundTruthTarget> targets, double geoIpRadiusKm, int anycastCases,
      long seed) {
    return switch (this) {
      case PLAIN -> new Applied(targets, Optional.empty());
      case TRUE_GEOIP -> new Applied(Experiments.trueGeoIp(targets, geoIpRadiusKm),
          Optional.empty());
      case FALSE_GEOIP -> new Applied(Experiments.falseGeoIp(targets, geoIpRadiusKm, seed),
          Optional.empty());
      case ANYCAST -> {
        List<Experiments.AnycastCase> cases = Experiments.anycast(targets, anycastCases, seed);
        List<GroundTruthTarget> merged = new ArrayList<>();
        for (Experiments.AnycastCase c : cases) {
          merged.add(c.target());
        }
        yield new Applied(merged, Optional.of(cases));
      }
    };
  }
}
