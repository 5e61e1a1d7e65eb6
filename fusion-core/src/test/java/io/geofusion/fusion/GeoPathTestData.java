package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Known GeoIP answers for the GeoPath tests: a City and an ASN database written with our
 * {@link MmdbWriter} at test time, and traces whose hops they cover.
 */
final class GeoPathTestData {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final LatLon AMSTERDAM = LatLon.of(52.37, 4.90);
  static final LatLon DALLAS = LatLon.of(32.78, -96.80);
  static final LatLon TOKYO = LatLon.of(35.68, 139.69);
  static final LatLon LOS_ANGELES = LatLon.of(34.05, -118.24);

  private GeoPathTestData() {}

  /** City + ASN databases in {@code dir}; returns a service over both. */
  static MaxMindGeoIpService geoip(Path dir) throws Exception {
    Path city = dir.resolve("city.mmdb");
    Path asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("GeoIP2-City")
        .insert("62.115.40.0/29", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", "Hesse", "Frankfurt"))
        .insert("62.115.40.8/29", MmdbWriter.cityRecord(AMSTERDAM, 50, "NL", null, "Amsterdam"))
        .insert("212.102.40.0/24", MmdbWriter.cityRecord(DALLAS, 20, "US", "Texas", "Dallas"))
        .insert("133.11.0.0/24", MmdbWriter.cityRecord(TOKYO, 10, "JP", null, "Tokyo"))
        .insert("64.125.0.0/24",
            MmdbWriter.cityRecord(LOS_ANGELES, 10, "US", "California", "Los Angeles"))
        .write(city);
    MmdbWriter.ipv6("GeoLite2-ASN")
        .insert("62.115.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(1299),
            "autonomous_system_organization", "Arelion"))
        .insert("212.102.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(60068),
            "autonomous_system_organization", "Datacamp"))
        .write(asn);
    return MaxMindGeoIpService.open(city, asn);
  }

  /** The origin's example path (hop 2 a 10.x spike), from Frankfurt toward a Dallas GeoIP. */
  static TracePath originPath() {
    return path("192.168.1.20", "212.102.40.218", new Object[][] {
      {1, "192.168.1.1", 1.49, 1.52, 1.61},
      {2, "10.12.0.1", 235.2, 236.8, 241.0},
      {3, "62.115.40.1", 35.0, 35.4, 36.1},
      {4, "62.115.40.9", 38.2, 38.9, 38.4},
      {5, null},
      {6, "212.102.40.1", 52.7, 52.9, 53.4},
      {7, "212.102.40.218", 53.1, 53.3, 53.2},
    });
  }

  /** Tokyo to Los Angeles over the Pacific: the arc between hops 3 and 4 crosses ±180°. */
  static TracePath pacificPath() {
    return path("192.168.0.2", "64.125.0.9", new Object[][] {
      {1, "192.168.0.1", 0.8, 0.9},
      {2, "133.11.0.1", 1.9, 2.1},
      {3, "133.11.0.5", 2.6, 2.8},
      {4, "64.125.0.1", 104.1, 104.5},
      {5, "64.125.0.9", 105.0, 105.2},
    });
  }

  /** Rows {ttl, address or null, rtt...}; a null address is a timed-out hop of 3 probes. */
  static TracePath path(String source, String destination, Object[][] rows) {
    List<Hop> hops = new ArrayList<>();
    for (Object[] row : rows) {
      List<HopReply> replies = new ArrayList<>();
      if (row[1] == null) {
        for (int i = 0; i < 3; i++) {
          replies.add(HopReply.timeout());
        }
      } else {
        for (int i = 2; i < row.length; i++) {
          replies.add(HopReply.of((String) row[1], (Double) row[i]));
        }
      }
      hops.add(new Hop((Integer) row[0], replies));
    }
    return new TracePath(source, destination, hops);
  }

}
