package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import io.geofusion.geoip.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geoip verify}: a search-tree loop is corruption, not a silent miss (issue 19). */
class GeoIpVerifyTest {

  @TempDir Path dir;

  private Path database() throws Exception {
    Path f = dir.resolve("o.mmdb");
    MmdbWriter.ipv4("GeoFusion-Overlay-City").recordSize(24)
        .insert("192.0.2.0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL", null,
            "Amsterdam"))
        .write(f);
    return f;
  }

  @Test
  void verify_goodDatabase_saysOk() throws Exception {
    Path f = database();
    CliRun r = CliRun.of("geoip", "verify", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(f + ": ok");
  }

  @Test
  void verify_treeLoop_isCorruptionExitOne() throws Exception {
    Path f = database();
    byte[] b = Files.readAllBytes(f);
    // Node 0's right record (bytes 3..5 with 24-bit records) points back at node 0: a loop.
    b[3] = 0;
    b[4] = 0;
    b[5] = 0;
    Files.write(f, b);
    CliRun r = CliRun.of("geoip", "verify", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("is corrupt").contains("points back to the root node")
        .doesNotContain("at io.geofusion");
  }
}
