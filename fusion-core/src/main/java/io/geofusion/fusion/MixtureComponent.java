package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * One Gaussian of the location mixture, in the azimuthal-equidistant plane tangent at its mean
 * (east and north axes, km).
 *
 * <p>The engine always gives the covariance. A component read from a document that records only
 * its centre and weight (a minimal {@code centroids[]} entry of a host-location document,
 * docs/schemas/host-location.schema.json, or a graph snapshot written before covariances were
 * stored) has an unknown spread: its three covariance terms are NaN, {@link #hasCovariance()} is
 * false and the sigma accessors return NaN. Such a component is made with {@link #centroid}.
 *
 * @param mean component mean
 * @param weight mixing weight, in [0, 1]
 * @param covEastEastKm2 variance along east, km², or NaN when the spread is unknown
 * @param covEastNorthKm2 east–north covariance, km², or NaN when the spread is unknown
 * @param covNorthNorthKm2 variance along north, km², or NaN when the spread is unknown
 */
public record MixtureComponent(LatLon mean, double weight, double covEastEastKm2,
    double covEastNorthKm2, double covNorthNorthKm2) {

  public MixtureComponent {
    Objects.requireNonNull(mean, "component mean must not be null");
    if (!(weight >= 0.0 && weight <= 1.0)) {
      throw new IllegalArgumentException("component weight must be in [0, 1], got " + weight);
    }
    boolean unknown = Double.isNaN(covEastEastKm2) && Double.isNaN(covEastNorthKm2)
        && Double.isNaN(covNorthNorthKm2); // spread not recorded (see the class comment)
    if (!unknown) {
      checkCovariance(covEastEastKm2, covEastNorthKm2, covNorthNorthKm2);
    }
  }

  private static void checkCovariance(double ee, double en, double nn) {
    if (!(ee >= 0.0 && nn >= 0.0) || Double.isInfinite(ee) || Double.isInfinite(nn)
        || !Double.isFinite(en)) {
      throw new IllegalArgumentException("component variances must be finite and >= 0 km², got "
          + ee + ", " + nn + " (covariance " + en + ")");
    }
    if (en * en > ee * nn * (1.0 + 1e-9) + 1e-9) {
      throw new IllegalArgumentException("component covariance is not positive semi-definite: "
          + ee + ", " + en + ", " + nn);
    }
  }

  /**
   * A component whose spread is unknown: only its centre and weight were recorded.
   *
   * @param mean the component's centre
   * @param weight its mixing weight, in [0, 1]
   */
  public static MixtureComponent centroid(LatLon mean, double weight) {
    return new MixtureComponent(mean, weight, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Whether the covariance is known (false for a {@link #centroid}). */
  public boolean hasCovariance() {
    return !Double.isNaN(covEastEastKm2);
  }

  /** Standard deviation along the major axis, km (NaN when the spread is unknown). */
  public double sigmaMajorKm() {
    return Math.sqrt(eigen(true));
  }

  /** Standard deviation along the minor axis, km (NaN when the spread is unknown). */
  public double sigmaMinorKm() {
    return Math.sqrt(eigen(false));
  }

  /**
   * Direction of the major axis, degrees clockwise from north in [0, 180) (NaN when the spread is
   * unknown).
   */
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
