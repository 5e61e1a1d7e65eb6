package io.geofusion.fusion;

import java.util.List;

/**
 * The posterior summarised as a Gaussian mixture (docs/architecture.md §6 {@code
 * location_distribution}): at most 4 components chosen by BIC, weights summing to 1. An
 * abstention has no distribution ({@link FusionResult.Abstained}).
 *
 * <p>Weights must sum to 1 within 10⁻³, so a distribution read back from a document that rounds
 * weights (4 decimals in host-location documents) is still valid; the engine's own sums are
 * exact to about 10⁻¹².
 *
 * @param components mixture components, heaviest first; at least one
 * @param uncertaintyKm radius of the 90 % confidence circle, km
 */
public record LocationDistribution(List<MixtureComponent> components, double uncertaintyKm) {

  public LocationDistribution {
    components = List.copyOf(components);
    if (!(uncertaintyKm >= 0.0) || Double.isInfinite(uncertaintyKm)) {
      throw new IllegalArgumentException("uncertainty must be finite and >= 0 km, got "
          + uncertaintyKm);
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a location distribution needs at least one mixture"
          + " component; an abstention has none (FusionResult.Abstained)");
    }
    double sum = 0.0;
    for (MixtureComponent c : components) {
      sum += c.weight();
    }
    if (Math.abs(sum - 1.0) > 1e-3) {
      throw new IllegalArgumentException("mixture weights must sum to 1 (±0.001), got " + sum);
    }
  }
}
