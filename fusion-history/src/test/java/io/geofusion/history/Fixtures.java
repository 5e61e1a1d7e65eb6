package io.geofusion.history;

import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostClassification;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import java.util.List;
import java.util.Map;

/** Evidence and results for the history tests. */
final class Fixtures {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final LatLon AMSTERDAM = LatLon.of(52.37, 4.90);
  static final LatLon LONDON = LatLon.of(51.51, -0.13);

  private static HostLocator locator;

  private Fixtures() {}

  /** Two vantages (Frankfurt, Amsterdam) with ids {@code prefix-fra}, {@code prefix-ams}. */
  static TargetEvidence evidence(String target, String prefix, double rttFra, double rttAms) {
    return new TargetEvidence(target, List.of(
        new VantageObservation(prefix + "-fra", FRANKFURT, rttFra, 0.5),
        new VantageObservation(prefix + "-ams", AMSTERDAM, rttAms, 0.0)),
        Math.min(rttFra, rttAms), Double.NaN);
  }

  /** The library's report for {@code e}: a real fusion, no GeoIP. */
  static synchronized HostReport report(TargetEvidence e) throws Exception {
    if (locator == null) {
      locator = HostLocator.builder(FusionEngine.create()).build();
    }
    return locator.locate(e);
  }

  /** A located result at {@code at} with the given circle radii, built without an engine. */
  static FusionResult.Located located(String entity, LatLon at, double r50, double r90) {
    return new FusionResult.Located(entity, at, new ConfidenceCircle(at, r50, 0.5),
        new ConfidenceCircle(at, r90, 0.9),
        new LocationDistribution(List.of(new MixtureComponent(at, 1.0, r50 * r50, 0.0,
            r50 * r50)), r90),
        Map.of("rtt", 0.8), List.of(), HostClassification.UNKNOWN,
        new FusionResult.Diagnostics(2, 100, 3, 0.1, 0.0));
  }
}
