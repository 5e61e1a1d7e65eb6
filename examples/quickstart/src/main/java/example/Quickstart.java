package example;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.RttEnvelope;

/** Envelope and distance bound for five pings, one of them lost. Run: mvn -q exec:java. */
public final class Quickstart {
  public static void main(String[] args) {
    RttEnvelope env = RttEnvelope.of(12.4, 12.1, Double.NaN, 15.9, 12.2);
    double maxKm = DistanceModel.FIBER_TWO_THIRDS.maxDistanceKm(env.minMs(), 0.0);
    System.out.printf("min %.1f ms, median %.1f ms, jitter %.1f ms, loss %.0f %%%n",
        env.minMs(), env.medianMs(), env.jitterMs(), env.lossRatio() * 100);
    System.out.printf("the host is at most %.0f km away%n", maxKm);
    LatLon amsterdam = LatLon.of(52.37, 4.90);
    LatLon frankfurt = LatLon.of(50.11, 8.68);
    System.out.printf("Amsterdam-Frankfurt: %.0f km%n", Geodesy.distanceKm(amsterdam, frankfurt));
  }
}
