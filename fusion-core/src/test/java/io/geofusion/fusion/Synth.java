package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic but physically consistent vantages for tests. */
final class Synth {

  private Synth() {}

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
