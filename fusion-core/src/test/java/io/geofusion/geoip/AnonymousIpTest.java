package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.geo.LatLon;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Anonymous-IP lookups: MaxMind's own GeoIP2-Anonymous-IP and GeoIP-Anonymous-Plus test databases
 * checked against the JSON they were built from, and databases written by {@link MmdbWriter} for
 * wrong types and damage.
 */
class AnonymousIpTest {

  private static final String TEST_DATA = "maxmind-db-test/test-data/";
  private static final String SOURCE_DATA = "maxmind-db-test/source-data/";
  private static final List<String> FLAG_KEYS = List.of("is_anonymous", "is_anonymous_vpn",
      "is_hosting_provider", "is_public_proxy", "is_residential_proxy", "is_tor_exit_node");

  @TempDir Path dir;

  private static InetAddress ip(String text) {
    return IpNetwork.parseAddress(text);
  }

  /**
   * The source JSON writes the IPv4 part of the test databases as IPv4-mapped prefixes under ::
   * ({@code ::1.2.0.0/112}); the same network as an IPv4 CIDR ({@code 1.2.0.0/16}).
   */
  private static IpNetwork network(String key) {
    if (key.startsWith("::") && key.indexOf('.') > 0) {
      String[] parts = key.substring(2).split("/");
      return IpNetwork.parse(parts[0] + "/" + (Integer.parseInt(parts[1]) - 96));
    }
    return IpNetwork.parse(key);
  }

  /** The flags in {@link AnonymousIpInfo#flags()} order that a source-data record sets. */
  private static List<String> expectedFlags(JsonNode record) {
    List<String> out = new ArrayList<>();
    for (String k : FLAG_KEYS) {
      if (record.path(k).asBoolean(false)) {
        out.add(k.substring("is_".length()));
      }
    }
    return out;
  }

  private static int checkAgainstSource(GeoIpService geo, Path json) throws Exception {
    int checked = 0;
    for (JsonNode entry : new ObjectMapper().readTree(json.toFile())) {
      Map.Entry<String, JsonNode> e = entry.properties().iterator().next();
      IpNetwork net = network(e.getKey());
      AnonymousIpInfo a = geo.anonymousIp(net.address()).orElseThrow(
          () -> new AssertionError(e.getKey() + " is in the source data but not found"));
      assertThat(a.flags()).as(e.getKey()).isEqualTo(expectedFlags(e.getValue()));
      assertThat(a.network().contains(net.address())).as(e.getKey()).isTrue();
      // Anonymous Plus details, exactly as recorded (absent in most records, and in every
      // record of the GeoIP2 Anonymous IP database).
      JsonNode src = e.getValue();
      assertThat(a.anonymizerConfidence()).as(e.getKey()).isEqualTo(src.has(
          "anonymizer_confidence") ? OptionalInt.of(src.get("anonymizer_confidence").asInt())
          : OptionalInt.empty());
      assertThat(a.networkLastSeen()).as(e.getKey()).isEqualTo(src.has("network_last_seen")
          ? Optional.of(LocalDate.parse(src.get("network_last_seen").asText())) : Optional.empty());
      assertThat(a.providerName()).as(e.getKey()).isEqualTo(src.has("provider_name")
          ? Optional.of(src.get("provider_name").asText()) : Optional.empty());
      checked++;
    }
    return checked;
  }

  /** Every network of the source JSON (12 in Anonymous-IP, 32 in Anonymous-Plus) is found. */
  @ParameterizedTest
  @CsvSource({"GeoIP2-Anonymous-IP-Test, 12", "GeoIP-Anonymous-Plus-Test, 32"})
  void anonymousIp_testDatabaseMatchesSourceDataForEveryNetwork(String name, int networks)
      throws Exception {
    Path db = SharedData.file(TEST_DATA + name + ".mmdb");
    Path json = SharedData.file(SOURCE_DATA + name + ".json");
    try (MaxMindGeoIpService geo = MaxMindGeoIpService.builder().anonymousIpDatabase(db).build()) {
      assertThat(checkAgainstSource(geo, json)).isEqualTo(networks);
      assertThat(geo.anonymousIp(ip("1.2.0.1")).orElseThrow().source())
          .isEqualTo(name.replace("-Test", "") + " (" + name + ".mmdb)");
    }
  }

  @Test
  void anonymousIp_geoIp2TestDatabaseKnownRecords() throws Exception {
    Path db = SharedData.file(TEST_DATA + "GeoIP2-Anonymous-IP-Test.mmdb");
    try (MaxMindGeoIpService geo = MaxMindGeoIpService.open(db)) {
      // ::1.124.213.1/128 in the source: a VPN that is also a Tor exit.
      AnonymousIpInfo tor = geo.anonymousIp(ip("1.124.213.1")).orElseThrow();
      assertThat(tor.anonymousVpn()).isTrue();
      assertThat(tor.torExitNode()).isTrue();
      assertThat(tor.publicProxy()).isFalse();
      assertThat(tor.listedAsProxy()).isTrue();
      assertThat(tor.network()).isEqualTo(IpNetwork.parse("1.124.213.1/32"));
      assertThat(tor.source()).isEqualTo("GeoIP2-Anonymous-IP (GeoIP2-Anonymous-IP-Test.mmdb)");
      // ::71.160.223.0/120: anonymous + hosting provider only, not a proxy listing.
      AnonymousIpInfo hosting = geo.anonymousIp(ip("71.160.223.7")).orElseThrow();
      assertThat(hosting.flags()).containsExactly("anonymous", "hosting_provider");
      assertThat(hosting.listedAsProxy()).isFalse();
      // ::6.1.0.4/128: residential proxy.
      assertThat(geo.anonymousIp(ip("6.1.0.4")).orElseThrow().residentialProxy()).isTrue();
      // IPv6: 2001:480:3a::/64 is a public proxy.
      AnonymousIpInfo v6 = geo.anonymousIp(ip("2001:480:3a::1")).orElseThrow();
      assertThat(v6.publicProxy()).isTrue();
      assertThat(v6.network()).isEqualTo(IpNetwork.parse("2001:480:3a::/64"));
      // Not listed: a miss, not an error; and the file answers no other question.
      assertThat(geo.anonymousIp(ip("192.0.2.1"))).isEmpty();
      assertThat(geo.anonymousIp(ip("6.1.0.5"))).isEmpty();
      assertThat(geo.locate(ip("1.124.213.1"))).isEmpty();
      assertThat(geo.asn(ip("1.124.213.1"))).isEmpty();
    }
  }

  @Test
  void anonymousIpDatabase_realCityDatabaseIsUnsupported() {
    Path city = SharedData.file(TEST_DATA + "GeoIP2-City-Test.mmdb");
    Throwable t = catchThrowable(() -> MaxMindGeoIpService.builder()
        .anonymousIpDatabase(city).build());
    assertThat(t).isInstanceOf(UnsupportedDatabaseException.class)
        .hasMessageContaining("GeoIP2-City-Test.mmdb")
        .hasMessageContaining("'GeoIP2-City'")
        .hasMessageContaining("GeoIP2-Anonymous-IP");
    assertThat(t.getMessage()).doesNotContain("\n");
  }

  @Test
  void anonymousIpDatabase_wrongTypeIsUnsupportedAndClosesTheOthers() throws Exception {
    Path anon = dir.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("198.51.100.0/24", Map.of("is_anonymous", true, "is_public_proxy", true))
        .write(anon);
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Test-City")
        .insert("198.51.100.0/24", MmdbWriter.cityRecord(LatLon.of(1, 2), 10, "NL", null, "X"))
        .write(city);
    Path asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("GeoLite2-ASN")
        .insert("198.51.100.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(64500)))
        .write(asn);

    for (Path wrong : List.of(city, asn)) {
      Throwable t = catchThrowable(() -> MaxMindGeoIpService.builder().database(anon)
          .anonymousIpDatabase(wrong).build());
      assertThat(t).as(wrong.toString()).isInstanceOf(UnsupportedDatabaseException.class)
          .hasMessageStartingWith("GeoIP database " + wrong + " is not usable: database type")
          .hasMessageContaining("holds no anonymous-IP flags");
      assertThat(((GeoIpException) t).file()).isEqualTo(wrong);
      assertThat(t.getMessage()).doesNotContain("\n");
    }
    // The same City file is fine where any database is accepted, and anonymous-IP files are
    // accepted by database(Path) as well.
    try (MaxMindGeoIpService geo = MaxMindGeoIpService.builder().database(city).database(anon)
        .build()) {
      assertThat(geo.locate(ip("198.51.100.1"))).isPresent();
      assertThat(geo.anonymousIp(ip("198.51.100.1")).orElseThrow().publicProxy()).isTrue();
    }
  }

  @Test
  void anonymousIpDatabase_truncatedFileIsCorruptOneLine() throws Exception {
    Path good = dir.resolve("good.mmdb");
    MmdbWriter w = MmdbWriter.ipv6("GeoIP2-Anonymous-IP");
    for (int i = 0; i < 64; i++) {
      w.insert("10." + i + ".0.0/16", Map.of("is_anonymous", true, "is_anonymous_vpn", true));
    }
    w.write(good);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.mmdb");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    Throwable t = catchThrowable(() -> MaxMindGeoIpService.builder()
        .anonymousIpDatabase(cut).build());
    assertThat(t).isInstanceOf(GeoIpException.class).hasMessageContaining("cut.mmdb");
    assertThat(t.getMessage()).doesNotContain("\n");
  }

  @Test
  void anonymousIpDatabase_garbageFileIsCorrupt() throws Exception {
    Path garbage = dir.resolve("garbage.mmdb");
    Files.writeString(garbage, "this is not a MaxMind database\n".repeat(20));
    assertThatThrownBy(() -> MaxMindGeoIpService.builder().anonymousIpDatabase(garbage).build())
        .isInstanceOf(DatabaseCorruptException.class)
        .hasMessageContaining("garbage.mmdb")
        .hasMessageContaining("replace the file");
  }

  @Test
  void anonymousIpDatabase_missingFileIsNotFound() {
    Path absent = dir.resolve("absent.mmdb");
    assertThatThrownBy(() -> MaxMindGeoIpService.builder().anonymousIpDatabase(absent).build())
        .isInstanceOf(DatabaseNotFoundException.class)
        .hasMessageContaining("absent.mmdb");
  }

  /** A record whose flags are not booleans is damage the open-time probe must catch. */
  @Test
  void anonymousIpDatabase_recordsOfTheWrongShapeAreCorruptOnOpen() throws Exception {
    Path bad = dir.resolve("wrong-shape.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("198.51.100.0/24", Map.of("is_anonymous", "yes", "is_anonymous_vpn", 1L))
        .write(bad);
    Throwable t = catchThrowable(() -> MaxMindGeoIpService.open(bad));
    assertThat(t).isInstanceOf(DatabaseCorruptException.class)
        .hasMessageContaining("wrong-shape.mmdb");
    assertThat(t.getMessage()).doesNotContain("\n");
  }

  @Test
  void listedAsProxy_eachSpecificFlagButNotHostingOrUmbrellaAlone() {
    IpNetwork n = IpNetwork.parse("192.0.2.0/24");
    assertThat(new AnonymousIpInfo(true, true, false, false, false, false, n, "t").listedAsProxy())
        .isTrue();
    assertThat(new AnonymousIpInfo(true, false, false, true, false, false, n, "t").listedAsProxy())
        .isTrue();
    assertThat(new AnonymousIpInfo(true, false, false, false, true, false, n, "t").listedAsProxy())
        .isTrue();
    assertThat(new AnonymousIpInfo(true, false, false, false, false, true, n, "t").listedAsProxy())
        .isTrue();
    assertThat(new AnonymousIpInfo(true, false, true, false, false, false, n, "t").listedAsProxy())
        .isFalse();
    assertThat(new AnonymousIpInfo(true, false, false, false, false, false, n, "t")
        .listedAsProxy()).isFalse();
    assertThat(new AnonymousIpInfo(true, true, true, true, true, true, n, "t").flags())
        .containsExactly("anonymous", "anonymous_vpn", "hosting_provider", "public_proxy",
            "residential_proxy", "tor_exit_node");
    assertThatThrownBy(() -> new AnonymousIpInfo(true, true, false, false, false, false, null,
        "t")).isInstanceOf(NullPointerException.class).hasMessageContaining("network");
  }

  @Test
  void anonymousIp_emptyServiceAndNullAddress() throws Exception {
    assertThat(GeoIpService.empty().anonymousIp(ip("198.51.100.1"))).isEmpty();
    assertThatThrownBy(() -> GeoIpService.empty().anonymousIp(null))
        .isInstanceOf(NullPointerException.class);
  }
}
