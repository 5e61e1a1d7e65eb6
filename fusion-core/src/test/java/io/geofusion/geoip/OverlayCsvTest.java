package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import io.geofusion.net.IpAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OverlayCsv}: good rows become networks, bad rows are reported, bad headers fail. */
class OverlayCsvTest {

  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    return Files.writeString(dir.resolve("nets.csv"), text);
  }

  @Test
  void read_goodAndBadRows_writesTheGoodReportsTheBad() throws Exception {
    MmdbWriter w = MmdbWriter.ipv6("Test-Overlay");
    OverlayCsv.Result r = OverlayCsv.read(csv("City,network,latitude,longitude,country_iso_code\n"
        + "\"Amsterdam, Noord\",10.0.0.0/8,52.37,4.90,NL\n# comment\n\n"
        + "x,10.1.0.0/33,1,1,\nx,172.16.0.0/12,95,1,\n"), w);

    assertThat(r.networks()).isEqualTo(1);
    assertThat(r.problems()).extracting(OverlayCsv.Problem::line).containsExactly(5, 6);
    assertThat(r.problems().get(1).message()).contains("latitude must be in [-90, 90]");
    Path db = dir.resolve("o.mmdb");
    w.write(db);
    try (GeoIpService s = MaxMindGeoIpService.open(db)) {
      GeoIpLocation l = s.locate(IpAddresses.parse("10.9.9.9")).orElseThrow();
      assertThat(l.position()).isEqualTo(LatLon.of(52.37, 4.90));
      assertThat(l.accuracyRadiusKm()).isEqualTo(OverlayCsv.DEFAULT_RADIUS_KM);
      assertThat(l.countryIsoCode()).isEqualTo("NL");
      assertThat(l.city()).isEqualTo("Amsterdam, Noord");
    }
  }

  @Test
  void read_unusableHeader_oneLineErrorNamingFileAndLine() throws Exception {
    Path unknown = csv("network,lat,longitude\n");
    assertThatThrownBy(() -> OverlayCsv.read(unknown, MmdbWriter.ipv6("T")))
        .isInstanceOf(InvalidOverlayCsvException.class)
        .hasMessageStartingWith(unknown + ":1: unknown column 'lat'; known columns: network,");
    Path missing = csv("network,latitude\n");
    assertThatThrownBy(() -> OverlayCsv.read(missing, MmdbWriter.ipv6("T")))
        .hasMessage(missing + ":1: the header has no 'longitude' column");
    Path empty = csv("");
    assertThatThrownBy(() -> OverlayCsv.read(empty, MmdbWriter.ipv6("T")))
        .hasMessage(empty + ": empty file; expected a header line with at least"
            + " network,latitude,longitude");
  }

  @Test
  void read_rowWithoutLatitudeOrNetwork_isReportedNotACrash() throws Exception {
    MmdbWriter w = MmdbWriter.ipv6("Test-Overlay");
    OverlayCsv.Result r = OverlayCsv.read(csv("network,latitude,longitude\n"
        + "10.0.0.0/8,,4.90\n172.16.0.0/12,52.37\n,52.37,4.90\n192.168.0.0/16,52.37,4.90\n"), w);

    assertThat(r.networks()).isEqualTo(1);
    assertThat(r.problems()).extracting(OverlayCsv.Problem::line).containsExactly(2, 3, 4);
    assertThat(r.problems()).extracting(OverlayCsv.Problem::message).containsExactly(
        "no latitude: every row needs network, latitude and longitude",
        "no longitude: every row needs network, latitude and longitude",
        "no network: every row needs network, latitude and longitude");
  }

  @Test
  void read_hostileRows_areReportedWithAClearReason() throws Exception {
    MmdbWriter w = MmdbWriter.ipv6("Test-Overlay");
    OverlayCsv.Result r = OverlayCsv.read(csv("network,latitude,longitude,country_iso_code\n"
        + "10.0.0.0,1,1,\n10.0.0.0/08,1,1,\nfe80::1%eth0/128,1,1,\n10.2.0.0/16,1,1,USA\n"
        + "10.3.0.0/16,1,1,us\n10.4.0.0/16,1,1,\u00dc\u00dc\n10.5.0.0/16,1e10,1,\n"
        + "10.6.0.0/16,x,1,\n10.7.0.0/16,1,1,DE\n"), w);
    assertThat(r.networks()).isEqualTo(1);
    assertThat(r.problems()).extracting(OverlayCsv.Problem::line)
        .containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(r.problems()).extracting(OverlayCsv.Problem::message)
        .allSatisfy(m -> assertThat(m).doesNotContain("For input string"))
        .anySatisfy(m -> assertThat(m).contains("'10.0.0.0' is not ADDRESS/PREFIX"))
        .anySatisfy(m -> assertThat(m).contains("'USA' is not an ISO 3166-1 alpha-2"))
        .anySatisfy(m -> assertThat(m).contains("latitude must be in [-90, 90]"))
        .anySatisfy(m -> assertThat(m).contains("latitude 'x' is not a number"));
  }

  @Test
  void read_duplicatedHeaderColumn_isRefused() throws Exception {
    Path f = csv("network,latitude,longitude,latitude\n");
    assertThatThrownBy(() -> OverlayCsv.read(f, MmdbWriter.ipv6("T")))
        .isInstanceOf(InvalidOverlayCsvException.class)
        .hasMessage(f + ":1: column 'latitude' appears twice");
  }

  @Test
  void read_moreRowsThanTheLimit_oneLineErrorNamingLimitAndOption() throws Exception {
    String header = "network,latitude,longitude\n";
    String rows = "10.0.0.0/24,1,1\n10.0.1.0/24,1,1\n10.0.2.0/33,1,1\n";
    OverlayCsv.Result r = OverlayCsv.read(csv(header + rows), MmdbWriter.ipv6("T"), 3, 1000);
    assertThat(r.networks()).isEqualTo(2); // at the limit (a bad row counts): still read

    Path over = csv(header + rows + "10.0.3.0/24,1,1\n");
    assertThatThrownBy(() -> OverlayCsv.read(over, MmdbWriter.ipv6("T"), 3, 1000))
        .isInstanceOf(InvalidOverlayCsvException.class)
        .hasMessage(over + ":5: more than 3 network rows, above the limit geoipNetworks (3;"
            + " raise with --max-networks N or -Dgeofusion.limit.geoipNetworks=N); nothing"
            + " written");
  }

  @Test
  void read_scatteredNetworksPastTheNodeLimit_oneLineErrorNamingLimitAndOption()
      throws Exception {
    // two IPv6 /128s that part at the first bit: about 2 x 127 nodes, where 2 /24s side by
    // side need about 120 in all
    Path scattered = csv("network,latitude,longitude\n::1/128,1,1\n8000::1/128,1,1\n");
    MmdbWriter w = MmdbWriter.ipv6("T");
    assertThatThrownBy(() -> OverlayCsv.read(scattered, w, 1000, 200))
        .isInstanceOf(InvalidOverlayCsvException.class)
        .hasMessageStartingWith(scattered + ":3: the networks so far need more than 200"
            + " search-tree nodes")
        .hasMessageEndingWith("above the limit geoipTreeNodes (200; raise with --max-tree-nodes N"
            + " or -Dgeofusion.limit.geoipTreeNodes=N); nothing written");
    assertThat(w.treeNodes()).isGreaterThan(200);
    Path adjacent = csv("network,latitude,longitude\n10.0.0.0/24,1,1\n10.0.1.0/24,1,1\n");
    assertThat(OverlayCsv.read(adjacent, MmdbWriter.ipv6("T"), 1000, 200).networks())
        .isEqualTo(2);
  }
}
