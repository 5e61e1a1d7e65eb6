package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --geoip-*} option and {@code --asn-db} checks the type of the database it is given
 * and refuses the wrong one, naming the type it found. Before the fix {@code pcap --asn-db} took
 * a City database and silently wrote 0 host→ASN edges, and {@code --geoip-city}/{@code
 * --geoip-asn}/{@code --geoip-overlay} took any database.
 */
class GeoIpDatabaseTypeTest {

  @TempDir Path dir;
  private Path city;
  private Path asn;

  @BeforeEach
  void databases() throws IOException {
    city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Test-City-Shaped").insert("192.0.2.0/24",
        MmdbWriter.cityRecord(LatLon.of(52.37, 4.90), 10, "NL", null, "Amsterdam")).write(city);
    asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("GeoLite2-ASN").insert("192.0.2.0/24", Map.of("autonomous_system_number",
        MmdbInteger.uint32(64500), "autonomous_system_organization", "Example")).write(asn);
  }

  private static void refused(CliRun r, String option, String type, String missing) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("geofusion: error: " + option)
        .contains("'" + type + "'").contains("holds no " + missing);
  }

  @Test
  void geoipLookup_wrongDatabaseForEachOption_refusedNamingTheTypeFound() {
    refused(CliRun.of("geoip", "lookup", "192.0.2.1", "--geoip-asn", city.toString()),
        "--geoip-asn", "Test-City-Shaped", "AS numbers");
    refused(CliRun.of("geoip", "lookup", "192.0.2.1", "--geoip-city", asn.toString()),
        "--geoip-city", "GeoLite2-ASN", "locations");
    refused(CliRun.of("geoip", "lookup", "192.0.2.1", "--geoip-overlay", asn.toString(),
        "--geoip-city", city.toString()), "--geoip-overlay", "GeoLite2-ASN", "locations");
    refused(CliRun.of("geoip", "lookup", "192.0.2.1", "--geoip-anonymous", city.toString()),
        "--geoip-anonymous", "Test-City-Shaped", "anonymous-IP flags");
    CliRun right = CliRun.of("geoip", "lookup", "192.0.2.1", "--geoip-city", city.toString(),
        "--geoip-asn", asn.toString());
    assertThat(right.exitCode()).as(right.err()).isZero();
    assertThat(right.out()).contains("Amsterdam").contains("AS64500");
  }

  @Test
  void pcapAsnDb_cityDatabase_refusedNamingTheTypeFound() throws IOException {
    Path f = Files.write(dir.resolve("hs.pcap"), PcapCommandTest.handshake());
    refused(CliRun.of("pcap", "--graph", dir.resolve("g.snap").toString(), "--asn-db",
        city.toString(), f.toString()), "--geoip-asn", "Test-City-Shaped", "AS numbers");
  }
}
