package io.geofusion.locate;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.HostClass;
import io.geofusion.fusion.HostSignals;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.net.AddressClass;
import io.geofusion.rtt.RttEnvelope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostLocator} against real MaxMind DB files written by our own {@link MmdbWriter}: a City
 * database (Frankfurt for 62.115.40.0/24, Sydney for 212.102.40.0/24 and 198.51.100.0/24,
 * Washington for the satellite network 5.6.7.0/24) and an ASN database (AS1299 Arelion, AS7155 Viasat).
 */
class HostLocatorTest {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final LatLon SYDNEY = LatLon.of(-33.87, 151.21);
  static final String FRANKFURT_HOST = "62.115.40.1";
  static final String SYDNEY_GEOIP_HOST = "212.102.40.218";
  static final String VIASAT_HOST = "5.6.7.8";
  static final String UNLISTED_PUBLIC_HOST = "93.184.216.34";

  @TempDir static Path dir;

  static GeoIpService geo;
  static GeoIpService overlaid;
  static final FusionEngine ENGINE = FusionEngine.create();

  @BeforeAll
  static void writeDatabases() throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("HostLocator-Test-City")
        .insert("62.115.40.0/24", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", "Hesse", "Frankfurt"))
        .insert("212.102.40.0/24", MmdbWriter.cityRecord(SYDNEY, 20, "AU", null, "Sydney"))
        .insert("5.6.7.0/24",
            MmdbWriter.cityRecord(LatLon.of(38.90, -77.04), 100, "US", null, "Washington"))
        .insert("198.51.100.0/24", MmdbWriter.cityRecord(SYDNEY, 20, "AU", null, "Sydney"))
        .write(city);
    Path asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("HostLocator-Test-ASN")
        .insert("62.115.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(1299),
            "autonomous_system_organization", "Arelion"))
        .insert("5.6.7.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(7155),
            "autonomous_system_organization", "Viasat"))
        .write(asn);
    Path corp = dir.resolve("corp.mmdb");
    MmdbWriter.ipv6("Corp-Overlay-City")
        .insert("10.0.0.0/8", MmdbWriter.cityRecord(LatLon.of(52.37, 4.90), 5, "NL", null,
            "Amsterdam"))
        .write(corp);
    geo = MaxMindGeoIpService.open(city, asn);
    overlaid = GeoIpService.overlay(MaxMindGeoIpService.open(corp),
        MaxMindGeoIpService.open(city, asn));
  }

  @AfterAll
  static void close() {
    geo.close();
    overlaid.close();
  }

  static HostLocator locator(GeoIpService service) {
    return HostLocator.builder(ENGINE).geoIp(service).build();
  }

  /**
   * Vantages around Frankfurt whose RTTs follow the calibrated relation for a host in Frankfurt:
   * distance = 0.45·(2/3 c)/2·RTT (as {@code Synth}), plus 0.5 ms.
   */
  static List<VantageObservation> europeanVantages() {
    List<VantageObservation> out = new ArrayList<>();
    Map<String, LatLon> at = Map.of("ams", LatLon.of(52.37, 4.90), "par", LatLon.of(48.86, 2.35),
        "zrh", LatLon.of(47.37, 8.54), "ber", LatLon.of(52.52, 13.40));
    at.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(
        VantageObservation.of(e.getKey(), e.getValue(),
            0.5 + Geodesy.distanceKm(e.getValue(), FRANKFURT) / (0.45 * 99.930819))));
    return out;
  }

  @Test
  void locate_geoIpAgrees_foundAgreesNearCity() throws Exception {
    List<VantageObservation> vs = europeanVantages();

    HostReport h = locator(geo).locate(FRANKFURT_HOST, vs);

    assertThat(h.target()).isEqualTo(FRANKFURT_HOST);
    assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.FOUND);
    assertThat(h.geoIp().orElseThrow().city()).isEqualTo("Frankfurt");
    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.AGREES);
    assertThat(h.result().alerts()).noneMatch(
        a -> a.type() == FusionAlert.Type.LOCATION_INCONSISTENCY);
    assertThat(h.result()).isInstanceOf(FusionResult.Located.class);
    assertThat(h.geoIpDistanceKm().orElseThrow())
        .isLessThan(located(h.result()).circle90().radiusKm());
    assertThat(h.geoIpCityInCircle90()).isTrue();
    assertThat(h.vantages()).isEqualTo(4);
    assertThat(h.addressClass()).contains(AddressClass.PUBLIC);
    assertThat(h.asn().orElseThrow().asn()).isEqualTo(1299);
    assertThat(h.signals().asnType()).isEqualTo("tier1");
    assertThat(h.signals().minRttMs())
        .isEqualTo(vs.stream().mapToDouble(VantageObservation::minRttMs).min().orElseThrow());
  }

  @Test
  void locate_sameAsEngineOnHandBuiltInput() throws Exception {
    List<VantageObservation> vs = europeanVantages();
    HostReport h = locator(geo).locate(FRANKFURT_HOST, vs, HostLocator.Facts.of(2.0, 0.3));

    FusionResult.Located direct =
        located(ENGINE.fuse(FusionInput.builder(FRANKFURT_HOST).vantages(vs)
        .geoIp(new GeoIpEvidence(FRANKFURT, 20, false))
        .signals(new HostSignals("tier1", 2.0, 0.3, false)).build()));

    assertThat(located(h.result()).estimate()).isEqualTo(direct.estimate());
    assertThat(located(h.result()).circle90()).isEqualTo(direct.circle90());
    assertThat(h.result().hostClass()).isEqualTo(direct.hostClass());
    assertThat(h.signals()).isEqualTo(new HostSignals("tier1", 2.0, 0.3, false));
  }

  @Test
  void locate_geoIpContradicted_vpnExit() throws Exception {
    HostReport h = locator(geo).locate(SYDNEY_GEOIP_HOST, europeanVantages());

    assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.FOUND);
    assertThat(h.geoIp().orElseThrow().city()).isEqualTo("Sydney");
    assertThat(h.result().alerts()).anyMatch(
        a -> a.type() == FusionAlert.Type.LOCATION_INCONSISTENCY);
    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.CONTRADICTED);
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
    assertThat(h.geoIpCityInCircle90()).isFalse();
    // The RTTs win: the estimate stays in Europe, thousands of km from GeoIP's Sydney.
    assertThat(Geodesy.distanceKm(located(h.result()).estimate(), FRANKFURT)).isLessThan(500);
    assertThat(h.geoIpDistanceKm().orElseThrow()).isGreaterThan(10_000);
  }

  @Test
  void locate_anonymousProxyListed_vpnExitEvenWhenGeoIpAgrees() throws Exception {
    HostReport h = locator(geo).locate(FRANKFURT_HOST, europeanVantages(),
        HostLocator.Facts.UNKNOWN.withAnonymousProxy(true));

    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.AGREES);
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
    assertThat(h.signals().anonymousProxy()).isTrue();
  }

  @Test
  void locate_noVantages_geoIpNotChecked() throws Exception {
    HostReport h = locator(geo).locate(FRANKFURT_HOST, List.of());

    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.NOT_CHECKED);
    assertThat(h.vantages()).isZero();
    assertThat(h.signals().minRttMs()).isNaN();
  }

  @Test
  void locate_noDatabase_rttsAloneAndNoDatabaseStatus() throws Exception {
    for (HostLocator loc : List.of(HostLocator.builder(ENGINE).build(),
        locator(GeoIpService.empty()))) {
      HostReport h = loc.locate(FRANKFURT_HOST, europeanVantages());

      assertThat(loc.geoIp()).isEmpty();
      assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.NO_DATABASE);
      assertThat(h.geoIp()).isEmpty();
      assertThat(h.asn()).isEmpty();
      assertThat(h.signals().asnType()).isEmpty();
      assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.NONE);
      assertThat(h.geoIpDistanceKm()).isEmpty();
      assertThat(h.result()).isInstanceOf(FusionResult.Located.class);
      assertThat(Geodesy.distanceKm(located(h.result()).estimate(), FRANKFURT)).isLessThan(500);
    }
  }

  @Test
  void locate_publicAddressNotInDatabase_notInDatabase() throws Exception {
    HostReport h = locator(geo).locate(UNLISTED_PUBLIC_HOST, europeanVantages());

    assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.NOT_IN_DATABASE);
    assertThat(h.geoIp()).isEmpty();
    assertThat(h.asn()).isEmpty();
    assertThat(h.addressClass()).contains(AddressClass.PUBLIC);
  }

  @Test
  void locate_privateAddress_notPublicUnlessOverlayPlacesIt() throws Exception {
    HostReport h = locator(geo).locate("10.1.2.3", europeanVantages());

    assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.NOT_PUBLIC);
    assertThat(h.addressClass()).contains(AddressClass.PRIVATE);
    assertThat(h.geoIp()).isEmpty();

    // An overlay of one's own networks may place private space, so it is still looked up.
    HostReport own = locator(overlaid).locate("10.1.2.3", List.of());
    assertThat(own.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.FOUND);
    assertThat(own.geoIp().orElseThrow().city()).isEqualTo("Amsterdam");
  }

  @Test
  void locate_satelliteAsn_satelliteClass() throws Exception {
    LatLon washington = LatLon.of(38.90, -77.04);
    // Geostationary: 600 ms RTT from a vantage near the GeoIP position (always consistent).
    List<VantageObservation> vs = List.of(
        VantageObservation.of("iad", LatLon.of(39.0, -77.5), 600.0));

    HostReport h = locator(geo).locate(VIASAT_HOST, vs, HostLocator.Facts.of(600.0, 40.0));

    assertThat(h.asn().orElseThrow().asn()).isEqualTo(7155);
    assertThat(h.asnProfile().orElseThrow().type()).isEqualTo(AsnType.SATELLITE);
    assertThat(h.signals().asnType()).isEqualTo("satellite");
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.SATELLITE);
    assertThat(h.geoIp().orElseThrow().position()).isEqualTo(washington);
  }

  @Test
  void locateByName_noLookupRttsAlone() {
    HostReport h = locator(geo).locateByName("www.example.com", europeanVantages(),
        HostLocator.Facts.UNKNOWN);

    assertThat(h.target()).isEqualTo("www.example.com");
    assertThat(h.result().entity()).isEqualTo("www.example.com");
    assertThat(h.geoIpStatus()).isEqualTo(HostReport.GeoIpStatus.NOT_AN_ADDRESS);
    assertThat(h.addressClass()).isEmpty();
    assertThat(h.asn()).isEmpty();
    assertThat(Geodesy.distanceKm(located(h.result()).estimate(), FRANKFURT)).isLessThan(500);
  }

  @Test
  void lookup_hopAddress_locationAndAsnWithoutFusion() throws Exception {
    HostLocator.Lookup l = locator(geo).lookup(VIASAT_HOST);

    assertThat(l.status()).isEqualTo(HostReport.GeoIpStatus.FOUND);
    assertThat(l.location().orElseThrow().countryIsoCode()).isEqualTo("US");
    assertThat(l.asn().orElseThrow().organization()).isEqualTo("Viasat");
    assertThat(l.asnType()).isEqualTo("satellite");
    assertThat(locator(geo).lookup("2001:db8::1").status())
        .isEqualTo(HostReport.GeoIpStatus.NOT_PUBLIC);
  }

  @Test
  void docsExample_fusionMdSection7_contradicted() throws Exception {
    GeoIpService g = geo; // docs: MaxMindGeoIpService.open(GeoLite2-City, GeoLite2-ASN)
    // --- docs/fusion.md §7 ---
    HostLocator locator = HostLocator.builder(FusionEngine.create())
        .geoIp(g).asnProfiles(AsnProfiles.bundled()).build();
    HostReport h = locator.locate("198.51.100.7", List.of(
        VantageObservation.of("fra", LatLon.of(50.11, 8.68), 1.5),
        VantageObservation.of("ams", LatLon.of(52.37, 4.90), 8.5),
        VantageObservation.of("par", LatLon.of(48.86, 2.35), 11.0)),
        HostLocator.Facts.of(1.5, 0.4));
    // ---
    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.CONTRADICTED);
    assertThat(located(h.result()).circle90().radiusKm()).isLessThan(1000);
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
  }

  @Test
  void locate_concurrentCalls_sameAsSequential() throws Exception {
    HostLocator loc = locator(geo);
    List<String> hosts = List.of(FRANKFURT_HOST, SYDNEY_GEOIP_HOST, VIASAT_HOST,
        UNLISTED_PUBLIC_HOST, "10.1.2.3");
    List<HostReport> expected = new ArrayList<>();
    for (String a : hosts) {
      expected.add(loc.locate(a, europeanVantages()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HostReport>> got = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (String a : hosts) {
          got.add(pool.submit(() -> loc.locate(a, europeanVantages())));
        }
      }
      for (int i = 0; i < got.size(); i++) {
        HostReport h = got.get(i).get(60, TimeUnit.SECONDS);
        HostReport e = expected.get(i % hosts.size());
        assertThat(located(h.result()).estimate()).as(h.target())
            .isEqualTo(located(e.result()).estimate());
        assertThat(located(h.result()).circle90()).as(h.target())
            .isEqualTo(located(e.result()).circle90());
        assertThat(h.geoIpStatus()).as(h.target()).isEqualTo(e.geoIpStatus());
        assertThat(h.signals()).as(h.target()).isEqualTo(e.signals());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void locate_badTarget_oneLineErrors() {
    HostLocator loc = locator(geo);
    List<VantageObservation> vs = europeanVantages();

    assertThatThrownBy(() -> loc.locate(null, vs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target address must not be null: pass an IP literal such as 192.0.2.1 or"
            + " 2001:db8::1");
    assertThatThrownBy(() -> loc.locate("  ", vs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("target address is blank");
    assertThatThrownBy(() -> loc.locate("www.example.com", vs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'www.example.com' is not an IP address literal")
        .hasMessageContaining("never resolves names")
        .hasMessageContaining("locateByName")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> loc.locate("192.0.2.300", vs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above 255");
    assertThatThrownBy(() -> loc.locate(FRANKFURT_HOST, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vantage observations must not be null");
    assertThatThrownBy(() -> loc.locate(FRANKFURT_HOST, vs, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Facts.UNKNOWN");
    assertThatThrownBy(() -> loc.locateByName(" ", vs, HostLocator.Facts.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target name must be non-blank, got ' '");
    assertThatThrownBy(() -> HostLocator.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fusion engine must not be null");
  }

  @Test
  void facts_validateAndDerive() {
    assertThatThrownBy(() -> HostLocator.Facts.of(-1.0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min RTT must be NaN (unknown) or finite >= 0 ms, got -1.0");
    assertThatThrownBy(() -> HostLocator.Facts.of(1.0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter must be NaN");
    assertThat(HostLocator.Facts.fromVantages(europeanVantages()).minRttMs())
        .isEqualTo(europeanVantages().stream().mapToDouble(VantageObservation::minRttMs).min()
            .orElseThrow());
    assertThat(HostLocator.Facts.fromVantages(List.of()).minRttMs()).isNaN();
    HostLocator.Facts f = HostLocator.Facts.of(RttEnvelope.of(12.4, 12.1, Double.NaN, 15.9));
    assertThat(f.minRttMs()).isEqualTo(12.1);
    assertThat(f.jitterMs()).isEqualTo(RttEnvelope.of(12.4, 12.1, Double.NaN, 15.9).jitterMs());
    assertThat(HostLocator.Facts.of(RttEnvelope.of(12.4, Double.NaN)).jitterMs()).isNaN();
  }

  @Test
  void locatedHost_inconsistentParts_rejected() throws Exception {
    HostReport h = locator(geo).locate(FRANKFURT_HOST, europeanVantages());

    assertThatThrownBy(() -> new HostReport("other", h.result(), h.vantages(), h.addressClass(),
        h.geoIpStatus(), h.geoIp(), h.asn(), h.asnProfile(), h.signals()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differs from the result's entity");
    assertThatThrownBy(() -> new HostReport(h.target(), h.result(), h.vantages(),
        h.addressClass(), HostReport.GeoIpStatus.NOT_IN_DATABASE, h.geoIp(), h.asn(),
        h.asnProfile(), h.signals()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly when the status is FOUND");
  }
}
