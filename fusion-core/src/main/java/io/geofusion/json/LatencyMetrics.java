package io.geofusion.json;

import io.geofusion.formats.RttSummary;
import io.geofusion.rtt.RttEnvelope;

/**
 * The {@code metrics} object of a latency analysis: {@code min_rtt}, {@code median_rtt} and
 * {@code jitter} as docs/architecture.md §6 names them (all in milliseconds: those three names are
 * fixed by the event contract), plus richer statistics with the same unit. A value that is unknown
 * — nothing was received, or the source kept only a summary, so no median exists — is {@code null}.
 * The factories round milliseconds to 3 decimals (1 µs) and the loss ratio to 6.
 *
 * @param minRtt smallest RTT, ms
 * @param medianRtt median RTT (type-7 quantile), ms
 * @param jitter mean absolute difference of consecutive received RTTs in send order, ms
 * @param p25Rtt 25th percentile, ms
 * @param p75Rtt 75th percentile, ms
 * @param p90Rtt 90th percentile, ms
 * @param maxRtt largest RTT, ms
 * @param meanRtt mean RTT, ms
 * @param stddevRtt population standard deviation, ms
 * @param sent probes sent
 * @param received replies received (duplicates excluded)
 * @param lossRatio {@code 1 − received/sent} in [0, 1]
 */
public record LatencyMetrics(
    Double minRtt,
    Double medianRtt,
    Double jitter,
    Double p25Rtt,
    Double p75Rtt,
    Double p90Rtt,
    Double maxRtt,
    Double meanRtt,
    Double stddevRtt,
    int sent,
    int received,
    double lossRatio) {

  public LatencyMetrics {
    minRtt = Checks.nonNegative("min_rtt", minRtt);
    medianRtt = Checks.nonNegative("median_rtt", medianRtt);
    jitter = Checks.nonNegative("jitter", jitter);
    p25Rtt = Checks.nonNegative("p25_rtt", p25Rtt);
    p75Rtt = Checks.nonNegative("p75_rtt", p75Rtt);
    p90Rtt = Checks.nonNegative("p90_rtt", p90Rtt);
    maxRtt = Checks.nonNegative("max_rtt", maxRtt);
    meanRtt = Checks.nonNegative("mean_rtt", meanRtt);
    stddevRtt = Checks.nonNegative("stddev_rtt", stddevRtt);
    if (sent < 0 || received < 0 || received > sent) {
      throw new IllegalArgumentException(
          "need 0 <= received <= sent, got sent=" + sent + " received=" + received);
    }
    if (!(lossRatio >= 0 && lossRatio <= 1)) {
      throw new IllegalArgumentException("loss_ratio must be in [0, 1], got " + lossRatio);
    }
    if (minRtt != null && maxRtt != null && minRtt > maxRtt) {
      throw new IllegalArgumentException("min_rtt " + minRtt + " exceeds max_rtt " + maxRtt);
    }
  }

  /** Metrics of an envelope built from samples. */
  public static LatencyMetrics of(RttEnvelope e) {
    return new LatencyMetrics(Checks.ms(e.minMs()), Checks.ms(e.medianMs()),
        Checks.ms(e.jitterMs()), Checks.ms(e.p25Ms()), Checks.ms(e.p75Ms()),
        Checks.ms(e.p90Ms()), Checks.ms(e.maxMs()), Checks.ms(e.meanMs()),
        Checks.ms(e.stddevMs()), e.sent(), e.received(), Checks.round6(e.lossRatio()));
  }

  /**
   * Metrics of a summary without samples (mtr, oldest RIPE Atlas firmware): quantiles and jitter
   * cannot be recovered and are null; min, mean, max and stddev are as the tool reported them.
   */
  public static LatencyMetrics of(RttSummary s) {
    return new LatencyMetrics(Checks.ms(s.minMs()), null, null, null, null, null,
        Checks.ms(s.maxMs()), Checks.ms(s.meanMs()), Checks.ms(s.stddevMs()),
        s.sent(), s.received(), Checks.round6(s.lossRatio()));
  }
}
