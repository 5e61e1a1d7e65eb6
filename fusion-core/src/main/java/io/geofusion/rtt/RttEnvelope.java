package io.geofusion.rtt;

import java.util.Arrays;

/**
 * The statistical envelope of a series of round-trip times: counts, quantiles, spread and jitter.
 *
 * <p>Quantiles use linear interpolation between closest ranks (Hyndman &amp; Fan type 7, the
 * default of R and NumPy): for sorted received samples {@code x[0..n-1]} and probability
 * {@code p}, {@code h = (n−1)·p}, {@code q = x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])}.
 * {@code stddevMs} is the population standard deviation, like {@code ping}'s {@code mdev};
 * {@link #mtrStdevMs()} gives mtr's StDev, which divides by {@code n−1}.
 *
 * <p>Jitter: {@code jitterMs} is the mean absolute difference of consecutive <em>received</em>
 * samples in send order, {@code Σ|Δ|/(n−1)} (the RFC 3550 §6.4.1 difference without its 1/16
 * smoothing). The mtr figures follow mtr's {@code net_process_ping} exactly (in double instead of
 * mtr's integer microseconds), where the first reply counts as a jitter of 0: {@code javgMs}
 * (mtr "Javg") {@code = Σ|Δ|/n}; {@code jmaxMs} (mtr "Jmax") {@code = max|Δ|}; {@code jintMs}
 * (mtr "Jint") is the RFC 1889 §A.8 accumulator {@code S += |Δ| − S/16}, i.e. 16 times the
 * interarrival jitter estimate {@code J += (|Δ| − J)/16} ({@link #interarrivalJitterMs()}), because
 * mtr prints the accumulator without the final {@code >> 4}. Example, samples 10, 12, lost, 11,
 * 15 ms: jitter 2.333, Javg 1.75, Jmax 4, Jint 6.695, J 0.418.
 *
 * <p>When nothing was received every RTT field is NaN and {@code lossRatio} is 1. A record is
 * immutable and safe to share.
 *
 * @param sent probes sent
 * @param received replies received (≤ sent)
 * @param lossRatio {@code 1 − received/sent}, in [0, 1]
 */
public record RttEnvelope(
    int sent,
    int received,
    double lossRatio,
    double minMs,
    double p25Ms,
    double medianMs,
    double p75Ms,
    double p90Ms,
    double maxMs,
    double meanMs,
    double stddevMs,
    double jitterMs,
    double javgMs,
    double jmaxMs,
    double jintMs) {

  public RttEnvelope {
    if (sent < 0 || received < 0 || received > sent) {
      throw new IllegalArgumentException(
          "need 0 <= received <= sent, got sent=" + sent + " received=" + received);
    }
    if (received > 0 && !(minMs <= p25Ms && p25Ms <= medianMs && medianMs <= p75Ms
        && p75Ms <= p90Ms && p90Ms <= maxMs)) {
      throw new IllegalArgumentException("quantiles must be ordered min <= p25 <= median <= p75"
          + " <= p90 <= max, got " + minMs + ", " + p25Ms + ", " + medianMs + ", " + p75Ms + ", "
          + p90Ms + ", " + maxMs);
    }
  }

  /**
   * The largest RTT any reader accepts, in ms: one hour. No probing tool waits that long for a
   * reply, and a finite but huge value (1e308) would overflow the variance to infinity; readers
   * skip and count a record that claims more.
   */
  public static final double MAX_RTT_MS = 3_600_000.0;

  /** Whether {@code v} is an RTT a reader accepts: 0 ≤ v ≤ {@link #MAX_RTT_MS} (not NaN). */
  public static boolean plausible(double v) {
    return v >= 0.0 && v <= MAX_RTT_MS;
  }

  /**
   * Builds the envelope of RTTs given in send order; a lost probe is {@code NaN}.
   *
   * @param rttMsInSendOrder one entry per probe sent; finite values must be ≥ 0
   * @throws IllegalArgumentException for a negative or infinite RTT
   */
  public static RttEnvelope of(double... rttMsInSendOrder) {
    int sent = rttMsInSendOrder.length;
    double[] got = new double[sent];
    int n = 0;
    double sum = 0;
    double javgSum = 0;
    double jmax = 0;
    double jint = 0;
    double prev = Double.NaN;
    for (double v : rttMsInSendOrder) {
      if (Double.isNaN(v)) {
        continue;
      }
      // Finite only: passive RTTs from a capture may legitimately exceed MAX_RTT_MS, which
      // bounds what measurement readers accept.
      if (!(v >= 0.0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("an RTT must be finite and >= 0 ms, got " + v);
      }
      if (n > 0) {
        double d = Math.abs(v - prev);
        javgSum += d;
        jmax = Math.max(jmax, d);
        jint += d - jint / 16.0; // mtr's jinta: 16·J, RFC 1889 §A.8

      }
      got[n++] = v;
      sum += v;
      prev = v;
    }
    if (n == 0) {
      double nan = Double.NaN;
      return new RttEnvelope(sent, 0, sent == 0 ? 0.0 : 1.0, nan, nan, nan, nan, nan, nan, nan,
          nan, nan, nan, nan, nan);
    }
    double mean = sum / n;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double d = got[i] - mean;
      sq += d * d;
    }
    double jitter = n > 1 ? javgSum / (n - 1) : 0.0;
    double[] sorted = Arrays.copyOf(got, n);
    Arrays.sort(sorted);
    return new RttEnvelope(
        sent,
        n,
        sent == 0 ? 0.0 : 1.0 - (double) n / sent,
        sorted[0],
        quantile(sorted, 0.25),
        quantile(sorted, 0.50),
        quantile(sorted, 0.75),
        quantile(sorted, 0.90),
        sorted[n - 1],
        mean,
        Math.sqrt(sq / n),
        jitter,
        javgSum / n,
        jmax,
        n > 1 ? jint : 0.0);
  }

  /**
   * Type-7 quantile of already sorted values.
   *
   * @param sorted ascending, at least one value
   * @param p probability in [0, 1]
   */
  public static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("quantile of no values");
    }
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("quantile probability must be in [0, 1], got " + p);
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double q = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    // Guard against rounding pushing q outside [sorted[lo], sorted[hi]].
    return Math.min(Math.max(q, sorted[lo]), sorted[hi]);
  }

  /**
   * mtr's StDev: the sample standard deviation {@code sqrt(Σ(x−mean)²/(n−1))}, 0 for one reply,
   * NaN for none.
   */
  public double mtrStdevMs() {
    if (received < 2) {
      return received == 0 ? Double.NaN : 0.0;
    }
    return stddevMs * Math.sqrt((double) received / (received - 1));
  }

  /**
   * The RFC 1889 §A.8 / RFC 3550 §6.4.1 interarrival jitter estimate {@code J} over the received
   * samples in send order ({@code jintMs / 16}).
   */
  public double interarrivalJitterMs() {
    return jintMs / 16.0;
  }

  /** True when at least one reply was received. */
  public boolean hasReplies() {
    return received > 0;
  }
}
