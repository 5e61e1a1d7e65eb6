package io.geofusion.fusion;

import java.util.Objects;

/**
 * What a {@link FusionEngine} is built from: an immutable, validated value. {@link #defaults()}
 * is the engine that docs/evaluation.md scores on WonderNetwork (held-out median error 171 km,
 * 0.57× CBG; coverage of the 50 % and 90 % circles 0.55 and 0.91). Every other constant of the
 * model (the RTT knots, β = 0.8, the GeoIP weights, the consistency margins) is fixed; the list,
 * and why the knobs that no caller set were removed, is in docs/decisions/fusion-parameters.md.
 *
 * <pre>{@code
 * FusionEngine engine = new FusionEngine(FusionParameters.defaults()
 *     .withoutPopulationPrior().withFarVantageWeight(0.0));
 * }</pre>
 *
 * @param populationPrior constants of the prior that hosts are where people are (docs/fusion.md
 *     §2), default {@link PopulationPrior.Constants#STANDARD}; {@code null} for none. The engine
 *     tabulates the prior when it is built (the standard one once per JVM, about 0.1–1 s)
 * @param farVantageWeight w in [0, 1] of the vantages beyond the {@code maxVantages} nearest,
 *     default {@value #DEFAULT_FAR_VANTAGE_WEIGHT}; 0 ignores them. Such a vantage adds only the
 *     lower side of its RTT likelihood: a point closer to it than its RTT's most likely distance
 *     costs {@code w·β·(ln L(mode) − ln L(ρ))} nats, at most about {@code w·β·2.3}; beyond the
 *     mode it costs nothing. With more than 233 far vantages (the count the weight was fitted
 *     with) each one's weight is scaled by {@code 233/n_far}, so their total stays the same
 *     (docs/fusion.md §2, "RTT, far vantages")
 * @param maxVantages how many vantages, nearest first (smallest effective RTT, or for a
 *     calibrated vantage the equivalent RTT of its bestline bound; ties by id), enter the product
 *     of RTT likelihoods; at least 1, default 12. The consistency checks use every vantage
 * @param calibratedRttModel the RTT likelihood of vantages calibrated by a bestline, default
 *     {@link RttLikelihoodModel#WONDERNETWORK_2020_BESTLINE}; its knots are keyed by the
 *     equivalent RTT of the bestline bound ({@link RttLikelihoodModel#equivalentRttMs}) and its
 *     slack must equal the 25 km of {@link RttLikelihoodModel#WONDERNETWORK_2020}, the model of
 *     uncalibrated vantages. Vantages without a bestline never use it
 * @param bestlineFloorShare φ in [0, 1]: a calibrated vantage's bound is
 *     {@code D = min(D_phys, max((r − b)/m, φ·D_phys))} (default {@link
 *     RttLikelihoodModel#BESTLINE_FLOOR_SHARE} = 0.7, fitted with the default calibrated knots; 0
 *     is CBG's pure bestline, 1 the physical bound)
 * @param finestCellDeg the finest cell side of the posterior quadtree in degrees, in (0, 20];
 *     default 0.3125° (about 35 km at the equator; finer cells change no WonderNetwork figure,
 *     docs/evaluation.md). The engine refines further, down to 20°/4096 (0.5 km), where a
 *     vantage's disk is smaller than four cells
 * @param maxCellsPerLevel cells evaluated per level of the quadtree, at least 648; default 1024
 *     (2048 moves no WonderNetwork figure by more than 0.5 km)
 */
public record FusionParameters(PopulationPrior.Constants populationPrior, double farVantageWeight,
    int maxVantages, RttLikelihoodModel calibratedRttModel, double bestlineFloorShare,
    double finestCellDeg, int maxCellsPerLevel) {

  /** Default {@link #farVantageWeight()}, fitted on the WonderNetwork training split. */
  public static final double DEFAULT_FAR_VANTAGE_WEIGHT = 0.03;

  private static final FusionParameters DEFAULTS = new FusionParameters(
      PopulationPrior.Constants.STANDARD, DEFAULT_FAR_VANTAGE_WEIGHT, 12,
      RttLikelihoodModel.WONDERNETWORK_2020_BESTLINE, RttLikelihoodModel.BESTLINE_FLOOR_SHARE,
      0.3125, 1024);

  /**
   * Checks every component against the range given above.
   *
   * @throws IllegalArgumentException naming the component and the bad value
   * @throws NullPointerException if {@code calibratedRttModel} is null
   */
  public FusionParameters {
    if (!(farVantageWeight >= 0.0 && farVantageWeight <= 1.0)) {
      throw new IllegalArgumentException("far-vantage weight must be in [0, 1], got "
          + farVantageWeight);
    }
    if (maxVantages < 1) {
      throw new IllegalArgumentException("max vantages must be >= 1, got " + maxVantages);
    }
    Objects.requireNonNull(calibratedRttModel, "calibrated RTT model must not be null");
    double slack = FusionEngine.RTT_MODEL.slackKm();
    if (calibratedRttModel.slackKm() != slack) {
      throw new IllegalArgumentException("the calibrated RTT model's slack ("
          + calibratedRttModel.slackKm() + " km) must equal the RTT model's (" + slack + " km)");
    }
    if (!(bestlineFloorShare >= 0.0 && bestlineFloorShare <= 1.0)) {
      throw new IllegalArgumentException("bestline floor share must be in [0, 1], got "
          + bestlineFloorShare);
    }
    if (!(finestCellDeg > 0.0 && finestCellDeg <= GridPosterior.LEVEL0_DEG)) {
      throw new IllegalArgumentException("finest cell must be in (0, 20] degrees, got "
          + finestCellDeg);
    }
    if (maxCellsPerLevel < 648) {
      throw new IllegalArgumentException("max cells per level must be >= 648, got "
          + maxCellsPerLevel);
    }
  }

  /** The fitted engine scored in docs/evaluation.md (the values given on the components). */
  public static FusionParameters defaults() {
    return DEFAULTS;
  }

  /** A copy with another population prior. */
  public FusionParameters withPopulationPrior(PopulationPrior.Constants constants) {
    Objects.requireNonNull(constants, "population prior constants must not be null"
        + " (withoutPopulationPrior() turns it off)");
    return new FusionParameters(constants, farVantageWeight, maxVantages, calibratedRttModel,
        bestlineFloorShare, finestCellDeg, maxCellsPerLevel);
  }

  /** A copy without the population prior (RTT, GeoIP and RF evidence only). */
  public FusionParameters withoutPopulationPrior() {
    return new FusionParameters(null, farVantageWeight, maxVantages, calibratedRttModel,
        bestlineFloorShare, finestCellDeg, maxCellsPerLevel);
  }

  /** A copy with another far-vantage weight; see {@link #farVantageWeight()}. */
  public FusionParameters withFarVantageWeight(double weight) {
    return new FusionParameters(populationPrior, weight, maxVantages, calibratedRttModel,
        bestlineFloorShare, finestCellDeg, maxCellsPerLevel);
  }

  // Test seams (STYLE: package-private, never public knobs): the tests of the far-vantage term,
  // the bestline calibration and the RF layer isolate their mechanism through these.

  FusionParameters withMaxVantages(int m) {
    return new FusionParameters(populationPrior, farVantageWeight, m, calibratedRttModel,
        bestlineFloorShare, finestCellDeg, maxCellsPerLevel);
  }

  FusionParameters withCalibratedRttModel(RttLikelihoodModel model) {
    return new FusionParameters(populationPrior, farVantageWeight, maxVantages, model,
        bestlineFloorShare, finestCellDeg, maxCellsPerLevel);
  }

  FusionParameters withBestlineFloorShare(double phi) {
    return new FusionParameters(populationPrior, farVantageWeight, maxVantages,
        calibratedRttModel, phi, finestCellDeg, maxCellsPerLevel);
  }

  FusionParameters withGrid(double finestDeg, int maxCells) {
    return new FusionParameters(populationPrior, farVantageWeight, maxVantages,
        calibratedRttModel, bestlineFloorShare, finestDeg, maxCells);
  }
}
