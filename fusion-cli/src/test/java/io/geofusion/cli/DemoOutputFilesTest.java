package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --out DIR} writes no file through a symlink sitting at one of its names, and its
 * files (a {@code .mmdb} among them) get the mode any new file gets under the umask, not 0600
 * (issue 19: demo wrote through symlinks; snapshots and {@code .mmdb} files were 0600).
 */
class DemoOutputFilesTest {

  @TempDir Path dir;

  @Test
  void demo_symlinksAtItsNames_areReplacedNotWrittenThrough() throws Exception {
    Path out = Files.createDirectory(dir.resolve("demo"));
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep");
    for (String name : new String[] {"pings.jsonl", "geoip-demo.mmdb"}) {
      Files.createSymbolicLink(out.resolve(name), victim);
    }

    CliRun r = CliRun.of("demo", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(victim)).isEqualTo("keep");
    for (String name : new String[] {"pings.jsonl", "geoip-demo.mmdb"}) {
      assertThat(Files.isSymbolicLink(out.resolve(name))).as(name).isFalse();
      assertThat(Files.size(out.resolve(name))).as(name).isPositive();
    }
  }

  @Test
  void demo_filesGetTheModeOfAnyNewFile() throws Exception {
    Path out = dir.resolve("demo");
    CliRun r = CliRun.of("demo", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();

    Set<PosixFilePermission> fresh =
        Files.getPosixFilePermissions(Files.createFile(dir.resolve("fresh")));
    for (String name : new String[] {"geoip-demo.mmdb", "pings.jsonl", "vantages.csv"}) {
      assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name).isEqualTo(fresh);
    }
  }
}
