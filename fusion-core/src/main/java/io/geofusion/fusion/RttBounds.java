package io.geofusion.fusion;

/**
 * The distance bounds and table bins of one vantage's RTT likelihood, for an engine's RTT models
 * (docs/fusion.md §2, "RTT, one vantage" and "Per-vantage bestline calibration"). Immutable and
 * thread-safe.
 */
final class RttBounds {

  private final RttLikelihoodModel model;
  private final RttLikelihoodModel calibratedModel;
  private final double bestlineFloorShare;
  private final RttTable table;

  /** {@code table} tabulates {@code model} (and {@code calibratedModel}) at full outlier share. */
  RttBounds(RttLikelihoodModel model, RttLikelihoodModel calibratedModel,
      double bestlineFloorShare, RttTable table) {
    this.model = model;
    this.calibratedModel = calibratedModel;
    this.bestlineFloorShare = bestlineFloorShare;
    this.table = table;
  }

  /**
   * The RTT from which a vantage's bound and bin are derived: {@code min_rtt − local −
   * extraDelay}, never below {@link RttLikelihoodModel#MIN_RESOLVED_RTT_MS}. A zero or
   * sub-resolution RTT means "here, within what the clock resolves", never "anywhere": without
   * the floor, {@code D → 0} puts even the vantage's own position at ρ = δ/(D + δ) → 1, past the
   * hard bound, and the vantage contributes only its uniform outlier floor.
   */
  static double effectiveRttMs(VantageObservation v, double extraDelayMs) {
    return Math.max(RttLikelihoodModel.MIN_RESOLVED_RTT_MS,
        v.minRttMs() - v.localDelayMs() - extraDelayMs);
  }

  /**
   * The distance bound D of the RTT likelihood, km: {@code D_phys = (min_rtt − local −
   * extraDelay)·k}, or for a vantage calibrated by a bestline {@link
   * RttLikelihoodModel#calibratedBoundKm} of {@code r = min_rtt − extraDelay}
   * (both from at least {@link RttLikelihoodModel#MIN_RESOLVED_RTT_MS}):
   * {@code min(D_phys, max((r − b)/m, φ·D_phys))} (the physical bound stays hard even for a
   * bestline faster than the model's speed).
   */
  double likelihoodBoundKm(VantageObservation v, double extraDelayMs) {
    double eff = effectiveRttMs(v, extraDelayMs);
    double physical = model.hardBoundKm(eff);
    if (v.bestline() == null) {
      return physical;
    }
    return RttLikelihoodModel.calibratedBoundKm(v.bestline(),
        Math.max(RttLikelihoodModel.MIN_RESOLVED_RTT_MS, v.minRttMs() - extraDelayMs),
        physical, bestlineFloorShare);
  }

  /** {@code 1/(D + slack)}: the factor that turns a distance into the scaled distance ρ. */
  double inverseScale(VantageObservation v, double extraDelayMs) {
    return 1.0 / Math.max(1e-6, likelihoodBoundKm(v, extraDelayMs) + model.slackKm());
  }

  /**
   * The table bin of a vantage: its effective RTT's bin, or for a calibrated vantage
   * {@code BINS + bin(r')} with {@code r'} the equivalent RTT of its bestline bound under the
   * calibrated model.
   */
  int likelihoodBin(VantageObservation v, double extraDelayMs) {
    if (v.bestline() == null) {
      return RttTable.bin(effectiveRttMs(v, extraDelayMs));
    }
    return RttTable.BINS
        + RttTable.bin(calibratedModel.equivalentRttMs(likelihoodBoundKm(v, extraDelayMs)));
  }

  /**
   * The key by which vantages are ranked nearest first: the effective RTT, or for a calibrated
   * vantage the equivalent RTT of its bestline bound (both are "bound / speed").
   */
  double nearestKey(VantageObservation v) {
    if (v.bestline() == null) {
      return v.minRttMs() - v.localDelayMs();
    }
    return calibratedModel.equivalentRttMs(likelihoodBoundKm(v, 0.0));
  }

  /**
   * The soft bound, km: the distance at which the vantage's ρ reaches the 0.99 quantile of its
   * Beta, for the effective RTT {@link #effectiveRttMs}, always under the
   * uncalibrated model (≤ the hard bound), even for a vantage with a bestline (why:
   * docs/evaluation.md, "Anycast").
   */
  double softBoundKm(VantageObservation v, double extraDelayMs) {
    double eff = effectiveRttMs(v, extraDelayMs);
    double slack = model.slackKm();
    double lim = table.upperRho(RttTable.bin(eff)) * (model.hardBoundKm(eff) + slack);
    return Math.sqrt(Math.max(0.0, lim * lim - slack * slack));
  }

  /** {@link #softBoundKm} of every vantage of a target. */
  double[] softBoundsKm(TargetVantages vantages, double extraDelayMs) {
    double[] soft = new double[vantages.n];
    for (int i = 0; i < vantages.n; i++) {
      soft[i] = softBoundKm(vantages.list.get(i), extraDelayMs);
    }
    return soft;
  }
}
