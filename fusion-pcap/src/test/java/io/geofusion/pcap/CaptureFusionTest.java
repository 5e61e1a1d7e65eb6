package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.SYN;
import static io.geofusion.pcap.Fixtures.SYNACK;
import static io.geofusion.pcap.Fixtures.tcp4;
import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostClass;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passive RTT located like an active probe's: with an anonymous-IP database a listed VPN exit is
 * classified {@code vpn_exit} and its GeoIP layer keeps a tenth of its weight, even though GeoIP
 * (London) agrees with the 12 ms bound from Paris. (Where GeoIP agrees with the RTT the circle
 * barely changes: a VPN's invented location would rarely also fit the RTT, so the coincidence
 * still favours it.)
 */
class CaptureFusionTest {

  private static final long T0 = 1_700_000_000L * 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final LatLon PARIS = LatLon.of(48.85, 2.35);
  private static final LatLon LONDON = LatLon.of(51.51, -0.13);

  @TempDir Path dir;

  @Test
  void locate_listedVpnExit_isVpnExitAndItsCircleIsTheRttsNotGeoIps() throws Exception {
    byte[] c = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET)
        .add(T0, tcp4("10.1.1.1", 40000, "198.51.100.7", 443, 1000, 0, SYN))
        .add(T0 + 12 * MS, tcp4("198.51.100.7", 443, "10.1.1.1", 40000, 5000, 1001, SYNACK))
        .add(T0 + 20 * MS, tcp4("10.1.1.1", 40001, "198.51.100.8", 443, 1000, 0, SYN))
        .add(T0 + 32 * MS, tcp4("198.51.100.8", 443, "10.1.1.1", 40001, 5000, 1001, SYNACK))
        .bytes();
    CaptureSummary s = CaptureIngestTest.analyze(c);
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Capture-Test-City")
        .insert("198.51.100.0/24", MmdbWriter.cityRecord(LONDON, 10, "GB", "England", "London"))
        .write(city);
    Path anon = dir.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("198.51.100.7/32", Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .write(anon);
    try (GeoIpService geo = MaxMindGeoIpService.builder().database(city)
        .anonymousIpDatabase(anon).build()) {
      HostLocator locator = HostLocator.builder(FusionEngine.create()).geoIp(geo)
          .build();
      Map<InetAddress, HostReport> hosts = CaptureFusion.locate(s, PARIS, 0.0, locator);
      HostReport vpn = hosts.get(Fixtures.ip("198.51.100.7"));
      HostReport plain = hosts.get(Fixtures.ip("198.51.100.8"));
      assertThat(vpn.anonymousIp()).isPresent();
      assertThat(vpn.result().hostClass().label()).isEqualTo(HostClass.VPN_EXIT);
      assertThat(plain.anonymousIp()).isEmpty();
      assertThat(plain.result().hostClass().label()).isNotEqualTo(HostClass.VPN_EXIT);
      // Same RTT, same GeoIP: only the listing differs, and it cuts GeoIP's weight tenfold.
      assertThat(located(plain.result()).diagnostics().geoIpWeight()).isEqualTo(0.9);
      assertThat(located(vpn.result()).diagnostics().geoIpWeight()).isCloseTo(0.09,
          org.assertj.core.data.Offset.offset(1e-12));
      assertThat(located(vpn.result()).circle90().radiusKm())
          .isGreaterThanOrEqualTo(located(plain.result()).circle90().radiusKm());
      // The engine-only overload gives the same results as the locator it builds.
      var viaFuse = CaptureFusion.fuse(s, PARIS, 0.0, geo, FusionEngine.create());
      assertThat(located(viaFuse.get(Fixtures.ip("198.51.100.7"))).circle90().radiusKm())
          .isEqualTo(located(vpn.result()).circle90().radiusKm());
    }
  }

  @Test
  void locate_lanHostAtZeroRtt_isHereNotAnywhere() throws Exception {
    // Same-timestamp SYN and SYN-ACK (a capture's samples all reading 0.000 ms): before the
    // fix the host got a near-global circle; it is at the capture point, within a few km.
    Fixtures.Pcap p = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET);
    for (int i = 0; i < 5; i++) {
      p.add(T0 + i * MS, tcp4("10.1.1.1", 40000 + i, "10.1.1.2", 22, 1000, 0, SYN))
          .add(T0 + i * MS, tcp4("10.1.1.2", 22, "10.1.1.1", 40000 + i, 5000, 1001, SYNACK));
    }
    CaptureSummary s = CaptureIngestTest.analyze(p.bytes());
    HostLocator locator = HostLocator.builder(FusionEngine.create()).build();
    HostReport lan = CaptureFusion.locate(s, PARIS, 0.0, locator).get(Fixtures.ip("10.1.1.2"));
    assertThat(lan).isNotNull();
    FusionResult.Located r = located(lan.result());
    assertThat(io.geofusion.geo.Geodesy.distanceKm(r.estimate(), PARIS)).isLessThan(30.0);
    assertThat(r.circle90().radiusKm()).isLessThan(50.0);
  }
}
