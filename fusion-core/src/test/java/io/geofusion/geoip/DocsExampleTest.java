package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/geoip.md, compiled and run so that they cannot rot. */
class DocsExampleTest {

  @TempDir
  Path dir;

  @Test
  void overlayExample_ownNetworksInFrontOfMainDatabase() throws Exception {
    Path mainDb = dir.resolve("main.mmdb");
    MmdbWriter.ipv6("Example-City").insert("192.0.2.0/24",
        MmdbWriter.cityRecord(LatLon.of(37.751, -97.822), 1000, "US", null, null)).write(mainDb);

    // --- docs/geoip.md: "Building an overlay of your own networks" ---
    Path overlay = dir.resolve("corp-overlay.mmdb");
    MmdbWriter.ipv6("Corp-Overlay-City")
        .description("en", "Our offices and data centres")
        .languages("en")
        .insert("192.0.2.0/26",   // Amsterdam office
            MmdbWriter.cityRecord(LatLon.of(52.3676, 4.9041), 2, "NL", "North Holland", "Amsterdam"))
        .insert("2001:db8:10::/48", // Frankfurt data centre
            MmdbWriter.cityRecord(LatLon.of(50.1109, 8.6821), 1, "DE", "Hesse", "Frankfurt"))
        .insert("192.0.2.64/26",  // a lab with a custom field: any map is fine
            Map.of("location", Map.of("latitude", 48.1351, "longitude", 11.582,
                "accuracy_radius", MmdbInteger.uint16(1)), "lab", "munich-3"))
        .write(overlay);

    try (GeoIpService geo = GeoIpService.overlay(
        MaxMindGeoIpService.open(overlay),
        MaxMindGeoIpService.open(mainDb))) {
      GeoIpLocation office = geo.locate(IpNetwork.parseAddress("192.0.2.10")).orElseThrow();
      GeoIpLocation elsewhere = geo.locate(IpNetwork.parseAddress("192.0.2.200")).orElseThrow();
      // ---
      assertThat(office.city()).isEqualTo("Amsterdam");
      assertThat(office.source()).isEqualTo("Corp-Overlay-City (corp-overlay.mmdb)");
      assertThat(elsewhere.countryCentroid()).isTrue();
      assertThat(elsewhere.source()).isEqualTo("Example-City (main.mmdb)");
      assertThat(geo.locate(IpNetwork.parseAddress("192.0.2.70")).orElseThrow().position())
          .isEqualTo(LatLon.of(48.1351, 11.582));
    }
  }
}
