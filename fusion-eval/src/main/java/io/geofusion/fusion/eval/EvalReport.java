package io.geofusion.fusion.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionAlert;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Summary of an evaluation run. Quantiles use linear interpolation between closest ranks (type 7,
 * as {@code RttEnvelope}).
 *
 * @param scores per-target scores
 */
public record EvalReport(List<TargetScore> scores) {

  public EvalReport {
    scores = List.copyOf(scores);
  }

  /** Targets with truth. */
  public int scored() {
    return (int) scores.stream().filter(s -> !Double.isNaN(s.errorKm())).count();
  }

  public double medianErrorKm() {
    return quantile(errors(0), 0.5);
  }

  public double p90ErrorKm() {
    return quantile(errors(0), 0.9);
  }

  public double cbgMedianErrorKm() {
    return quantile(errors(1), 0.5);
  }

  public double cbgP90ErrorKm() {
    return quantile(errors(1), 0.9);
  }

  /** Median error of CBG with bestlines, over targets with a calibrated vantage; NaN if none. */
  public double cbgBestlineMedianErrorKm() {
    return quantile(errors(3), 0.5);
  }

  public double cbgBestlineP90ErrorKm() {
    return quantile(errors(3), 0.9);
  }

  public double shortestPingMedianErrorKm() {
    return quantile(errors(2), 0.5);
  }

  public double shortestPingP90ErrorKm() {
    return quantile(errors(2), 0.9);
  }

  /**
   * How GeoFusion's error compares with CBG's on the same targets: the ratio of the two error
   * quantiles ({@code q} = 0.5 for the median, 0.9 for p90) with a 95 % paired percentile
   * bootstrap interval (Efron and Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13).
   * Each of the {@value #BOOTSTRAP_REPLICATES} replicates draws the targets with replacement and
   * recomputes both quantiles on the same draw, so the interval reflects how much the ratio
   * depends on which targets happened to be in the set. The generator is seeded with a constant:
   * the same input always gives the same interval.
   *
   * @return {@code [ratio, lower, upper]}; NaNs when no target has both errors or CBG's quantile
   *     is 0
   */
  public double[] cbgRatio(double q) {
    double[] ours = new double[scores.size()];
    double[] cbg = new double[scores.size()];
    int n = 0;
    for (TargetScore s : scores) {
      if (!Double.isNaN(s.errorKm()) && !Double.isNaN(s.cbgErrorKm())) {
        ours[n] = s.errorKm();
        cbg[n] = s.cbgErrorKm();
        n++;
      }
    }
    double[] none = {Double.NaN, Double.NaN, Double.NaN};
    if (n == 0) {
      return none;
    }
    ours = Arrays.copyOf(ours, n);
    cbg = Arrays.copyOf(cbg, n);
    double base = quantile(cbg, q);
    if (!(base > 0.0)) {
      return none;
    }
    double ratio = quantile(ours, q) / base;
    SplittableRandom rng = new SplittableRandom(BOOTSTRAP_SEED);
    double[] reps = new double[BOOTSTRAP_REPLICATES];
    double[] a = new double[n];
    double[] b = new double[n];
    int kept = 0;
    for (int r = 0; r < BOOTSTRAP_REPLICATES; r++) {
      for (int i = 0; i < n; i++) {
        int j = rng.nextInt(n);
        a[i] = ours[j];
        b[i] = cbg[j];
      }
      double den = quantile(b, q);
      if (den > 0.0) {
        reps[kept++] = quantile(a, q) / den;
      }
    }
    if (kept == 0) {
      return new double[] {ratio, Double.NaN, Double.NaN};
    }
    double[] k = Arrays.copyOf(reps, kept);
    return new double[] {ratio, quantile(k, 0.025), quantile(k, 0.975)};
  }

  /** Bootstrap replicates behind {@link #cbgRatio}. */
  public static final int BOOTSTRAP_REPLICATES = 2000;

  private static final long BOOTSTRAP_SEED = 0x6765_6f66_7573L;

  /** Share of scored targets whose truth lies in the 50 % circle. */
  public double coverage50() {
    int n = scored();
    return n == 0 ? Double.NaN
        : scores.stream().filter(s -> !Double.isNaN(s.errorKm()) && s.inside50()).count()
            / (double) n;
  }

  /** Share of scored targets whose truth lies in the 90 % circle. */
  public double coverage90() {
    int n = scored();
    return n == 0 ? Double.NaN
        : scores.stream().filter(s -> !Double.isNaN(s.errorKm()) && s.inside90()).count()
            / (double) n;
  }

  /** Median radius of the 90 % circle over all targets, km. */
  public double medianRadius90Km() {
    double[] r = scores.stream().mapToDouble(TargetScore::radius90Km).toArray();
    return quantile(r, 0.5);
  }

  /** Median radius of the 50 % circle over all targets, km. */
  public double medianRadius50Km() {
    double[] r = scores.stream().mapToDouble(TargetScore::radius50Km).toArray();
    return quantile(r, 0.5);
  }

  /** How many targets raised an alert of this type. */
  public int flagged(FusionAlert.Type type) {
    return (int) scores.stream().filter(s -> s.result().hasAlert(type)).count();
  }

  private double[] errors(int which) {
    return scores.stream().mapToDouble(s -> which == 0 ? s.errorKm()
            : which == 1 ? s.cbgErrorKm() : which == 2 ? s.shortestPingErrorKm()
            : s.cbgBestlineErrorKm())
        .filter(d -> !Double.isNaN(d)).toArray();
  }

  static double quantile(double[] xs, double q) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }

  /** The {@code --json} document of {@code geofusion eval}. */
  public ObjectNode toJson(ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("targets", scores.size());
    o.put("scored", scored());
    putNum(o, "median_error_km", medianErrorKm());
    putNum(o, "p90_error_km", p90ErrorKm());
    putNum(o, "coverage_50", coverage50());
    putNum(o, "coverage_90", coverage90());
    putNum(o, "median_radius_50_km", medianRadius50Km());
    putNum(o, "median_radius_90_km", medianRadius90Km());
    ObjectNode b = o.putObject("baselines");
    ObjectNode cbg = b.putObject("cbg");
    putNum(cbg, "median_error_km", cbgMedianErrorKm());
    putNum(cbg, "p90_error_km", cbgP90ErrorKm());
    if (Double.isFinite(cbgBestlineMedianErrorKm())) {
      ObjectNode cb = b.putObject("cbg_bestline");
      putNum(cb, "median_error_km", cbgBestlineMedianErrorKm());
      putNum(cb, "p90_error_km", cbgBestlineP90ErrorKm());
    }
    double[] med = cbgRatio(0.5);
    double[] p90 = cbgRatio(0.9);
    if (Double.isFinite(med[0]) || Double.isFinite(p90[0])) {
      ObjectNode v = o.putObject("vs_cbg");
      putRatio(v, "median", med);
      putRatio(v, "p90", p90);
      v.put("bootstrap_replicates", BOOTSTRAP_REPLICATES);
    }
    ObjectNode sp = b.putObject("shortest_ping");
    putNum(sp, "median_error_km", shortestPingMedianErrorKm());
    putNum(sp, "p90_error_km", shortestPingP90ErrorKm());
    ObjectNode a = o.putObject("alerts");
    for (FusionAlert.Type type : FusionAlert.Type.values()) {
      a.put(type.jsonName(), flagged(type));
    }
    // GeoIP consistency: targets whose GeoIP is far (> 2x the feasible radius) from the truth,
    // and targets whose GeoIP is right (within its accuracy radius of the truth).
    int far = 0;
    int farFlagged = 0;
    int right = 0;
    int rightFlagged = 0;
    for (TargetScore s : scores) {
      if (Double.isNaN(s.geoIpOffsetKm())) {
        continue;
      }
      boolean flagged = s.result().hasAlert(FusionAlert.Type.LOCATION_INCONSISTENCY);
      if (s.geoIpOffsetKm() > 2.0 * s.feasibleRadiusKm()) {
        far++;
        farFlagged += flagged ? 1 : 0;
      }
      if (s.geoIpOffsetKm() <= 1.0) {
        right++;
        rightFlagged += flagged ? 1 : 0;
      }
    }
    if (far + right > 0) {
      ObjectNode g = o.putObject("geoip_consistency");
      g.put("far_geoip_targets", far);
      g.put("far_geoip_flagged", farFlagged);
      putNum(g, "far_geoip_flag_rate", far == 0 ? Double.NaN : farFlagged / (double) far);
      g.put("true_geoip_targets", right);
      g.put("true_geoip_flagged", rightFlagged);
      putNum(g, "true_geoip_false_flag_rate",
          right == 0 ? Double.NaN : rightFlagged / (double) right);
    }
    return o;
  }

  private static void putRatio(ObjectNode o, String name, double[] r) {
    putNum(o, name + "_ratio", r[0]);
    if (Double.isFinite(r[1]) && Double.isFinite(r[2])) {
      o.putArray(name + "_ratio_ci95").add(Math.round(r[1] * 1000.0) / 1000.0)
          .add(Math.round(r[2] * 1000.0) / 1000.0);
    } else {
      o.putNull(name + "_ratio_ci95");
    }
  }

  static void putNum(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, Math.round(v * 1000.0) / 1000.0);
    } else {
      o.putNull(field);
    }
  }
}
