package io.geofusion.json;

import io.geofusion.rtt.DistanceEstimate;

/**
 * The {@code distance} object: {@code {estimate_km, min_km, max_km, confidence}} with
 * {@code 0 ≤ min_km ≤ estimate_km ≤ max_km} and confidence in [0, 1] (the invariants of
 * {@link DistanceEstimate}, which this mirrors so the JSON contract does not move when that
 * record grows).
 */
public record DistanceJson(double estimateKm, double minKm, double maxKm, double confidence) {

  public DistanceJson {
    // Delegate the invariants to the domain record: one definition of a valid distance.
    new DistanceEstimate(estimateKm, minKm, maxKm, confidence);
  }

  /** The JSON form of a domain estimate, kilometres rounded to 1 m and confidence to 1e-6. */
  public static DistanceJson of(DistanceEstimate d) {
    return new DistanceJson(Checks.round3(d.estimateKm()), Checks.round3(d.minKm()),
        Checks.round3(d.maxKm()), Checks.round6(d.confidence()));
  }

  /** Back to the domain record. */
  public DistanceEstimate toEstimate() {
    return new DistanceEstimate(estimateKm, minKm, maxKm, confidence);
  }
}
