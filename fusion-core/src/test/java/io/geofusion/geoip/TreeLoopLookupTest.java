package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain lookup in a database whose search tree loops is a corruption error, not a silent miss
 * (issue 19; {@code geoip verify} walks the whole tree, a lookup only its own path).
 */
class TreeLoopLookupTest {

  @TempDir Path dir;

  private Path database(int version) throws Exception {
    Path f = dir.resolve("o" + version + ".mmdb");
    MmdbWriter w = (version == 4 ? MmdbWriter.ipv4("GeoIP2-City")
        : MmdbWriter.ipv6("GeoIP2-City")).recordSize(24);
    // More networks on the left of the tree than opening probes, so that opening never walks
    // into the right half, where the loop is: only a lookup there meets it.
    for (int i = 0; i < 200; i++) {
      w.insert("10.0." + i + ".0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL",
          null, "Amsterdam"));
    }
    w.write(f);
    return f;
  }

  /** Node 0's right record (bytes 3..5 with 24-bit records) points back at node 0. */
  private static void loopRootRight(Path f) throws Exception {
    byte[] b = Files.readAllBytes(f);
    b[3] = 0;
    b[4] = 0;
    b[5] = 0;
    Files.write(f, b);
  }

  @Test
  void locate_pathThatLoops_isCorruptionNotAMiss() throws Exception {
    Path f = database(4);
    loopRootRight(f);
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(f)) {
      // 255.255.255.255 turns right at every bit: round the loop until its bits run out
      assertThatThrownBy(() -> s.locate(InetAddress.getByName("255.255.255.255")))
          .isInstanceOf(DatabaseCorruptException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("255.255.255.255 does not end after its 32 bits");
      // a path that does not pass through the loop still answers
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
  }

  @Test
  void locate_ordinaryMiss_staysAMiss() throws Exception {
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(database(4))) {
      assertThat(s.locate(InetAddress.getByName("192.0.2.1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("2001:db8::1"))).isEmpty();
    }
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(database(6))) {
      assertThat(s.locate(InetAddress.getByName("192.0.2.1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("2001:db8::1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
  }
}
