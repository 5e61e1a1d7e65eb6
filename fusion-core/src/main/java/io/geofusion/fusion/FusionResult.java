package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine concluded about one target: either a {@link Located} result, an estimate that
 * is never a bare dot, or an explicit {@link Abstained} result when there was no usable evidence
 * at all. Only a located result has an estimate, circles, a distribution and diagnostics; both
 * have the entity, evidence scores, alerts and the host class. Match on the type:
 * <pre>{@code
 * if (engine.fuse(input) instanceof FusionResult.Located l) {
 *   System.out.println(l.estimate() + " ±" + l.circle90().radiusKm() + " km");
 * }
 * }</pre>
 * docs/decisions/abstention.md explains the choice and how an abstention is written as JSON.
 */
public sealed interface FusionResult permits FusionResult.Located, FusionResult.Abstained {

  /** The target. */
  String entity();

  /**
   * Per-layer evidence scores in [0, 1] ({@code rtt}, {@code geoip}, {@code rf}, {@code
   * semantic}; only layers that had input), in that order.
   */
  Map<String, Double> evidence();

  /** Inconsistency and anycast alerts, possibly empty. */
  List<FusionAlert> alerts();

  /** The classifier's verdict. */
  HostClassification hostClass();

  /** Whether an alert of this type was raised. */
  default boolean hasAlert(FusionAlert.Type type) {
    Objects.requireNonNull(type, "alert type must not be null");
    for (FusionAlert a : alerts()) {
      if (a.type() == type) {
        return true;
      }
    }
    return false;
  }

  /**
   * A located target: the posterior summarised as an estimate, two nested confidence circles
   * centred on it ({@code circle50.radiusKm() ≤ circle90.radiusKm()}) and a Gaussian mixture of
   * at least one component.
   *
   * @param entity the target
   * @param estimate the location estimate
   * @param circle50 circle holding 50 % of the posterior mass
   * @param circle90 circle holding 90 % of the posterior mass
   * @param distribution Gaussian-mixture summary, at least one component
   * @param evidence per-layer evidence scores in [0, 1]
   * @param alerts inconsistency and anycast alerts, possibly empty
   * @param hostClass the classifier's verdict
   * @param diagnostics how the posterior was computed
   */
  record Located(String entity, LatLon estimate, ConfidenceCircle circle50,
      ConfidenceCircle circle90, LocationDistribution distribution, Map<String, Double> evidence,
      List<FusionAlert> alerts, HostClassification hostClass, Diagnostics diagnostics)
      implements FusionResult {

    public Located {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(estimate, "estimate");
      Objects.requireNonNull(circle50, "circle50");
      Objects.requireNonNull(circle90, "circle90");
      Objects.requireNonNull(distribution, "distribution");
      evidence = orderedCopy(evidence);
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
     * host class and the alerts.
     */
    public HostLocation location() {
      return new HostLocation(distribution, circle90, hostClass, alerts);
    }
  }

  /**
   * No location can be given: the engine had no vantage, no GeoIP answer and no RF observation.
   *
   * @param entity the target
   * @param evidence per-layer evidence scores in [0, 1]; only {@code semantic} from the engine
   * @param alerts alerts, possibly empty (the engine raises none without evidence)
   * @param hostClass the classifier's verdict, from the host signals alone
   */
  record Abstained(String entity, Map<String, Double> evidence, List<FusionAlert> alerts,
      HostClassification hostClass) implements FusionResult {

    public Abstained {
      Objects.requireNonNull(entity, "entity");
      evidence = orderedCopy(evidence);
      alerts = List.copyOf(alerts);
      Objects.requireNonNull(hostClass, "hostClass");
    }
  }

  /**
   * How the posterior of a {@link Located} result was computed.
   *
   * @param vantagesUsed RTT vantages in the posterior
   * @param cellsEvaluated grid cells evaluated over all levels
   * @param levels quadtree levels evaluated
   * @param finestCellDeg side of the final cells, degrees
   * @param geoIpWeight weight of the GeoIP layer's informative part after adjustments, or 0
   */
  record Diagnostics(int vantagesUsed, int cellsEvaluated, int levels,
      double finestCellDeg, double geoIpWeight) {}

  // Insertion order kept (rtt, geoip, rf, semantic), so JSON output is byte-stable; Map.copyOf
  // iterates in a per-JVM random order.
  private static Map<String, Double> orderedCopy(Map<String, Double> evidence) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(
        Objects.requireNonNull(evidence, "evidence")));
  }
}
