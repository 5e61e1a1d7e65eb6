package io.geofusion.fusion.eval;

import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.Geodesy;

/**
 * One evaluated target.
 *
 * @param target name
 * @param result the engine's result
 * @param errorKm WGS84 distance from estimate to truth, km, or NaN without truth
 * @param cbgErrorKm CBG baseline error, km, or NaN
 * @param shortestPingErrorKm shortest-ping baseline error, km, or NaN
 * @param inside50 whether the truth lies in the 50 % circle
 * @param inside90 whether the truth lies in the 90 % circle
 * @param geoIpOffsetKm distance from the GeoIP centre to the truth, km, or NaN
 * @param feasibleRadiusKm smallest hard RTT bound of the target's vantages, km
 * @param cbgBestlineErrorKm error of CBG with the vantages' bestlines (where calibrated), km, or
 *     NaN when no vantage is calibrated or without truth
 */
public record TargetScore(String target, FusionResult result, double errorKm, double cbgErrorKm,
    double shortestPingErrorKm, boolean inside50, boolean inside90, double geoIpOffsetKm,
    double feasibleRadiusKm, double cbgBestlineErrorKm) {

  /** A score without the bestline CBG baseline. */
  public TargetScore(String target, FusionResult result, double errorKm, double cbgErrorKm,
      double shortestPingErrorKm, boolean inside50, boolean inside90, double geoIpOffsetKm,
      double feasibleRadiusKm) {
    this(target, result, errorKm, cbgErrorKm, shortestPingErrorKm, inside50, inside90,
        geoIpOffsetKm, feasibleRadiusKm, Double.NaN);
  }

  /**
   * The 50 % circle's radius, km; {@link Geodesy#MAX_DISTANCE_KM} (anywhere on Earth) for an
   * abstention, as its JSON documents say.
   */
  public double radius50Km() {
    return result instanceof FusionResult.Located l ? l.circle50().radiusKm()
        : Geodesy.MAX_DISTANCE_KM;
  }

  /**
   * The 90 % circle's radius, km; {@link Geodesy#MAX_DISTANCE_KM} (anywhere on Earth) for an
   * abstention, as its JSON documents say.
   */
  public double radius90Km() {
    return result instanceof FusionResult.Located l ? l.circle90().radiusKm()
        : Geodesy.MAX_DISTANCE_KM;
  }
}
