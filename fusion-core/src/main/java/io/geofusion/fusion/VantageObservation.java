package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * One vantage point whose own position is known, and the minimum round-trip time it measured to
 * the target.
 *
 * <p>The minimum (not the mean) is what carries distance: queuing only ever adds delay (DESIGN
 * §4). {@code localDelayMs} is the vantage's own access delay (to its first public hop), which
 * is subtracted before any distance is derived; 0 when unknown.
 *
 * @param id stable name of the vantage (shown in diagnostics and GeoJSON)
 * @param location where the vantage is
 * @param minRttMs minimum RTT to the target, ms, finite and ≥ 0
 * @param localDelayMs access delay to subtract, ms, finite and ≥ 0
 */
public record VantageObservation(String id, LatLon location, double minRttMs, double localDelayMs) {

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

  /** A vantage without a known access delay. */
  public static VantageObservation of(String id, LatLon location, double minRttMs) {
    return new VantageObservation(id, location, minRttMs, 0.0);
  }
}
