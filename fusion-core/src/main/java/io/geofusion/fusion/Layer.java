package io.geofusion.fusion;

/**
 * A non-RTT evidence layer on the grid (GeoIP, RF). Implementations are immutable per call.
 * Log-likelihoods are area densities (per km²) up to a constant.
 */
abstract class Layer {

  /** Name in the {@code evidence} object, e.g. {@code geoip}. */
  abstract String name();

  /** ln L at a point given as a unit vector and its lat/lon in degrees. */
  abstract double logLik(double x, double y, double z);

  /**
   * ln L representing a grid cell of side {@code sizeDeg} centred on the point: the centre value
   * unless the layer varies on scales below the cell (then its mean over the cell).
   */
  double cellLogLik(double x, double y, double z, double latDeg, double lonDeg,
      double sizeDeg) {
    return logLik(x, y, z);
  }

  /**
   * {@link #upperBound} for a grid cell whose centre is also given in degrees (layers tabulated
   * on latitude/longitude use it to skip the inverse trigonometry).
   */
  double cellUpperBound(double x, double y, double z, double latDeg, double lonDeg,
      double hKm) {
    return upperBound(x, y, z, hKm);
  }

  /** An upper bound of ln L over a cell of radius {@code hKm} around the point. */
  abstract double upperBound(double x, double y, double z, double hKm);

  /**
   * Probability that the layer's informative component (not its outlier floor) explains the
   * target at this point, in [0, 1].
   */
  abstract double responsibility(double x, double y, double z);
}
