package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A line without an end, through the commands that read one (issue 19: {@code --config
 * /dev/zero} and {@code guardrail --input /dev/zero} ran out of memory): one line naming the
 * file, the line and the limit, exit 1. The limit is lowered to 1,024 bytes so that a 4 KB line
 * passes it; the readers themselves are tested in fusion-core ({@code HostileTextTest}).
 */
class LineLimitCliTest {

  private static final String PROPERTY = "geofusion.limit.lineBytes";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"guardrail --input LONG", "probe --config LONG --input PINGS",
      "graph load --snapshot SNAP LONG"})
  void lineLongerThanTheLimit_oneLineNamingFileLineAndLimit(String command) throws Exception {
    Path longLine = Files.writeString(dir.resolve("long.txt"), "a".repeat(4096) + "\n");
    Path pings = Files.writeString(dir.resolve("pings.txt"),
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
    String[] args = command.replace("LONG", longLine.toString())
        .replace("PINGS", pings.toString()).replace("SNAP", dir.resolve("g.snap").toString())
        .split(" ");
    System.setProperty(PROPERTY, "1024");
    CliRun r;
    try {
      r = CliRun.of(args);
    } finally {
      System.clearProperty(PROPERTY);
    }

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n")
        .contains(longLine + ":1: line longer than 1024 bytes")
        .contains("-Dgeofusion.limit.lineBytes=N");
  }
}
