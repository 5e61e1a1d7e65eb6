package io.geofusion.formats;

import io.geofusion.rtt.RttEnvelope;

/**
 * Summary statistics of a series of round-trip times, as a tool reports them when the individual
 * samples are not available (mtr's {@code Best/Avg/Wrst/StDev/Last}, the {@code min/avg/max/mdev}
 * line of {@code ping}, the oldest RIPE Atlas ping firmware). No quantile other than min and max
 * can be recovered from such a summary, so none is invented.
 *
 * <p>Unknown values are NaN. When {@code received == 0} every RTT value is NaN.
 *
 * @param sent probes sent, ≥ 0
 * @param received replies received, 0 ≤ received ≤ sent (duplicates excluded)
 * @param lossRatio share of probes lost in [0, 1], as the tool reported it (mtr's Loss%/100)
 * @param minMs smallest RTT in ms (mtr Best)
 * @param meanMs mean RTT in ms (mtr Avg)
 * @param maxMs largest RTT in ms (mtr Wrst)
 * @param stddevMs standard deviation in ms (mtr StDev, ping mdev, FreeBSD stddev), or NaN
 * @param lastMs the last RTT in ms (mtr Last), or NaN
 */
public record RttSummary(
    int sent,
    int received,
    double lossRatio,
    double minMs,
    double meanMs,
    double maxMs,
    double stddevMs,
    double lastMs) {

  public RttSummary {
    if (sent < 0 || received < 0 || received > sent) {
      throw new IllegalArgumentException(
          "need 0 <= received <= sent, got sent=" + sent + " received=" + received);
    }
    if (!(lossRatio >= 0.0 && lossRatio <= 1.0)) {
      throw new IllegalArgumentException("loss ratio must be in [0, 1], got " + lossRatio);
    }
    checkRtt("min", minMs);
    checkRtt("mean", meanMs);
    checkRtt("max", maxMs);
    checkRtt("stddev", stddevMs);
    checkRtt("last", lastMs);
    // A summary printed with 3 decimals can have mean a hair outside [min, max]; allow 1 µs.
    double eps = 1e-3;
    if (!Double.isNaN(minMs) && !Double.isNaN(maxMs) && minMs > maxMs + eps) {
      throw new IllegalArgumentException("min RTT " + minMs + " ms exceeds max RTT " + maxMs + " ms");
    }
    if (!Double.isNaN(meanMs) && ((!Double.isNaN(minMs) && meanMs < minMs - eps)
        || (!Double.isNaN(maxMs) && meanMs > maxMs + eps))) {
      throw new IllegalArgumentException("mean RTT " + meanMs + " ms lies outside [min " + minMs
          + ", max " + maxMs + "] ms");
    }
  }

  private static void checkRtt(String name, double v) {
    if (!Double.isNaN(v) && !RttEnvelope.plausible(v)) {
      throw new IllegalArgumentException(name + " RTT must be in [0, "
          + RttEnvelope.MAX_RTT_MS + "] ms, got " + v);
    }
  }

  /** A summary of probes of which none was answered. */
  public static RttSummary allLost(int sent) {
    double nan = Double.NaN;
    return new RttSummary(sent, 0, sent == 0 ? 0.0 : 1.0, nan, nan, nan, nan, nan);
  }

  /** True when at least one reply was received. */
  public boolean hasReplies() {
    return received > 0;
  }
}
