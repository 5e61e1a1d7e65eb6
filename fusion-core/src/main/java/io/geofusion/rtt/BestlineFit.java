package io.geofusion.rtt;

import java.util.List;

/**
 * The outcome of {@link BestlineFitter#fit}: the line and what it was fitted on.
 *
 * @param line the fitted bestline
 * @param landmarksUsed landmarks the line lies on or below
 * @param excluded landmarks left out because they are faster than the speed bound (wrong
 *     position or RTT); empty under the rejecting policy
 * @param totalGapMs {@code Σ (rtt_i − (m·d_i + b))} over the used landmarks, ≥ 0
 */
public record BestlineFit(Bestline line, int landmarksUsed, List<Landmark> excluded,
    double totalGapMs) {

  public BestlineFit {
    if (line == null) {
      throw new IllegalArgumentException("line must not be null");
    }
    if (landmarksUsed < 2) {
      throw new IllegalArgumentException("a fit uses at least 2 landmarks, got " + landmarksUsed);
    }
    excluded = List.copyOf(excluded);
    if (!(totalGapMs >= 0.0)) {
      throw new IllegalArgumentException("total gap must be >= 0 ms, got " + totalGapMs);
    }
  }
}
