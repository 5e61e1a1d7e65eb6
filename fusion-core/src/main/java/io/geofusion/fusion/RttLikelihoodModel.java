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
 * distance {@code d} is {@code ρ = √(d² + δ²) / (D + δ)} with {@code δ = slackKm}: distances below
 * δ (ground-truth position error, metro-area spread) are indistinguishable, so a vantage a few km
 * from the target (sub-millisecond RTT) supports it instead of pushing it away. The likelihood is the mixture
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
 * @param inflationWeight η in [0, 1): share of the calibrated part that is uniform on
 *     {@code ρ ∈ [0, 1]} instead of Beta — paths with arbitrary added delay (detours, tunnels,
 *     filtering middleboxes) make a target look farther, never closer, so the likelihood keeps
 *     its hard upper bound but a heavy tail towards the vantage
 * @param knots at least one knot, in increasing RTT order
 */
public record RttLikelihoodModel(DistanceModel distanceModel, double slackKm,
    double inflationWeight, List<Knot> knots) {

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
   * Knots fitted on the even-numbered WonderNetwork servers as targets (2020-07-19 data, 2/3 c
   * bound, δ = 25 km) by {@code RttModelFitter}; η = 0.3 tuned on the same split. See
   * docs/fusion.md for the command and docs/evaluation.md for the held-out figures.
   */
  public static final RttLikelihoodModel WONDERNETWORK_2020 = new RttLikelihoodModel(
      DistanceModel.FIBER_TWO_THIRDS, 25.0, 0.3, List.of(
          new Knot(1.522, 0.3147, 0.0976, 0.2188),
          new Knot(4.448, 0.3749, 0.1784, 0.1474),
          new Knot(9.198, 0.3747, 0.1632, 0.0479),
          new Knot(18.58, 0.3765, 0.1407, 0.0246),
          new Knot(36.22, 0.3752, 0.1298, 0.0020),
          new Knot(74.32, 0.4757, 0.1744, 0.0077),
          new Knot(143.6, 0.5466, 0.1195, 0.00042),
          new Knot(257.5, 0.4554, 0.1315, 0.00013)));

  /**
   * Knots for vantages calibrated by a bestline ({@link #calibratedBoundKm}, φ = 0.7), keyed by
   * the equivalent RTT {@code r' = D/k} of the calibrated bound: fitted by {@code
   * RttModelFitter.fitCalibrated} on the even-numbered WonderNetwork servers as targets, each
   * vantage's bestline fitted leave-one-out from the other servers ({@code geofusion eval
   * --calibrate}); η = 0.5 and φ tuned on the same split. Not the engine's default evidence:
   * calibration is opt-in per vantage (docs/fusion.md, docs/evaluation.md for held-out figures).
   */
  public static final RttLikelihoodModel WONDERNETWORK_2020_BESTLINE = new RttLikelihoodModel(
      DistanceModel.FIBER_TWO_THIRDS, 25.0, 0.5, List.of(
          new Knot(1.761, 0.4315, 0.1638, 0.19048),
          new Knot(4.551, 0.4872, 0.2012, 0.13836),
          new Knot(9.101, 0.4809, 0.1764, 0.04362),
          new Knot(18.733, 0.4751, 0.1749, 0.02125),
          new Knot(35.783, 0.478, 0.1688, 0.0027),
          new Knot(74.792, 0.6537, 0.2039, 0.02096),
          new Knot(141.421, 0.6411, 0.1492, 0.00248),
          new Knot(239.945, 0.5111, 0.153, 0.00024)));

  public RttLikelihoodModel {
    Objects.requireNonNull(distanceModel, "distance model must not be null");
    if (!(slackKm >= 0.0) || Double.isInfinite(slackKm)) {
      throw new IllegalArgumentException("slack must be finite and >= 0 km, got " + slackKm);
    }
    if (!(inflationWeight >= 0.0 && inflationWeight < 1.0)) {
      throw new IllegalArgumentException("inflation weight must be in [0, 1), got "
          + inflationWeight);
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

  /** The same model with another inflation weight η. */
  public RttLikelihoodModel withInflationWeight(double eta) {
    return new RttLikelihoodModel(distanceModel, slackKm, eta, knots);
  }

  /**
   * The smallest effective RTT the engine resolves, ms: 0.01 (10 µs, 1 km of fibre at 2/3 c). The
   * clocks behind recorded RTTs resolve 1 µs at best (ping, scamper and RIPE Atlas print three
   * decimals; pcap timestamps are µs or ns) and the host's own stack adds µs of jitter, so a
   * minimum of 0.000 or 0.001 ms says "the target is here" and no more: the fusion engine reads
   * any smaller effective RTT as this one, which bounds the target within
   * {@code hardBoundKm(0.01) ≈ 1 km} plus the slack δ of the vantage. Without the floor a zero
   * RTT gave the vantage no support anywhere (a 12,346 km circle: docs/fusion.md §2).
   */
  public static final double MIN_RESOLVED_RTT_MS = 0.01;

  /** The hard bound D for an effective RTT (local delay already subtracted), km. */
  public double hardBoundKm(double effectiveRttMs) {
    return distanceModel.maxDistanceKm(Math.max(0.0, effectiveRttMs), 0.0);
  }

  /**
   * The effective RTT whose hard bound is {@code boundKm}: {@code D/k} for a constant-speed
   * model, the inverse of {@link #hardBoundKm} by bisection (to 1e-9 relative) otherwise. A
   * model fitted for bestline-calibrated vantages is keyed by this equivalent RTT of the bestline
   * bound, so its knots, normaliser {@code 1/(D + δ)} and table bins stay consistent.
   *
   * @throws IllegalArgumentException for a negative or non-finite bound
   */
  public double equivalentRttMs(double boundKm) {
    if (!(boundKm >= 0.0) || Double.isInfinite(boundKm)) {
      throw new IllegalArgumentException("bound must be finite and >= 0 km, got " + boundKm);
    }
    double k = distanceModel.kmPerRttMs(1.0);
    if (k == distanceModel.kmPerRttMs(10.0) && k == distanceModel.kmPerRttMs(100.0)
        && k == distanceModel.kmPerRttMs(1000.0)) {
      return boundKm / k;
    }
    double lo = 0.0;
    double hi = 1.0;
    while (hardBoundKm(hi) < boundKm && hi < 1e7) {
      hi *= 2.0;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (hardBoundKm(mid) < boundKm) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /**
   * Share φ of the physical bound below which a bestline bound is not trusted (see {@link
   * #calibratedBoundKm}): 0.7, chosen on the even WonderNetwork split (docs/fusion.md §2, the
   * table of φ and η).
   */
  public static final double BESTLINE_FLOOR_SHARE = 0.7;

  /**
   * The bound a vantage calibrated by {@code line} contributes:
   * {@code D = min(D_phys, max((rtt − b)/m, φ·D_phys))}. The cap keeps the physical bound hard
   * for any line; the floor φ·D_phys applies where the line, fitted mostly on distant landmarks,
   * says nothing: an RTT at or below the intercept would otherwise give {@code D = 0}, every
   * point would have ρ ≥ 1 and the nearest vantage would carry no information.
   *
   * @param rttMs the vantage's RTT minus any class extra delay (not minus local delay: the
   *     intercept holds it), ms ≥ 0
   * @param physicalBoundKm the physical bound {@code (rtt − local)·k}, km ≥ 0
   */
  public static double calibratedBoundKm(io.geofusion.rtt.Bestline line, double rttMs,
      double physicalBoundKm) {
    return calibratedBoundKm(line, rttMs, physicalBoundKm, BESTLINE_FLOOR_SHARE);
  }

  /**
   * {@link #calibratedBoundKm(io.geofusion.rtt.Bestline, double, double)} with another floor
   * share φ in [0, 1] (0: the bestline alone, as in CBG; 1: the physical bound, no calibration).
   */
  public static double calibratedBoundKm(io.geofusion.rtt.Bestline line, double rttMs,
      double physicalBoundKm, double floorShare) {
    double d = Math.max(line.maxDistanceKm(Math.max(0.0, rttMs)), floorShare * physicalBoundKm);
    return Math.min(physicalBoundKm, d);
  }

  /** The scaled distance ρ of a point {@code distanceKm} from the vantage. */
  public double scaledDistance(double effectiveRttMs, double distanceKm) {
    return Math.hypot(distanceKm, slackKm)
        / Math.max(hardBoundKm(effectiveRttMs) + slackKm, 1e-9);
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
    double rho = Math.hypot(distanceKm, slackKm) / Math.max(s, 1e-9);
    double beta = rho >= 1.0 ? 0.0 : (1.0 - inflationWeight)
        * Math.exp(logBetaPdf(rho, ab[0], ab[1])) + inflationWeight;
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
