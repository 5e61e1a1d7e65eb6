package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * A radio observation of the target: the bearing a direction-finding sensor saw it at, and the
 * received signal strength, turned into distance by the log-distance path-loss model
 * {@code RSSI(d) = P_ref − 10·n·log10(d / d_ref) + X_σ} with log-normal shadowing {@code X_σ}
 * (Rappaport, <i>Wireless Communications</i>, 2nd ed., §4.9).
 *
 * @param sensor where the sensor is
 * @param bearingDeg bearing to the emitter, degrees clockwise from true north
 * @param beamwidthDeg full width of the bearing uncertainty, degrees in (0, 360]; the likelihood
 *     treats half of it as one standard deviation
 * @param rssiDbm received signal strength, dBm
 * @param referencePowerDbm received power at {@code referenceDistanceKm}, dBm
 * @param referenceDistanceKm reference distance, km, &gt; 0
 * @param pathLossExponent n, in [1, 6] (2 free space, 2.7–3.5 urban, 4–6 indoors)
 * @param shadowingSigmaDb standard deviation of shadowing, dB, &gt; 0 (4–12 dB typical)
 */
public record RfBearing(LatLon sensor, double bearingDeg, double beamwidthDeg, double rssiDbm,
    double referencePowerDbm, double referenceDistanceKm, double pathLossExponent,
    double shadowingSigmaDb) {

  public RfBearing {
    Objects.requireNonNull(sensor, "RF sensor position must not be null");
    if (!Double.isFinite(bearingDeg)) {
      throw new IllegalArgumentException("RF bearing must be finite, got " + bearingDeg);
    }
    if (!(beamwidthDeg > 0.0 && beamwidthDeg <= 360.0)) {
      throw new IllegalArgumentException("RF beamwidth must be in (0, 360] degrees, got "
          + beamwidthDeg);
    }
    if (!Double.isFinite(rssiDbm) || !Double.isFinite(referencePowerDbm)) {
      throw new IllegalArgumentException("RSSI and reference power must be finite dBm, got "
          + rssiDbm + " and " + referencePowerDbm);
    }
    if (!(referenceDistanceKm > 0.0) || Double.isInfinite(referenceDistanceKm)) {
      throw new IllegalArgumentException("RF reference distance must be finite and > 0 km, got "
          + referenceDistanceKm);
    }
    if (!(pathLossExponent >= 1.0 && pathLossExponent <= 6.0)) {
      throw new IllegalArgumentException("path-loss exponent must be in [1, 6], got "
          + pathLossExponent);
    }
    if (!(shadowingSigmaDb > 0.0) || Double.isInfinite(shadowingSigmaDb)) {
      throw new IllegalArgumentException("shadowing sigma must be finite and > 0 dB, got "
          + shadowingSigmaDb);
    }
  }

  /** Median distance implied by the RSSI: {@code d_ref·10^((P_ref − RSSI)/(10·n))}, km. */
  public double medianDistanceKm() {
    return referenceDistanceKm * Math.pow(10.0, (referencePowerDbm - rssiDbm)
        / (10.0 * pathLossExponent));
  }

  /** Standard deviation of ln(distance): {@code σ_dB·ln 10/(10·n)}. */
  public double lnDistanceSigma() {
    return shadowingSigmaDb * Math.log(10.0) / (10.0 * pathLossExponent);
  }
}
