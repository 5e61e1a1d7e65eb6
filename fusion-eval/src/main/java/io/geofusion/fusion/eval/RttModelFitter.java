package io.geofusion.fusion.eval;

import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.rtt.DistanceModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the knots of an {@link RttLikelihoodModel} from ground truth: every (vantage, target) pair
 * gives a scaled distance {@code ρ = √(d² + δ²)/(D + δ)}; pairs are binned by effective RTT at the
 * given edges; per bin the knot is the geometric-mean RTT, the mean and standard deviation of the
 * ρ ≤ 1 values (method of moments for the Beta) and the outlier rate
 * {@code (#{ρ > 1} + 1)/(n + 2)} (Laplace's rule, so no bin claims zero outliers). Bins with fewer
 * than 10 pairs are skipped. The inflation weight η is not fitted here (it is 0 in the result;
 * set it with {@link RttLikelihoodModel#withInflationWeight}): it is tuned on the training split's
 * scores, see docs/fusion.md.
 */
public final class RttModelFitter {

  /** Default bin edges, ms. */
  public static final double[] DEFAULT_EDGES = {0, 3, 6, 12, 25, 50, 100, 200, 1000};

  private RttModelFitter() {}

  /**
   * Fits a model.
   *
   * @throws IllegalArgumentException if no bin has enough pairs
   */
  public static RttLikelihoodModel fit(List<GroundTruthTarget> targets, DistanceModel speed,
      double slackKm, double[] edges) {
    return fit(targets, speed, slackKm, edges, false);
  }

  /**
   * Fits the model of bestline-calibrated vantages (docs/fusion.md, "RTT, calibrated vantage"):
   * only vantages carrying a bestline count; their bound is the one the engine uses,
   * {@code D = min((r − b)/m, (r − local)·k)}, and pairs are binned by its equivalent RTT
   * {@code r' = D/k}, the key of the calibrated model's knots.
   *
   * @throws IllegalArgumentException if no bin has enough pairs
   */
  public static RttLikelihoodModel fitCalibrated(List<GroundTruthTarget> targets,
      DistanceModel speed, double slackKm, double[] edges) {
    return fit(targets, speed, slackKm, edges, true);
  }

  private static RttLikelihoodModel fit(List<GroundTruthTarget> targets, DistanceModel speed,
      double slackKm, double[] edges, boolean calibrated) {
    int bins = edges.length - 1;
    List<List<double[]>> pairs = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      pairs.add(new ArrayList<>());
    }
    for (GroundTruthTarget t : targets) {
      if (t.truth() == null) {
        continue;
      }
      for (VantageObservation v : t.vantages()) {
        if (calibrated && v.bestline() == null) {
          continue;
        }
        double r = Math.max(0.0, v.minRttMs() - v.localDelayMs());
        double bound = speed.maxDistanceKm(r, 0.0);
        if (calibrated) {
          bound = RttLikelihoodModel.calibratedBoundKm(v.bestline(), v.minRttMs(), bound);
          r = bound / speed.kmPerRttMs(r);
        }
        for (int b = 0; b < bins; b++) {
          if (r >= edges[b] && r < edges[b + 1]) {
            double d = Geodesy.distanceKm(v.location(), t.truth());
            double rho = Math.hypot(d, slackKm) / Math.max(bound + slackKm, 1e-9);
            pairs.get(b).add(new double[] {r, rho});
            break;
          }
        }
      }
    }
    List<RttLikelihoodModel.Knot> knots = new ArrayList<>();
    for (List<double[]> bin : pairs) {
      if (bin.size() < 10) {
        continue;
      }
      double lnSum = 0.0;
      int out = 0;
      double s = 0.0;
      double s2 = 0.0;
      int in = 0;
      for (double[] p : bin) {
        lnSum += Math.log(Math.max(p[0], 0.01));
        if (p[1] > 1.0) {
          out++;
        } else {
          s += p[1];
          s2 += p[1] * p[1];
          in++;
        }
      }
      if (in < 5) {
        continue;
      }
      double mean = s / in;
      double sd = Math.sqrt(Math.max(1e-6, s2 / in - mean * mean));
      knots.add(new RttLikelihoodModel.Knot(Math.exp(lnSum / bin.size()), mean,
          Math.min(sd, 0.49), (out + 1.0) / (bin.size() + 2.0)));
    }
    if (knots.isEmpty()) {
      throw new IllegalArgumentException("not enough (vantage, target) pairs with truth to fit an"
          + " RTT model: need at least 10 in some RTT bin");
    }
    return new RttLikelihoodModel(speed, slackKm, 0.0, knots);
  }
}
