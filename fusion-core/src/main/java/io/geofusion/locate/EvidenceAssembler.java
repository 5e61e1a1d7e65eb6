package io.geofusion.locate;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;

/**
 * Turns measurements into per-target fusion evidence. Every front end (recorded files, live
 * probes, packet captures) builds its {@link VantageObservation}s here, so the rules are applied
 * once: one observation per vantage, and the vantage's access delay clamped to the RTT it
 * measured.
 */
public final class EvidenceAssembler {

  private EvidenceAssembler() {}

  /**
   * One vantage's observation of a target, with the access delay clamped to the RTT: a vantage
   * cannot have spent longer in its own access network than the whole round trip took, so
   * {@code localDelayMs} is cut to {@code minRttMs} (the distance bound is then 0, never
   * negative).
   *
   * @param vantageId the vantage's stable id
   * @param at where the vantage is
   * @param minRttMs minimum RTT to the target, ms, finite and ≥ 0
   * @param localDelayMs the vantage's access delay, ms, finite and ≥ 0
   * @throws IllegalArgumentException when an RTT or delay is negative, NaN or infinite
   */
  public static VantageObservation observation(String vantageId, LatLon at, double minRttMs,
      double localDelayMs) {
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException("local delay must be finite and >= 0 ms, got "
          + localDelayMs);
    }
    return new VantageObservation(vantageId, at, minRttMs, Math.min(localDelayMs, minRttMs));
  }
}
