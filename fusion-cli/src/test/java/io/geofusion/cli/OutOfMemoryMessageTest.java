package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for a legitimately large input ends the command with one line, exit 1, and
 * the stack only with {@code --verbose} (issue 19: 22 runs printed a raw {@code
 * OutOfMemoryError} stack). The input is one RIPE traceroute hop with 200,000 responders, let
 * past the record limit on purpose, in a real JVM with a 32 MB heap.
 */
class OutOfMemoryMessageTest {

  @TempDir Path dir;

  private Path trace() throws IOException {
    StringBuilder sb = new StringBuilder(14_000_000);
    sb.append("{\"fw\":4790,\"type\":\"traceroute\",\"af\":4,\"proto\":\"ICMP\",\"prb_id\":6001,")
        .append("\"msm_id\":2,\"timestamp\":1795600100,\"from\":\"192.0.2.1\",")
        .append("\"src_addr\":\"192.168.1.20\",\"dst_addr\":\"198.51.100.20\",\"size\":48,")
        .append("\"paris_id\":1,\"result\":[{\"hop\":1,\"result\":[");
    for (int i = 0; i < 200_000; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"from\":\"10.").append(i >> 16).append('.')
          .append((i >> 8) & 255).append('.').append(i & 255).append("\",\"rtt\":")
          .append(1.0 + i * 1e-5).append(",\"size\":68,\"ttl\":255}");
    }
    sb.append("]}]}\n");
    return Files.writeString(dir.resolve("trace.json"), sb, StandardCharsets.UTF_8);
  }

  private String run(Path input, boolean verbose, int[] exit) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx32m", "-Dgeofusion.limit.jsonRecordBytes=67108864", "-cp",
        System.getProperty("java.class.path"), GeoFusionCommand.class.getName(),
        "traceroute", "--input", input.toString()));
    if (verbose) {
      cmd.add("--verbose");
    }
    Path log = dir.resolve("err" + verbose + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("GEOFUSION_CONFIG", "/dev/null");
    Process p = pb.start();
    // Liveness only: a busy 2-core machine.
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
    exit[0] = p.exitValue();
    return Files.readString(log);
  }

  @Test
  void heapTooSmall_oneLineExit1_stackOnlyWithVerbose() throws Exception {
    Path input = trace();
    int[] exit = new int[1];

    String err = run(input, false, exit);
    assertThat(exit[0]).as(err).isEqualTo(1);
    assertThat(err.strip()).isEqualTo(GeoFusionCommand.OUT_OF_MEMORY);

    String verbose = run(input, true, exit);
    assertThat(exit[0]).as(verbose).isEqualTo(1);
    assertThat(verbose).startsWith(GeoFusionCommand.OUT_OF_MEMORY).contains("\tat ");
  }
}
