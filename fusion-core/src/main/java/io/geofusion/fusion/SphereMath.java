package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;

/**
 * Spherical helpers for the posterior grid. Inside likelihoods the Earth is a sphere of mean radius
 * (IUGG R1 = 6371.0088 km): the spherical distance differs from the WGS84 geodesic by at most
 * 0.56 %, far below RTT noise. Reported distances (errors, circle radii checks) use WGS84.
 */
final class SphereMath {

  static final double R_KM = Geodesy.MEAN_EARTH_RADIUS_KM;
  static final double DEG = Math.PI / 180.0;

  private SphereMath() {}

  /**
   * acos with absolute error ≤ 6.7e-5 rad (0.43 km on the Earth): Abramowitz &amp; Stegun 4.4.45,
   * extended to negative arguments by {@code acos(−x) = π − acos(x)}. About 4× faster than
   * {@link Math#acos}; used in the grid's inner loop only.
   */
  static double fastAcos(double x) {
    boolean neg = x < 0.0;
    double a = neg ? -x : x;
    if (a >= 1.0) {
      return neg ? Math.PI : 0.0;
    }
    double r = Math.sqrt(1.0 - a)
        * (1.5707288 + a * (-0.2121144 + a * (0.0742610 + a * -0.0187293)));
    return neg ? Math.PI - r : r;
  }

  static double[] unit(LatLon p) {
    return unit(p.lat(), p.lon());
  }

  static double[] unit(double latDeg, double lonDeg) {
    double phi = latDeg * DEG;
    double lam = lonDeg * DEG;
    double c = Math.cos(phi);
    return new double[] {c * Math.cos(lam), c * Math.sin(lam), Math.sin(phi)};
  }

  static LatLon toLatLon(double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    if (!(n > 0.0)) {
      return new LatLon(0.0, 0.0);
    }
    double lat = Math.asin(Math.max(-1.0, Math.min(1.0, z / n))) / DEG;
    double lon = Math.atan2(y, x) / DEG;
    return LatLon.wrapped(Math.max(-90.0, Math.min(90.0, lat)), lon);
  }

  /** Exact spherical distance (for non-hot paths), km. */
  static double distanceKm(double[] a, double[] b) {
    double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    double cx = a[1] * b[2] - a[2] * b[1];
    double cy = a[2] * b[0] - a[0] * b[2];
    double cz = a[0] * b[1] - a[1] * b[0];
    return R_KM * Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
  }

  /** Latitude in degrees of a unit vector's z. */
  static double latDeg(double z) {
    return Math.asin(Math.max(-1.0, Math.min(1.0, z))) / DEG;
  }

  /** Longitude in degrees of a unit vector's x, y. */
  static double lonDeg(double x, double y) {
    return Math.atan2(y, x) / DEG;
  }
}
