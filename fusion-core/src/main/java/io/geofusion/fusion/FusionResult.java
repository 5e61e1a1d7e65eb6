package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fused location of one target: an estimate that is never a bare dot.
 *
 * <p>{@code circle50} and {@code circle90} are centred on {@code estimate} and nest
 * ({@code circle50.radiusKm() ≤ circle90.radiusKm()}). When {@code abstained} is true there was no
 * usable evidence: the estimate is (0, 0) only as a placeholder, both circles cover the whole
 * Earth and the distribution has no components.
 *
 * @param entity the target
 * @param estimate the location estimate
 * @param circle50 circle holding 50 % of the posterior mass
 * @param circle90 circle holding 90 % of the posterior mass
 * @param distribution Gaussian-mixture summary
 * @param evidence per-layer evidence scores in [0, 1] ({@code rtt}, {@code geoip}, {@code rf},
 *     {@code semantic}; only layers that had input)
 * @param alerts inconsistency and anycast alerts, possibly empty
 * @param hostClass the classifier's verdict
 * @param abstained whether no location could be given
 * @param diagnostics how the posterior was computed
 */
public record FusionResult(String entity, LatLon estimate, ConfidenceCircle circle50,
    ConfidenceCircle circle90, LocationDistribution distribution, Map<String, Double> evidence,
    List<FusionAlert> alerts, HostClassification hostClass, boolean abstained,
    Diagnostics diagnostics) {

  /**
   * How the posterior was computed.
   *
   * @param vantagesUsed RTT vantages in the posterior
   * @param cellsEvaluated grid cells evaluated over all levels
   * @param levels quadtree levels evaluated
   * @param finestCellDeg side of the final cells, degrees
   * @param geoIpWeight weight of the GeoIP layer's informative part after adjustments, or 0
   */
  public record Diagnostics(int vantagesUsed, int cellsEvaluated, int levels,
      double finestCellDeg, double geoIpWeight) {}

  public FusionResult {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(circle50, "circle50");
    Objects.requireNonNull(circle90, "circle90");
    Objects.requireNonNull(distribution, "distribution");
    // Insertion order kept (rtt, geoip, rf, semantic), so JSON output is byte-stable; Map.copyOf
    // iterates in a per-JVM random order.
    evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
        Objects.requireNonNull(evidence, "evidence")));
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(hostClass, "hostClass");
    Objects.requireNonNull(diagnostics, "diagnostics");
    if (circle50.radiusKm() > circle90.radiusKm()) {
      throw new IllegalArgumentException("50 % circle (" + circle50.radiusKm()
          + " km) must not exceed the 90 % circle (" + circle90.radiusKm() + " km)");
    }
  }

  /**
   * The host's location as the entity graph stores it: the distribution, the 90 % circle, the
   * host class and the alerts; empty when the engine abstained (no evidence, no location).
   */
  public Optional<HostLocation> location() {
    if (abstained || distribution.components().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HostLocation(distribution, circle90, hostClass, alerts));
  }

  /** Whether an alert of this type was raised. */
  public boolean hasAlert(String type) {
    for (FusionAlert a : alerts) {
      if (a.type().equals(type)) {
        return true;
      }
    }
    return false;
  }
}
