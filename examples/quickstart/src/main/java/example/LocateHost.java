package example;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One host end to end: GeoIP claims Sydney, three European vantages measure a few ms. Run:
 * mvn -q exec:java -Dexec.mainClass=example.LocateHost
 */
public final class LocateHost {
  public static void main(String[] args) throws Exception {
    Path db = Files.createTempFile("example-city", ".mmdb"); // a stand-in for GeoLite2-City
    MmdbWriter.ipv6("Example-City").insert("198.51.100.0/24",
        MmdbWriter.cityRecord(LatLon.of(-33.87, 151.21), 20, "AU", null, "Sydney")).write(db);
    try (GeoIpService geo = MaxMindGeoIpService.open(db)) {
      HostLocator locator = HostLocator.builder(FusionEngine.create()).geoIp(geo).build();
      HostReport h = locator.locate("198.51.100.7", List.of(
          VantageObservation.of("fra", LatLon.of(50.11, 8.68), 1.5),
          VantageObservation.of("ams", LatLon.of(52.37, 4.90), 8.5),
          VantageObservation.of("par", LatLon.of(48.86, 2.35), 11.0)));
      if (h.result() instanceof FusionResult.Located l) {
        System.out.printf("%s: within %.0f km of %s (90 %%); GeoIP %s %s; class %s%n",
            h.target(), l.circle90().radiusKm(), l.estimate(), h.geoIp().orElseThrow().city(),
            h.geoIpVerdict(), l.hostClass().label().jsonName());
      } else {
        System.out.println(h.target() + ": no location can be given (no evidence)");
      }
    } finally {
      Files.deleteIfExists(db);
    }
  }
}
