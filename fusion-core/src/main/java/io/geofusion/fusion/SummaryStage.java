package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 4 of {@link FusionEngine#fuse}: summarises an immutable {@link Posterior} as a {@link
 * FusionResult} (docs/fusion.md §4): the host class (after the posterior's own anycast test),
 * the Gaussian mixture, the point estimate, the 50 % and 90 % circles and the per-layer evidence
 * scores. Immutable and thread-safe.
 *
 * <p>Accuracy of the summary itself, beyond the model's: circle radii are found by bisection to
 * 0.2 % (at least 0.5 km), each leaf's mass spread linearly over its own width; the mixture has
 * 1 to 4 components chosen by BIC, fitted on at most 64 cells or bins.
 */
final class SummaryStage {

  private final ConsistencyStage consistency;
  private final HostClassifier classifier;

  SummaryStage(ConsistencyStage consistency, HostClassifier classifier) {
    this.consistency = consistency;
    this.classifier = classifier;
  }

  /**
   * The result for {@code input}, given the outcomes of the earlier stages.
   *
   * @param first the class from stage 1's checks, whose prior shaped the layers
   */
  FusionResult.Located summarise(FusionInput input, TargetVantages vantages,
      ConsistencyStage.Report stage1, HostClassification first, EvidenceLayers layers,
      Posterior posterior) {
    // Class: the posterior can show anycast that the disks alone did not.
    List<FusionAlert> alerts = new ArrayList<>(stage1.alerts());
    HostClassification cls = first;
    Optional<FusionAlert> anycast = consistency.anycastOnPosterior(vantages, stage1,
        first.label().prior().extraDelayMs(), posterior);
    if (anycast.isPresent()) {
      alerts.add(anycast.get());
      cls = classifier.classify(input.signals(), true, stage1.geoIpInconsistent());
    }

    List<MixtureFitter.Comp> comps = new MixtureFitter(posterior).fit();
    LatLon estimate = PointEstimate.of(posterior, comps);
    double[] eu = SphereMath.unit(estimate);
    double r50 = CircleRadius.radiusKm(posterior, eu, 0.5);
    double r90 = Math.max(r50, CircleRadius.radiusKm(posterior, eu, 0.9));

    return new FusionResult.Located(input.entity(), estimate,
        new ConfidenceCircle(estimate, r50, 0.5), new ConfidenceCircle(estimate, r90, 0.9),
        new LocationDistribution(mixture(comps), r90),
        evidence(input, layers, posterior, eu, cls), alerts, cls,
        new FusionResult.Diagnostics(layers.near().count(), posterior.evaluated,
            posterior.levels, posterior.sizeDeg, layers.geoIpWeight()));
  }

  /** The fitted components as the result's mixture, weights normalised to sum 1. */
  private static List<MixtureComponent> mixture(List<MixtureFitter.Comp> comps) {
    double s = 0.0;
    for (MixtureFitter.Comp c : comps) {
      s += c.weight;
    }
    List<MixtureComponent> out = new ArrayList<>(comps.size());
    for (MixtureFitter.Comp c : comps) {
      out.add(new MixtureComponent(SphereMath.toLatLon(c.mx, c.my, c.mz), c.weight / s, c.see,
          c.sen, c.snn));
    }
    return out;
  }

  /**
   * Per-layer evidence scores in [0, 1], in the order {@code rtt, geoip, rf, semantic} (only
   * layers that had input): how much each layer's informative part, not its outlier floor,
   * explains the target.
   */
  private static Map<String, Double> evidence(FusionInput input, EvidenceLayers layers,
      Posterior posterior, double[] estimate, HostClassification cls) {
    Map<String, Double> evidence = new LinkedHashMap<>();
    if (layers.near().count() > 0) {
      evidence.put("rtt", rttEvidence(layers.table(), estimate, layers.near()));
    }
    if (layers.geoIp() != null) {
      evidence.put("geoip", posteriorResponsibility(posterior, layers.geoIp()));
    }
    if (!input.rf().isEmpty()) {
      double s = 0.0;
      for (Layer l : layers.grid()) {
        if (l instanceof RfLayer) {
          s += posteriorResponsibility(posterior, l);
        }
      }
      evidence.put("rf", s / input.rf().size());
    }
    evidence.put("semantic", cls.confidence());
    return evidence;
  }

  /**
   * Mean over the vantages in the product of the probability that the calibrated distance
   * model, rather than the outlier floor, explains the vantage's RTT at the estimate.
   */
  private static double rttEvidence(RttTable table, double[] e, EvidenceLayers.RttVantages v) {
    double slack = table.model.slackKm();
    int n = v.count();
    double s = 0.0;
    for (int k = 0; k < n; k++) {
      double d = SphereMath.R_KM
          * SphereMath.fastAcos(e[0] * v.x()[k] + e[1] * v.y()[k] + e[2] * v.z()[k]);
      double ll = table.logLik(v.bins()[k], Math.hypot(d, slack) * v.invS()[k]);
      s += Math.max(0.0, 1.0 - Math.exp(table.floor[v.bins()[k]] - ll));
    }
    return clamp01(s / n);
  }

  /** The layer's responsibility averaged over the posterior. */
  private static double posteriorResponsibility(Posterior g, Layer layer) {
    double s = 0.0;
    for (int k = 0; k < g.cells; k++) {
      s += g.weight[k] * layer.responsibility(g.ux[k], g.uy[k], g.uz[k]);
    }
    return clamp01(s);
  }

  private static double clamp01(double x) {
    return Double.isNaN(x) ? 0.0 : Math.max(0.0, Math.min(1.0, x));
  }
}
