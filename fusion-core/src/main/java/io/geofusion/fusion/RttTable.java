package io.geofusion.fusion;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link RttLikelihoodModel} tabulated once per engine: log-likelihood rows for RTT bins spaced
 * 8.3 % apart in {@code ln r} (0.05 ms to 2 s), each sampled at 256 steps of ρ in [0, 1] and
 * interpolated linearly; beyond ρ = 1 (the hard bound) the row's floor {@code ln(ε/(πR))}.
 * Using the bin's own normaliser {@code 1/(D + slack)} instead of the vantage's exact one costs at
 * most 0.04 nats per vantage. Immutable and thread-safe.
 *
 * <p>An optional second model (for vantages calibrated by a bestline) is tabulated after the
 * first: its bins are {@code BINS + bin(r')}, where {@code r' = D/k} is the bestline bound
 * expressed as the RTT that gives the same bound at the calibrated model's speed. Both models
 * share one slack δ, so the grid code needs no second table.
 */
final class RttTable {

  static final int STEPS = 256;
  static final int BINS = 128;
  static final double UPPER_QUANTILE = 0.99;
  private static final double LN_MIN = Math.log(0.05);
  private static final double LN_MAX = Math.log(2000.0);
  private static final double LN_STEP = (LN_MAX - LN_MIN) / (BINS - 1);

  /** The smallest outlier share a table uses (ln of its floor ≈ −30.6: effectively hard). */
  static final double MIN_OUTLIER = 1e-9;

  final RttLikelihoodModel model;
  /** Multiplier on every bin's outlier share ε (1 = the model's own). */
  final double outlierScale;
  final RttLikelihoodModel calibratedModel;
  /** Row-major: bin * (STEPS + 1) + step. */
  final double[] table;
  final double[] floor;
  final double[] mode;
  final double[] outlier;
  /**
   * Per bin, the bits of {@link #upperRho}, or {@link #UNKNOWN} until first asked for: a Brent
   * solve per bin was a fifth of a one-target command's CPU, and a fusion asks for few bins.
   */
  private final AtomicLongArray upperRhoBits;
  private static final long UNKNOWN = -1L; // a NaN's bits, never a quantile's
  /** Each bin's Beta shapes {a, b}, for {@link #upperRho}. */
  private final double[] shapes;

  RttTable(RttLikelihoodModel model) {
    this(model, null);
  }

  /**
   * Tabulates {@code model} in bins {@code [0, BINS)} and, when not null, {@code calibrated} in
   * bins {@code [BINS, 2·BINS)}.
   *
   * @throws IllegalArgumentException if the two models' slacks differ
   */
  RttTable(RttLikelihoodModel model, RttLikelihoodModel calibrated) {
    this(model, calibrated, 1.0);
  }

  /**
   * As above with every outlier share ε scaled by {@code outlierScale} in [0, 1] (never below
   * {@link #MIN_OUTLIER}).
   */
  RttTable(RttLikelihoodModel model, RttLikelihoodModel calibrated, double outlierScale) {
    this.model = model;
    this.calibratedModel = calibrated;
    this.outlierScale = outlierScale;
    if (calibrated != null && calibrated.slackKm() != model.slackKm()) {
      throw new IllegalArgumentException("the calibrated RTT model's slack (" + calibrated.slackKm()
          + " km) must equal the RTT model's (" + model.slackKm() + " km)");
    }
    int total = calibrated == null ? BINS : 2 * BINS;
    table = new double[total * (STEPS + 1)];
    floor = new double[total];
    mode = new double[total];
    outlier = new double[total];
    upperRhoBits = new AtomicLongArray(total);
    for (int i = 0; i < total; i++) {
      upperRhoBits.set(i, UNKNOWN);
    }
    shapes = new double[2 * total];
    fill(model, 0);
    if (calibrated != null) {
      fill(calibrated, BINS);
    }
  }

  private void fill(RttLikelihoodModel source, int offset) {
    double floorDensity = 1.0 / (Math.PI * SphereMath.R_KM);
    for (int bin = offset; bin < offset + BINS; bin++) {
      double r = Math.exp(LN_MIN + (bin - offset) * LN_STEP);
      double[] p = source.parametersAt(r);
      double[] ab = RttLikelihoodModel.betaShapes(p[0], p[1]);
      double s = source.hardBoundKm(r) + source.slackKm();
      s = Math.max(s, 1e-6);
      double eps = Math.max(MIN_OUTLIER, p[2] * outlierScale);
      outlier[bin] = eps;
      floor[bin] = Math.log(eps * floorDensity);
      mode[bin] = (ab[0] - 1.0) / (ab[0] + ab[1] - 2.0);
      shapes[2 * bin] = ab[0];
      shapes[2 * bin + 1] = ab[1];
      double logB = RttLikelihoodModel.logBeta(ab[0], ab[1]);
      int base = bin * (STEPS + 1);
      for (int i = 0; i <= STEPS; i++) {
        double rho = (double) i / STEPS;
        double eta = source.inflationWeight();
        double beta = i < STEPS ? eta : 0.0;
        if (rho > 0.0 && rho < 1.0) {
          beta += (1.0 - eta)
              * Math.exp((ab[0] - 1.0) * Math.log(rho) + (ab[1] - 1.0) * Math.log1p(-rho) - logB);
        }
        table[base + i] = Math.log((1.0 - eps) * beta / s + eps * floorDensity);
      }
    }
  }

  /**
   * The {@value #UPPER_QUANTILE} quantile of a bin's Beta: "too far for this RTT" beyond it.
   * Computed on first use (the same value whichever thread computes it).
   */
  double upperRho(int bin) {
    long bits = upperRhoBits.get(bin);
    if (bits == UNKNOWN) {
      double q = new org.apache.commons.math3.distribution.BetaDistribution(null,
          shapes[2 * bin], shapes[2 * bin + 1]).inverseCumulativeProbability(UPPER_QUANTILE);
      bits = Double.doubleToRawLongBits(q);
      upperRhoBits.set(bin, bits);
    }
    return Double.longBitsToDouble(bits);
  }

  /** The bin whose RTT is nearest (in ln) to an effective RTT. */
  static int bin(double effectiveRttMs) {
    double ln = Math.log(Math.max(effectiveRttMs, 0.05));
    int b = (int) Math.round((ln - LN_MIN) / LN_STEP);
    return Math.max(0, Math.min(BINS - 1, b));
  }

  /** ln L at scaled distance ρ ≥ 0 for a bin. */
  double logLik(int bin, double rho) {
    if (rho >= 1.0) {
      return floor[bin];
    }
    double x = rho * STEPS;
    int i = (int) x;
    double f = x - i;
    int k = bin * (STEPS + 1) + i;
    return table[k] + f * (table[k + 1] - table[k]);
  }
}
