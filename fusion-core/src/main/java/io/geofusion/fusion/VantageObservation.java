package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import java.util.Objects;
import java.util.Optional;

/**
 * One vantage point whose own position is known, and the minimum round-trip time it measured to
 * the target.
 *
 * <p>The minimum (not the mean) is what carries distance: queuing only ever adds delay
 * (docs/architecture.md §5). {@code localDelayMs} is the vantage's own access delay (to its first
 * public hop), which is subtracted before any distance is derived; 0 when unknown.
 *
 * <p>Optionally the vantage carries its own CBG {@link Bestline} {@code rtt = m·d + b}, fitted
 * from landmarks it measured (Gueye et al., IEEE/ACM ToN 2006). The fusion engine then bounds the
 * target at {@code D = min(D_phys, max((rtt − b)/m, 0.7·D_phys))} instead of
 * {@code D_phys = (rtt − localDelay)·k}: the intercept {@code b} plays the access delay (so
 * {@code localDelayMs} is not subtracted from the bestline bound: the line was fitted on the same
 * raw RTTs) and {@code 1/m} the vantage's own speed; the physical bound stays a hard cap. Such
 * vantages get their own fitted distance likelihood (docs/fusion.md §2, "RTT, calibrated
 * vantage"). Calibration is opt-in (why, with figures: docs/evaluation.md, "Per-vantage bestline
 * calibration").
 *
 * @param id stable name of the vantage (shown in diagnostics and GeoJSON)
 * @param location where the vantage is
 * @param minRttMs minimum RTT to the target, ms, finite and ≥ 0
 * @param localDelayMs access delay to subtract, ms, finite and ≥ 0
 * @param bestline the vantage's calibration, or {@code null} when uncalibrated
 */
public record VantageObservation(String id, LatLon location, double minRttMs, double localDelayMs,
    Bestline bestline) {

  public VantageObservation {
    Objects.requireNonNull(id, "vantage id must not be null");
    Objects.requireNonNull(location, "vantage '" + id + "' needs a location");
    if (!(minRttMs >= 0.0) || Double.isInfinite(minRttMs)) {
      throw new IllegalArgumentException(
          "vantage '" + id + "': min RTT must be finite and >= 0 ms, got " + minRttMs);
    }
    if (!(localDelayMs >= 0.0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException(
          "vantage '" + id + "': local delay must be finite and >= 0 ms, got " + localDelayMs);
    }
  }

  /** An uncalibrated vantage (no bestline). */
  public VantageObservation(String id, LatLon location, double minRttMs, double localDelayMs) {
    this(id, location, minRttMs, localDelayMs, null);
  }

  /** A vantage without a known access delay. */
  public static VantageObservation of(String id, LatLon location, double minRttMs) {
    return new VantageObservation(id, location, minRttMs, 0.0);
  }

  /** The same observation calibrated by a bestline ({@code null} removes the calibration). */
  public VantageObservation withBestline(Bestline line) {
    return new VantageObservation(id, location, minRttMs, localDelayMs, line);
  }

  /** The vantage's bestline, if it is calibrated. */
  public Optional<Bestline> calibration() {
    return Optional.ofNullable(bestline);
  }
}
