package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * One Gaussian of the location mixture, in the azimuthal-equidistant plane tangent at its mean
 * (east and north axes, km).
 *
 * @param mean component mean
 * @param weight mixing weight, in [0, 1]
 * @param covEastEastKm2 variance along east, km²
 * @param covEastNorthKm2 east–north covariance, km²
 * @param covNorthNorthKm2 variance along north, km²
 */
public record MixtureComponent(LatLon mean, double weight, double covEastEastKm2,
    double covEastNorthKm2, double covNorthNorthKm2) {

  public MixtureComponent {
    Objects.requireNonNull(mean, "component mean must not be null");
    if (!(weight >= 0.0 && weight <= 1.0)) {
      throw new IllegalArgumentException("component weight must be in [0, 1], got " + weight);
    }
    if (!(covEastEastKm2 >= 0.0 && covNorthNorthKm2 >= 0.0) || Double.isInfinite(covEastEastKm2)
        || Double.isInfinite(covNorthNorthKm2) || !Double.isFinite(covEastNorthKm2)) {
      throw new IllegalArgumentException("component variances must be finite and >= 0 km², got "
          + covEastEastKm2 + ", " + covNorthNorthKm2 + " (covariance " + covEastNorthKm2 + ")");
    }
    if (covEastNorthKm2 * covEastNorthKm2 > covEastEastKm2 * covNorthNorthKm2 * (1.0 + 1e-9)
        + 1e-9) {
      throw new IllegalArgumentException("component covariance is not positive semi-definite: "
          + covEastEastKm2 + ", " + covEastNorthKm2 + ", " + covNorthNorthKm2);
    }
  }

  /** Standard deviation along the major axis, km. */
  public double sigmaMajorKm() {
    return Math.sqrt(eigen(true));
  }

  /** Standard deviation along the minor axis, km. */
  public double sigmaMinorKm() {
    return Math.sqrt(eigen(false));
  }

  /** Direction of the major axis, degrees clockwise from north in [0, 180). */
  public double majorAxisBearingDeg() {
    double theta = 0.5 * Math.atan2(2.0 * covEastNorthKm2, covNorthNorthKm2 - covEastEastKm2);
    double deg = Math.toDegrees(theta);
    return ((deg % 180.0) + 180.0) % 180.0;
  }

  private double eigen(boolean major) {
    double tr = covEastEastKm2 + covNorthNorthKm2;
    double det = covEastEastKm2 * covNorthNorthKm2 - covEastNorthKm2 * covEastNorthKm2;
    double disc = Math.sqrt(Math.max(0.0, tr * tr / 4.0 - det));
    return Math.max(0.0, major ? tr / 2.0 + disc : tr / 2.0 - disc);
  }
}
