package io.geofusion.fusion.eval;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.DistanceModel;
import java.util.List;
import java.util.Optional;

/**
 * Classic baselines, reimplemented faithfully so that the engine's figures have a reference.
 *
 * <ul>
 *   <li><b>CBG</b> (Gueye et al., "Constraint-based geolocation of Internet hosts", IEEE/ACM ToN
 *       14(6), 2006) with the fixed 2/3 c conversion instead of per-landmark bestlines, as in the
 *       2023 RIPE Atlas replication: every vantage gives a hard disk of radius
 *       {@code min_rtt/2·(2/3)c}; the estimate is the centroid of the disks' intersection. The
 *       intersection is sampled on a 81 × 81 azimuthal-equidistant raster over the smallest disk
 *       (points weighted by their spherical area element {@code sin(θ)/θ}); if it is empty (bad
 *       data makes disks disjoint) the estimate falls back to the smallest disk's centre.</li>
 *   <li><b>CBG with bestlines</b> (the original method): the same, but a vantage calibrated by a
 *       bestline {@code rtt = m·d + b} gets the disk {@code min((rtt − b)/m, rtt·(2/3)c/2)}.
 *       Reported only when some vantage is calibrated ({@code eval --calibrate}).</li>
 *   <li><b>Shortest ping</b>: the position of the vantage with the smallest RTT.</li>
 * </ul>
 */
public final class Baselines {

  private static final int RASTER = 81;
  private static final double R = Geodesy.MEAN_EARTH_RADIUS_KM;

  private Baselines() {}

  /** The vantage with the smallest RTT, if any. */
  public static Optional<LatLon> shortestPing(List<VantageObservation> vs) {
    VantageObservation best = null;
    for (VantageObservation v : vs) {
      if (best == null || v.minRttMs() < best.minRttMs()
          || (v.minRttMs() == best.minRttMs() && v.id().compareTo(best.id()) < 0)) {
        best = v;
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.location());
  }

  /** The CBG estimate, if there is at least one vantage. */
  public static Optional<LatLon> cbg(List<VantageObservation> vs) {
    return cbg(vs, false);
  }

  /**
   * The CBG estimate with each calibrated vantage's bestline disk (uncalibrated vantages keep the
   * 2/3 c disk), if there is at least one vantage.
   */
  public static Optional<LatLon> cbgBestline(List<VantageObservation> vs) {
    return cbg(vs, true);
  }

  private static Optional<LatLon> cbg(List<VantageObservation> vs, boolean bestlines) {
    int n = vs.size();
    if (n == 0) {
      return Optional.empty();
    }
    double k = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(1.0);
    double[][] u = new double[n][];
    double[] cosR = new double[n];
    int smallest = 0;
    double[] radius = new double[n];
    for (int i = 0; i < n; i++) {
      VantageObservation v = vs.get(i);
      u[i] = unit(v.location().lat(), v.location().lon());
      radius[i] = v.minRttMs() * k;
      if (bestlines && v.bestline() != null) {
        radius[i] = Math.min(radius[i], v.bestline().maxDistanceKm(v.minRttMs()));
      }
      cosR[i] = Math.cos(Math.min(Math.PI, radius[i] / R));
      if (radius[i] < radius[smallest]) {
        smallest = i;
      }
    }
    double[] c = u[smallest];
    double lat = Math.toRadians(vs.get(smallest).location().lat());
    double lon = Math.toRadians(vs.get(smallest).location().lon());
    double[] east = {-Math.sin(lon), Math.cos(lon), 0.0};
    double[] north = {-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon),
        Math.cos(lat)};
    double theta0 = Math.min(Math.PI, radius[smallest] / R);
    double sx = 0.0;
    double sy = 0.0;
    double sz = 0.0;
    int inside = 0;
    for (int a = 0; a < RASTER; a++) {
      for (int b = 0; b < RASTER; b++) {
        double ex = (2.0 * a / (RASTER - 1) - 1.0) * theta0;
        double ny = (2.0 * b / (RASTER - 1) - 1.0) * theta0;
        double th = Math.hypot(ex, ny);
        if (th > theta0) {
          continue;
        }
        double[] p;
        double wgt;
        if (th < 1e-12) {
          p = c;
          wgt = 1.0;
        } else {
          double st = Math.sin(th);
          double ct = Math.cos(th);
          double de = ex / th;
          double dn = ny / th;
          p = new double[] {
            ct * c[0] + st * (de * east[0] + dn * north[0]),
            ct * c[1] + st * (de * east[1] + dn * north[1]),
            ct * c[2] + st * (de * east[2] + dn * north[2])};
          wgt = st / th;
        }
        boolean ok = true;
        for (int i = 0; i < n && ok; i++) {
          ok = p[0] * u[i][0] + p[1] * u[i][1] + p[2] * u[i][2] >= cosR[i] - 1e-12;
        }
        if (ok) {
          inside++;
          sx += wgt * p[0];
          sy += wgt * p[1];
          sz += wgt * p[2];
        }
      }
    }
    double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
    if (inside == 0 || !(norm > 0.0)) {
      return Optional.of(vs.get(smallest).location());
    }
    double la = Math.toDegrees(Math.asin(Math.max(-1.0, Math.min(1.0, sz / norm))));
    double lo = Math.toDegrees(Math.atan2(sy, sx));
    return Optional.of(LatLon.wrapped(la, lo));
  }

  private static double[] unit(double latDeg, double lonDeg) {
    double p = Math.toRadians(latDeg);
    double l = Math.toRadians(lonDeg);
    return new double[] {Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)};
  }
}
