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
        + "\"Amsterdam, Noord\",10.0.0.0/8,52.37,4.90,nl\n# comment\n\n"
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
}
