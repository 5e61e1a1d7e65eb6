package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract run over every {@link GeoIpService} implementation, on databases written by
 * {@link MmdbWriter} at test time (no external data needed).
 */
class GeoIpServiceContractTest {

  @TempDir
  static Path tmp;

  static Path mainDb;
  static Path overlayDb;
  static Path asnDb;
  static Path anonDb;

  private static InetAddress ip(String s) {
    return IpNetwork.parseAddress(s);
  }

  @BeforeAll
  static void writeDatabases() throws Exception {
    mainDb = tmp.resolve("main.mmdb");
    MmdbWriter.ipv6("Contract-City")
        .insert("198.51.100.0/24",
            MmdbWriter.cityRecord(LatLon.of(40.7128, -74.006), 20, "US", "New York", "New York"))
        .insert("203.0.113.0/24", MmdbWriter.cityRecord(LatLon.of(37.751, -97.822), 1000, "US",
            null, null))
        .insert("2001:db8::/32",
            MmdbWriter.cityRecord(LatLon.of(48.8566, 2.3522), 50, "FR", null, "Paris"))
        .write(mainDb);
    overlayDb = tmp.resolve("overlay.mmdb");
    MmdbWriter.ipv6("Contract-Overlay-City")
        .insert("198.51.100.128/25",
            MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 2, "NL", null, "Amsterdam"))
        .write(overlayDb);
    asnDb = tmp.resolve("asn.mmdb");
    MmdbWriter.ipv6("Contract-ASN")
        .insert("198.51.100.0/24", Map.of("autonomous_system_number", 64500L,
            "autonomous_system_organization", "Example Transit"))
        .insert("2001:db8::/32", Map.of("autonomous_system_number", 64501L))
        .write(asnDb);
    anonDb = tmp.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("198.51.100.0/25", Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .insert("203.0.113.0/24", Map.of("is_anonymous", true, "is_hosting_provider", true))
        .insert("2001:db8:7::/48", Map.of("is_anonymous", true, "is_tor_exit_node", true))
        .write(anonDb);
  }

  static List<GeoIpService> services = new ArrayList<>();

  static Stream<GeoIpService> implementations() throws Exception {
    if (services.isEmpty()) {
      services.add(MaxMindGeoIpService.open(mainDb, asnDb, anonDb));
      services.add(GeoIpService.overlay(MaxMindGeoIpService.open(overlayDb),
          MaxMindGeoIpService.open(mainDb, asnDb, anonDb)));
      services.add(MaxMindGeoIpService.builder().database(mainDb).database(asnDb)
          .anonymousIpDatabase(anonDb).cacheCapacity(0).verify(true).build());
    }
    return services.stream();
  }

  @AfterAll
  static void closeAll() {
    services.forEach(GeoIpService::close);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void locate_cityAnswer(GeoIpService geo) throws Exception {
    GeoIpLocation l = geo.locate(ip("198.51.100.7")).orElseThrow();
    assertThat(l.city()).isEqualTo("New York");
    assertThat(l.accuracyRadiusKm()).isEqualTo(20.0);
    assertThat(l.countryCentroid()).isFalse();
    assertThat(geo.locate(ip("2001:db8:5::1")).orElseThrow().city()).isEqualTo("Paris");
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void locate_countryCentroidIsWidened(GeoIpService geo) throws Exception {
    GeoIpLocation l = geo.locate(ip("203.0.113.9")).orElseThrow();
    assertThat(l.countryCentroid()).isTrue();
    assertThat(l.reportedAccuracyRadiusKm()).isEqualTo(1000);
    assertThat(l.accuracyRadiusKm())
        .isEqualTo(CountryCentroids.bundled().equivalentRadiusKm("US"))
        .isGreaterThan(1700);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void asn_answerAndMiss(GeoIpService geo) throws Exception {
    AsnInfo a = geo.asn(ip("198.51.100.200")).orElseThrow();
    assertThat(a.asn()).isEqualTo(64500);
    assertThat(a.organization()).isEqualTo("Example Transit");
    assertThat(a.network()).isEqualTo(IpNetwork.parse("198.51.100.0/24"));
    assertThat(geo.asn(ip("2001:db8::1")).orElseThrow().organization()).isNull();
    assertThat(geo.asn(ip("192.0.2.1"))).isEmpty();
    assertThat(geo.locate(ip("192.0.2.1"))).isEmpty();
    assertThat(geo.locate(ip("::1"))).isEmpty();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void anonymousIp_listingAndMiss(GeoIpService geo) throws Exception {
    AnonymousIpInfo vpn = geo.anonymousIp(ip("198.51.100.7")).orElseThrow();
    assertThat(vpn.flags()).containsExactly("anonymous", "anonymous_vpn");
    assertThat(vpn.listedAsProxy()).isTrue();
    assertThat(vpn.network()).isEqualTo(IpNetwork.parse("198.51.100.0/25"));
    assertThat(vpn.source()).isEqualTo("GeoIP2-Anonymous-IP (anon.mmdb)");
    AnonymousIpInfo hosting = geo.anonymousIp(ip("203.0.113.9")).orElseThrow();
    assertThat(hosting.hostingProvider()).isTrue();
    assertThat(hosting.listedAsProxy()).isFalse();
    assertThat(geo.anonymousIp(ip("2001:db8:7::1")).orElseThrow().torExitNode()).isTrue();
    assertThat(geo.anonymousIp(ip("198.51.100.200"))).isEmpty();
    assertThat(geo.anonymousIp(ip("192.0.2.1"))).isEmpty();
    // Adding the anonymous-IP file changes no other answer.
    assertThat(geo.locate(ip("198.51.100.7")).orElseThrow().city()).isEqualTo("New York");
    assertThatThrownBy(() -> geo.anonymousIp(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void locate_nullAddressIsRejected(GeoIpService geo) {
    assertThatThrownBy(() -> geo.locate(null)).isInstanceOf(NullPointerException.class);
  }

  /** Many threads hammer one shared service; every answer must be the single-threaded one. */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("implementations")
  void locate_manyThreadsShareOneService(GeoIpService geo) throws Exception {
    String[] addresses = {"198.51.100.7", "198.51.100.200", "203.0.113.9", "2001:db8:5::1",
        "192.0.2.1", "::ffff:198.51.100.9"};
    List<Optional<GeoIpLocation>> expected = new ArrayList<>();
    for (String a : addresses) {
      expected.add(geo.locate(ip(a)));
    }
    int threads = 64;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        tasks.add(() -> {
          int n = 0;
          for (int i = 0; i < 500; i++) {
            int k = (i + offset) % addresses.length;
            assertThat(geo.locate(ip(addresses[k]))).isEqualTo(expected.get(k));
            geo.asn(ip(addresses[k]));
            geo.anonymousIp(ip(addresses[k]));
            n++;
          }
          return n;
        });
      }
      int total = 0;
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        total += f.get();
      }
      assertThat(total).isEqualTo(threads * 500);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void overlay_overlayWinsWhereItHasAnAnswer() throws Exception {
    try (GeoIpService geo = GeoIpService.overlay(MaxMindGeoIpService.open(overlayDb),
        MaxMindGeoIpService.open(mainDb, asnDb))) {
      assertThat(geo.locate(ip("198.51.100.200")).orElseThrow().city()).isEqualTo("Amsterdam");
      assertThat(geo.locate(ip("198.51.100.7")).orElseThrow().city()).isEqualTo("New York");
      assertThat(geo.asn(ip("198.51.100.200")).orElseThrow().asn()).isEqualTo(64500);
    }
  }

  @Test
  void locate_ipv6InIpv4OnlyDatabaseIsMiss() throws Exception {
    Path v4 = tmp.resolve("v4.mmdb");
    MmdbWriter.ipv4("V4-City").insert("198.51.100.0/24",
        MmdbWriter.cityRecord(LatLon.of(1, 1), 5, "NL", null, "X")).write(v4);
    try (GeoIpService geo = MaxMindGeoIpService.open(v4)) {
      assertThat(geo.locate(ip("2001:db8::1"))).isEmpty();
      assertThat(geo.asn(ip("2001:db8::1"))).isEmpty();
      assertThat(geo.locate(ip("198.51.100.1"))).isPresent();
    }
    Path v4anon = tmp.resolve("v4-anon.mmdb");
    MmdbWriter.ipv4("GeoIP2-Anonymous-IP").insert("198.51.100.0/24",
        Map.of("is_anonymous", true, "is_public_proxy", true)).write(v4anon);
    try (GeoIpService geo = MaxMindGeoIpService.open(v4anon)) {
      assertThat(geo.anonymousIp(ip("2001:db8::1"))).isEmpty();
      assertThat(geo.anonymousIp(ip("198.51.100.1")).orElseThrow().publicProxy()).isTrue();
    }
  }

  @Test
  void empty_knowsNothing() throws Exception {
    assertThat(GeoIpService.empty().locate(ip("198.51.100.7"))).isEmpty();
    assertThat(GeoIpService.empty().asn(ip("198.51.100.7"))).isEmpty();
  }
}
