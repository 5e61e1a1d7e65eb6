package io.geofusion.fusion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fuses RTT, GeoIP, RF and host-class evidence about one target into a posterior over the
 * sphere, summarised as a Gaussian mixture with 50 % and 90 % confidence circles, per-layer
 * evidence scores and consistency alerts. The model is documented formula by formula in
 * docs/fusion.md; its calibration on real ground truth is in docs/evaluation.md.
 *
 * <p>Immutable and safe to share across threads; build it once from its {@link
 * FusionParameters}:
 * <pre>{@code
 * FusionEngine engine = FusionEngine.create();   // FusionParameters.defaults()
 * FusionResult r = engine.fuse(FusionInput.builder("203.0.113.7")
 *     .vantage(VantageObservation.of("fra", LatLon.of(50.11, 8.68), 12.4))
 *     .geoIp(GeoIpEvidence.of(LatLon.of(52.37, 4.90), 20))
 *     .build());
 * }</pre>
 *
 * <p><b>Contract.</b> {@link #fuse} never throws on empty or contradictory evidence and never
 * returns NaN: without any evidence it returns a {@link FusionResult.Abstained} result;
 * contradictions lower weights (outlier floors) and raise alerts. The result does not depend on
 * the order of the vantages. The 50 % and 90 % circles hold that share of the posterior mass
 * (radii to 0.2 %, at least 0.5 km) and nest.
 *
 * <p><b>Accuracy</b> with {@link FusionParameters#defaults()}, RTTs only, on the held-out half of
 * the WonderNetwork ground truth (123 servers, docs/evaluation.md): median error 171 km (0.57×
 * CBG's), p90 1,014 km; the 50 % circle holds the true location for 0.55 of the targets, the
 * 90 % circle for 0.91. With a correct GeoIP answer the median error is 8.6 km.
 *
 * <p><b>Cost</b>: about 1.5 ms per target with 200 vantages and 0.8 MB allocated
 * ({@code FusionBenchmark}, docs/evaluation.md "Speed"); building an engine tabulates its RTT
 * models and, once per JVM, the standard population prior (0.1–1 s).
 *
 * <p><b>Stages</b> of {@link #fuse}, each in its own package-private class and documented in
 * docs/fusion.md §1–§4: consistency checks ({@code ConsistencyStage}) → evidence layers ({@code
 * LayerStage}) → an immutable posterior ({@code GridPosterior} computes a {@code Posterior}) →
 * summary ({@code SummaryStage}: class, mixture, estimate, circles, evidence scores).
 */
public final class FusionEngine {

  /** The RTT likelihood of vantages without a bestline (docs/fusion.md §2). */
  static final RttLikelihoodModel RTT_MODEL = RttLikelihoodModel.WONDERNETWORK_2020;
  /**
   * β in (0, 1], the exponent on the product of RTT likelihoods, which accounts for vantages
   * sharing paths (their errors are not independent); fitted for calibration (docs/fusion.md §2).
   */
  static final double RTT_TEMPERATURE = 0.8;
  /** A quadtree cell is refined only if its bound is within this many nats of the best cell. */
  static final double PRUNE_NATS = 12.0;
  /** Far vantages per target on the WonderNetwork training split, where their weight was fitted. */
  static final int FAR_VANTAGE_REFERENCE_COUNT = 233;
  private static final HostClassifier CLASSIFIER = HostClassifier.defaultClassifier();

  private final FusionParameters parameters;
  private final ConsistencyStage consistency;
  private final LayerStage layers;
  private final SummaryStage summary;

  /**
   * An engine with these parameters. Tabulates the RTT models (a few ms) and the population
   * prior, if any (the standard one once per JVM, 0.1–1 s; others each time).
   *
   * @throws NullPointerException if {@code parameters} is null
   */
  public FusionEngine(FusionParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters must not be null");
    RttTable table = new RttTable(RTT_MODEL, parameters.calibratedRttModel());
    RttBounds bounds = new RttBounds(RTT_MODEL, parameters.calibratedRttModel(),
        parameters.bestlineFloorShare(), table);
    PopulationPrior prior = parameters.populationPrior() == null ? null
        : PopulationPrior.of(parameters.populationPrior());
    this.consistency = new ConsistencyStage(bounds);
    this.layers = new LayerStage(parameters, bounds, table, prior);
    this.summary = new SummaryStage(consistency, CLASSIFIER);
  }

  /** An engine with {@link FusionParameters#defaults()}: the one scored in docs/evaluation.md. */
  public static FusionEngine create() {
    return new FusionEngine(FusionParameters.defaults());
  }

  /** The parameters this engine was built from. */
  public FusionParameters parameters() {
    return parameters;
  }

  /** The RTT likelihood model of vantages without a bestline. */
  public RttLikelihoodModel rttModel() {
    return RTT_MODEL;
  }

  /** The RTT likelihood model of vantages calibrated by a bestline. */
  public RttLikelihoodModel calibratedRttModel() {
    return parameters.calibratedRttModel();
  }

  /**
   * Fuses the evidence about one target.
   *
   * @throws NullPointerException if {@code input} is null
   */
  public FusionResult fuse(FusionInput input) {
    Objects.requireNonNull(input, "input must not be null");
    TargetVantages vantages = new TargetVantages(input.vantages(), RTT_MODEL);
    ConsistencyStage.Report checks = consistency.check(vantages, input.geoIp());
    HostClassification cls = CLASSIFIER.classify(input.signals(), checks.anycast(),
        checks.geoIpInconsistent());
    if (vantages.n == 0 && input.geoIp() == null && input.rf().isEmpty()) {
      return abstain(input.entity(), checks, cls);
    }
    EvidenceLayers evidence = layers.layers(vantages, input, cls.label().prior(),
        checks.geoIpInconsistent());
    Posterior posterior = posterior(evidence);
    return summary.summarise(input, vantages, checks, cls, evidence, posterior);
  }

  /** Stage 3: the posterior of the layers on the adaptive quadtree. */
  private Posterior posterior(EvidenceLayers e) {
    EvidenceLayers.RttVantages near = e.near();
    GridPosterior grid = new GridPosterior(e.table(), near.x(), near.y(), near.z(), near.invS(),
        near.bins(), near.count(), RTT_TEMPERATURE, e.grid(), PRUNE_NATS, e.finestCellDeg(),
        parameters.maxCellsPerLevel());
    EvidenceLayers.RttVantages far = e.far();
    if (far != null) {
      grid.farVantages(far.x(), far.y(), far.z(), far.invS(), far.bins(), far.count(),
          e.farWeight());
    }
    return grid.compute();
  }

  /** No evidence: no location, the class from the host signals alone. */
  private static FusionResult abstain(String entity, ConsistencyStage.Report checks,
      HostClassification cls) {
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("semantic", cls.confidence());
    return new FusionResult.Abstained(entity, evidence, checks.alerts(), cls);
  }
}
