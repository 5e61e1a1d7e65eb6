package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic but physically consistent vantages for tests. */
final class Synth {

  private Synth() {}

  /** Thirty large cities on every inhabited continent (centres to 0.01°). */
  static final List<LatLon> CITIES = List.of(
      LatLon.of(35.68, 139.69), LatLon.of(28.61, 77.21), LatLon.of(31.23, 121.47),
      LatLon.of(-23.55, -46.63), LatLon.of(19.43, -99.13), LatLon.of(30.04, 31.24),
      LatLon.of(19.08, 72.88), LatLon.of(39.90, 116.40), LatLon.of(23.81, 90.41),
      LatLon.of(34.69, 135.50), LatLon.of(40.71, -74.01), LatLon.of(24.86, 67.01),
      LatLon.of(-34.60, -58.38), LatLon.of(41.01, 28.98), LatLon.of(6.52, 3.38),
      LatLon.of(14.60, 120.98), LatLon.of(-4.44, 15.27), LatLon.of(51.51, -0.13),
      LatLon.of(55.76, 37.62), LatLon.of(48.86, 2.35), LatLon.of(-6.21, 106.85),
      LatLon.of(-12.05, -77.04), LatLon.of(13.76, 100.50), LatLon.of(41.88, -87.63),
      LatLon.of(-33.87, 151.21), LatLon.of(-26.20, 28.05), LatLon.of(52.52, 13.40),
      LatLon.of(1.35, 103.82), LatLon.of(49.28, -123.12), LatLon.of(-37.81, 144.96));

  static LatLon randomCity(SplittableRandom rnd) {
    return CITIES.get(rnd.nextInt(CITIES.size()));
  }

  static LatLon randomPoint(SplittableRandom rnd, double maxAbsLat) {
    double z = Math.sin(Math.toRadians(maxAbsLat)) * (2.0 * rnd.nextDouble() - 1.0);
    return LatLon.of(Math.toDegrees(Math.asin(z)), -180.0 + 360.0 * rnd.nextDouble());
  }

  /**
   * A vantage at a random bearing and distance from the target whose RTT follows the calibrated
   * relation: distance = ρ·(2/3 c)/2·RTT with ρ in [0.3, 0.6] (always inside the hard bound).
   */
  static VantageObservation vantage(SplittableRandom rnd, String id, LatLon target,
      double maxKm) {
    double d = 20.0 + rnd.nextDouble() * (maxKm - 20.0);
    LatLon at = Geodesy.destination(target, rnd.nextDouble() * 360.0, d);
    double rho = 0.3 + 0.3 * rnd.nextDouble();
    double rtt = Geodesy.distanceKm(at, target) / (rho * 99.930819);
    return VantageObservation.of(id, at, rtt);
  }

  static List<VantageObservation> vantages(SplittableRandom rnd, LatLon target, int n,
      double maxKm) {
    List<VantageObservation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(vantage(rnd, "v" + i, target, maxKm));
    }
    return out;
  }
}
