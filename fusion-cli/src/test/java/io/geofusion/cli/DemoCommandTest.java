package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void demo_writesDataAndRunsEveryStep() {
    CliRun r = CliRun.of("demo", "--out", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (String f : new String[] {"traceroute.json", "pings.jsonl", "vantages.csv",
        "geoip-demo.mmdb", "groundtruth.ndjson"}) {
      assertThat(dir.resolve(f)).exists();
    }
    assertThat(r.out()).contains("$ geofusion traceroute").contains("rtt_spike")
        .contains("$ geofusion geo-path").contains("geoip_infeasible")
        .contains("$ geofusion analyze").contains("location_inconsistency")
        .contains("$ geofusion eval").contains("coverage_90");
  }

  @Test
  void demo_sameSeed_sameData() throws Exception {
    CliRun.of("demo", "--out", dir.resolve("a").toString(), "--seed", "5");
    CliRun.of("demo", "--out", dir.resolve("b").toString(), "--seed", "5");
    assertThat(Files.readString(dir.resolve("a/pings.jsonl")))
        .isEqualTo(Files.readString(dir.resolve("b/pings.jsonl")));
    assertThat(Files.readString(dir.resolve("a/groundtruth.ndjson")))
        .isEqualTo(Files.readString(dir.resolve("b/groundtruth.ndjson")));
  }
}
