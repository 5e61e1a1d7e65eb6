package io.geofusion.locate;

import static io.geofusion.locate.HostLocatorTest.ENGINE;
import static io.geofusion.locate.HostLocatorTest.FRANKFURT;
import static io.geofusion.locate.HostLocatorTest.europeanVantages;
import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.HostClass;
import io.geofusion.fusion.HostSignals;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostLocator} with an anonymous-IP database (type {@code GeoIP2-Anonymous-IP}, written by
 * {@link MmdbWriter}) next to a City database that puts every test address in Frankfurt, where
 * the European vantages' RTTs also put it: GeoIP agrees with the RTTs everywhere, so only the
 * listing can make a host a VPN exit.
 */
class HostLocatorAnonymousIpTest {

  static final String VPN_HOST = "62.115.40.1";
  static final String HOSTING_HOST = "62.115.40.130";
  static final String TOR_HOST = "62.115.40.200";
  static final String UNLISTED_HOST = "198.51.100.7";

  @TempDir static Path dir;

  static GeoIpService geo;

  @BeforeAll
  static void writeDatabases() throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Anon-Test-City")
        .insert("62.115.40.0/24", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", "Hesse", "Frankfurt"))
        .insert("198.51.100.0/24",
            MmdbWriter.cityRecord(FRANKFURT, 20, "DE", "Hesse", "Frankfurt"))
        .write(city);
    Path anon = dir.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("62.115.40.0/25", Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .insert("62.115.40.128/26", Map.of("is_anonymous", true, "is_hosting_provider", true))
        .insert("62.115.40.192/26", Map.of("is_anonymous", true, "is_tor_exit_node", true))
        .write(anon);
    geo = MaxMindGeoIpService.builder().database(city).anonymousIpDatabase(anon).build();
  }

  @AfterAll
  static void close() {
    geo.close();
  }

  static HostLocator locator() {
    return HostLocator.builder(ENGINE).geoIp(geo).build();
  }

  @Test
  void locate_listedVpn_vpnExitAlthoughGeoIpAgrees() throws Exception {
    HostReport h = locator().locate(VPN_HOST, europeanVantages());

    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.AGREES);
    assertThat(h.signals().anonymousProxy()).isTrue();
    AnonymousIpInfo a = h.anonymousIp().orElseThrow();
    assertThat(a.flags()).containsExactly("anonymous", "anonymous_vpn");
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
    assertThat(h.result().hostClass().confidence()).isEqualTo(0.9);
    assertThat(h.result().hostClass().reason()).contains("listed as an anonymous proxy");
  }

  @Test
  void locate_listedTorExit_vpnExit() throws Exception {
    HostReport h = locator().locate(TOR_HOST, europeanVantages());

    assertThat(h.anonymousIp().orElseThrow().torExitNode()).isTrue();
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
  }

  @Test
  void locate_unlisted_notVpnExit() throws Exception {
    HostReport h = locator().locate(UNLISTED_HOST, europeanVantages());

    assertThat(h.geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.AGREES);
    assertThat(h.anonymousIp()).isEmpty();
    assertThat(h.signals().anonymousProxy()).isFalse();
    assertThat(h.result().hostClass().label()).isNotEqualTo(HostClass.VPN_EXIT);
  }

  @Test
  void locate_hostingProviderOnly_recordedButNotAProxy() throws Exception {
    HostReport h = locator().locate(HOSTING_HOST, europeanVantages());

    assertThat(h.anonymousIp().orElseThrow().hostingProvider()).isTrue();
    assertThat(h.signals().anonymousProxy()).isFalse();
    assertThat(h.result().hostClass().label()).isNotEqualTo(HostClass.VPN_EXIT);
  }

  /**
   * The listing is not just a label: the VPN-exit class prior keeps 0.1 of the GeoIP layer's
   * weight, so with GeoIP as the only evidence the listed host's 90 % circle is wider than the
   * unlisted host's, although both GeoIP answers are Frankfurt ±20 km.
   */
  @Test
  void locate_geoIpOnly_listingWidensTheCircle() throws Exception {
    HostReport listed = locator().locate(VPN_HOST, List.of());
    HostReport unlisted = locator().locate(UNLISTED_HOST, List.of());

    assertThat(listed.geoIp().orElseThrow().position())
        .isEqualTo(unlisted.geoIp().orElseThrow().position());
    assertThat(listed.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
    assertThat(located(listed.result()).circle90().radiusKm())
        .isGreaterThan(located(unlisted.result()).circle90().radiusKm());
  }

  @Test
  void locate_callerListingIsKeptWhenTheDatabaseDoesNotList() throws Exception {
    HostReport h = locator().locate(UNLISTED_HOST, europeanVantages(),
        HostLocator.Facts.UNKNOWN.withAnonymousProxy(true));

    assertThat(h.anonymousIp()).isEmpty();
    assertThat(h.signals().anonymousProxy()).isTrue();
    assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
  }

  @Test
  void lookup_carriesTheListing() throws Exception {
    assertThat(locator().lookup(VPN_HOST).anonymousIp().orElseThrow().anonymousVpn()).isTrue();
    assertThat(locator().lookup(UNLISTED_HOST).anonymousIp()).isEmpty();
    assertThat(HostLocator.builder(ENGINE).build().lookup(VPN_HOST).anonymousIp()).isEmpty();
  }

  /** An anonymous-IP database in its own service, overlaid on the City service, works the same. */
  @Test
  void locate_anonymousServiceOverlaid_listingUsed() throws Exception {
    try (GeoIpService anonOnly = MaxMindGeoIpService.builder()
            .anonymousIpDatabase(dir.resolve("anon.mmdb")).build();
        GeoIpService city = MaxMindGeoIpService.open(dir.resolve("city.mmdb"))) {
      GeoIpService both = GeoIpService.overlay(anonOnly, city);
      HostReport h = HostLocator.builder(ENGINE).geoIp(both).build()
          .locate(VPN_HOST, europeanVantages());
      assertThat(h.geoIp()).isPresent();
      assertThat(h.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
    }
  }

  @Test
  void locatedHost_listingWithoutSignal_rejected() throws Exception {
    HostReport h = locator().locate(VPN_HOST, europeanVantages());
    HostSignals notListed = new HostSignals(h.signals().asnType(), h.signals().minRttMs(),
        h.signals().jitterMs(), false);

    assertThatThrownBy(() -> new HostReport(h.target(), h.result(), h.vantages(),
        h.addressClass(), h.geoIpStatus(), h.geoIp(), h.asn(), h.asnProfile(), notListed,
        h.anonymousIp()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[anonymous, anonymous_vpn]");
    // The constructor without anonymous-IP data is still there (source compatibility).
    HostReport old = new HostReport(h.target(), h.result(), h.vantages(), h.addressClass(),
        h.geoIpStatus(), h.geoIp(), h.asn(), h.asnProfile(), notListed);
    assertThat(old.anonymousIp()).isEqualTo(Optional.empty());
  }
}
