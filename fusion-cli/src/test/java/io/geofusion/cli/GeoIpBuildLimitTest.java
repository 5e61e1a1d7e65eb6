package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geoip build} stops at a program-set number of networks and of search-tree nodes, with a
 * one-line error naming the limit and its option, and writes nothing (issue 19: a build's memory
 * was bounded only by the input).
 */
class GeoIpBuildLimitTest {

  @TempDir Path dir;

  private Path csv(int rows) throws Exception {
    StringBuilder b = new StringBuilder("network,latitude,longitude,city\n");
    for (int i = 0; i < rows; i++) {
      b.append("10.0.").append(i).append(".0/24,52.37,4.89,City").append(i).append('\n');
    }
    return Files.writeString(dir.resolve("nets.csv"), b);
  }

  @Test
  void build_moreNetworksThanMaxNetworks_oneLineErrorNothingWritten() throws Exception {
    Path csv = csv(4);
    Path out = dir.resolve("o.mmdb");
    CliRun r = CliRun.of("geoip", "build", "--max-networks", "3", "--csv", csv.toString(),
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n")
        .contains(csv + ":5: more than 3 network rows, above the limit geoipNetworks (3;")
        .contains("--max-networks N");
    assertThat(out).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(csv); // no temporary file either
    }

    CliRun ok = CliRun.of("geoip", "build", "--max-networks", "4", "--csv", csv.toString(),
        out.toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("wrote 4 network(s)");
  }

  @Test
  void build_treeNodesPastMaxTreeNodes_oneLineErrorNothingWritten() throws Exception {
    Path csv = Files.writeString(dir.resolve("v6.csv"),
        "network,latitude,longitude\n::1/128,1,1\n8000::1/128,1,1\n");
    Path out = dir.resolve("o.mmdb");
    CliRun r = CliRun.of("geoip", "build", "--max-tree-nodes", "200", "--csv", csv.toString(),
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n")
        .contains("above the limit geoipTreeNodes (200; raise with --max-tree-nodes N");
    assertThat(out).doesNotExist();
  }

  @Test
  void build_maxNetworksNotPositive_usageError() throws Exception {
    CliRun r = CliRun.of("geoip", "build", "--max-networks", "0", "--csv",
        csv(1).toString(), dir.resolve("o.mmdb").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--max-networks must be a positive number of networks, got 0");
  }
}
