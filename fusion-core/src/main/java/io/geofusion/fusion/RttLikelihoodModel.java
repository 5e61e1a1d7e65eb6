package io.geofusion.fusion;

import io.geofusion.rtt.DistanceModel;
import java.util.List;
import java.util.Objects;

/**
 * The calibrated distance likelihood of one RTT measurement (a Spotter-style model: Laki et al.,
 * "Spotter: A Model Based Active Geolocation Service", IEEE INFOCOM 2011, with a hard bound and an
 * outlier floor added).
 *
 * <p>For a vantage with minimum RTT {@code r} (after subtracting its local delay), the hard bound
 * is {@code D = distanceModel.maxDistanceKm(r, 0)} and the scaled distance of a point at geodesic
 * distance {@code d} is {@code ρ = d / (D + slackKm)}. The likelihood is the mixture
 * <pre>  L(d) = (1 − ε)·Beta(ρ; a, b)/(D + slackKm) + ε/(π·R)</pre>
 * where the Beta density (zero beyond ρ = 1, the hard bound) has mean {@code m} and standard
 * deviation {@code s} (method of moments: {@code a = m·c}, {@code b = (1 − m)·c},
 * {@code c = m(1 − m)/s² − 1}), and the outlier floor {@code ε/(πR)} is a uniform density over
 * all distances, so that one wrong vantage (mislocated, anycast, bad clock) can lower but never
 * empty the posterior. {@code m}, {@code s} and {@code ε} depend on {@code r}: they are given at
 * {@link Knot}s and interpolated linearly in {@code ln r} (clamped at the ends).
 *
 * <p>{@link #WONDERNETWORK_2020} holds constants fitted on half of the WonderNetwork servers;
 * docs/fusion.md lists them with the command that reproduces them.
 *
 * @param distanceModel speed model for the hard bound
 * @param slackKm added to the bound before scaling, km ≥ 0: ground-truth position error and
 *     metro-area spread, which dominate at sub-millisecond RTTs
 * @param knots at least one knot, in increasing RTT order
 */
public record RttLikelihoodModel(DistanceModel distanceModel, double slackKm, List<Knot> knots) {

  /**
   * Parameters of the scaled-distance distribution at one RTT.
   *
   * @param rttMs RTT at which they apply, ms &gt; 0
   * @param meanRatio mean of ρ, in (0, 1)
   * @param sdRatio standard deviation of ρ, &gt; 0 and small enough that both Beta shape
   *     parameters exceed 1 (unimodal): {@code s² < m(1 − m)·min(m, 1 − m)/(1 + min(m, 1 − m))}
   *     is enforced by clamping the shapes at 1.05
   * @param outlierRate ε, the share of measurements the calibrated part does not explain, in
   *     (0, 1)
   */
  public record Knot(double rttMs, double meanRatio, double sdRatio, double outlierRate) {
    public Knot {
      if (!(rttMs > 0.0) || Double.isInfinite(rttMs)) {
        throw new IllegalArgumentException("knot RTT must be finite and > 0 ms, got " + rttMs);
      }
      if (!(meanRatio > 0.0 && meanRatio < 1.0)) {
        throw new IllegalArgumentException("knot mean ratio must be in (0, 1), got " + meanRatio);
      }
      if (!(sdRatio > 0.0 && sdRatio < 0.5)) {
        throw new IllegalArgumentException("knot sd ratio must be in (0, 0.5), got " + sdRatio);
      }
      if (!(outlierRate > 0.0 && outlierRate < 1.0)) {
        throw new IllegalArgumentException("knot outlier rate must be in (0, 1), got "
            + outlierRate);
      }
    }
  }

  /**
   * Fitted on the even-numbered WonderNetwork servers as targets (2020-07-19 data, 2/3 c bound,
   * 25 km slack); see docs/fusion.md for the command and the held-out figures.
   */
  public static final RttLikelihoodModel WONDERNETWORK_2020 = new RttLikelihoodModel(
      DistanceModel.FIBER_TWO_THIRDS, 25.0, List.of(
          new Knot(1.51, 0.245, 0.108, 0.2069),
          new Knot(4.46, 0.367, 0.181, 0.1398),
          new Knot(9.23, 0.375, 0.170, 0.0383),
          new Knot(18.62, 0.374, 0.140, 0.0247),
          new Knot(36.24, 0.374, 0.130, 0.0017),
          new Knot(74.31, 0.473, 0.174, 0.0072),
          new Knot(143.43, 0.546, 0.118, 0.0010),
          new Knot(258.70, 0.453, 0.132, 0.0010)));

  public RttLikelihoodModel {
    Objects.requireNonNull(distanceModel, "distance model must not be null");
    if (!(slackKm >= 0.0) || Double.isInfinite(slackKm)) {
      throw new IllegalArgumentException("slack must be finite and >= 0 km, got " + slackKm);
    }
    knots = List.copyOf(knots);
    if (knots.isEmpty()) {
      throw new IllegalArgumentException("an RTT likelihood model needs at least one knot");
    }
    for (int i = 1; i < knots.size(); i++) {
      if (!(knots.get(i).rttMs() > knots.get(i - 1).rttMs())) {
        throw new IllegalArgumentException("knots must be in strictly increasing RTT order, got "
            + knots.get(i - 1).rttMs() + " then " + knots.get(i).rttMs() + " ms");
      }
    }
  }

  /** The hard bound D for an effective RTT (local delay already subtracted), km. */
  public double hardBoundKm(double effectiveRttMs) {
    return distanceModel.maxDistanceKm(Math.max(0.0, effectiveRttMs), 0.0);
  }

  /** Interpolated {mean ρ, sd ρ, ε} at an effective RTT. */
  double[] parametersAt(double effectiveRttMs) {
    double r = Math.max(effectiveRttMs, 1e-3);
    Knot first = knots.get(0);
    Knot last = knots.get(knots.size() - 1);
    if (r <= first.rttMs()) {
      return new double[] {first.meanRatio(), first.sdRatio(), first.outlierRate()};
    }
    if (r >= last.rttMs()) {
      return new double[] {last.meanRatio(), last.sdRatio(), last.outlierRate()};
    }
    int i = 1;
    while (knots.get(i).rttMs() < r) {
      i++;
    }
    Knot lo = knots.get(i - 1);
    Knot hi = knots.get(i);
    double t = Math.log(r / lo.rttMs()) / Math.log(hi.rttMs() / lo.rttMs());
    return new double[] {
      lo.meanRatio() + t * (hi.meanRatio() - lo.meanRatio()),
      lo.sdRatio() + t * (hi.sdRatio() - lo.sdRatio()),
      lo.outlierRate() + t * (hi.outlierRate() - lo.outlierRate())
    };
  }

  /**
   * The likelihood {@code L(d)} defined above, per km (for tests and documentation; the engine
   * uses a precomputed table of the same function).
   */
  public double likelihood(double effectiveRttMs, double distanceKm) {
    double[] p = parametersAt(effectiveRttMs);
    double s = hardBoundKm(effectiveRttMs) + slackKm;
    double[] ab = betaShapes(p[0], p[1]);
    double rho = distanceKm / Math.max(s, 1e-9);
    double beta = rho >= 1.0 ? 0.0 : Math.exp(logBetaPdf(rho, ab[0], ab[1]));
    return (1.0 - p[2]) * beta / Math.max(s, 1e-9) + p[2] / (Math.PI * SphereMath.R_KM);
  }

  static double[] betaShapes(double mean, double sd) {
    double c = mean * (1.0 - mean) / (sd * sd) - 1.0;
    double a = Math.max(1.05, mean * c);
    double b = Math.max(1.05, (1.0 - mean) * c);
    return new double[] {a, b};
  }

  static double logBetaPdf(double x, double a, double b) {
    if (x <= 0.0 || x >= 1.0) {
      return Double.NEGATIVE_INFINITY;
    }
    return (a - 1.0) * Math.log(x) + (b - 1.0) * Math.log1p(-x) - logBeta(a, b);
  }

  static double logBeta(double a, double b) {
    return org.apache.commons.math3.special.Gamma.logGamma(a)
        + org.apache.commons.math3.special.Gamma.logGamma(b)
        - org.apache.commons.math3.special.Gamma.logGamma(a + b);
  }
}
