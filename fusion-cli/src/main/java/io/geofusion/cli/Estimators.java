package io.geofusion.cli;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.DistanceModel;

/**
 * The distance estimator the options {@code --model}, {@code --local-delay} and {@code --stretch}
 * describe, with their one-line usage errors; shared by every command that turns RTTs into
 * distances.
 */
final class Estimators {

  private Estimators() {}

  /**
   * @param model a distance model preset name ({@link DistanceModel#byName})
   * @param localDelayMs the vantage's access delay, ms
   * @param stretch the route stretch, or null for the bundled ASN profiles' value for an unknown
   *     network
   * @throws GeoFusionCommand.UsageError when a value is bad
   */
  static DistanceEstimator of(String model, double localDelayMs, Double stretch) {
    DistanceModel m;
    try {
      m = DistanceModel.byName(model);
    } catch (IllegalArgumentException e) {
      throw new GeoFusionCommand.UsageError(e.getMessage());
    }
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new GeoFusionCommand.UsageError(
          "--local-delay must be a finite number of ms >= 0, got " + localDelayMs);
    }
    double s = stretch != null ? stretch
        : AsnProfiles.bundled().defaultStretch(AsnType.UNKNOWN);
    if (!(s >= 1.0) || Double.isInfinite(s)) {
      throw new GeoFusionCommand.UsageError("--stretch must be a finite number >= 1, got " + s);
    }
    return DistanceEstimator.builder().model(m).localDelayMs(localDelayMs).routeStretch(s)
        .build();
  }
}
