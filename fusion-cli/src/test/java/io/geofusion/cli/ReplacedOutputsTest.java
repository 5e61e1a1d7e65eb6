package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file outputs that were written in place ({@code --geojson FILE}, {@code graph export --out})
 * now replace the file whole (temporary file + atomic rename, {@code AtomicFile}), as {@code
 * guardrail --out} does (docs/reliability.md, "Concurrent writers"): a process that opened the
 * previous file before the run still reads that document whole, never a truncated or half-written
 * one, and the new file is complete. Before, the file was truncated and rewritten under the
 * reader, which read the new bytes (or none).
 */
class ReplacedOutputsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  /** Runs {@code run} while a reader holds {@code out} open, and checks what each sees. */
  private static void assertReplacedWhole(Path out, Runnable run) throws IOException {
    String old = "{\"type\":\"FeatureCollection\",\"features\":[],\"old\":\""
        + "x".repeat(100_000) + "\"}\n";
    Files.writeString(out, old);
    try (FileChannel held = FileChannel.open(out, StandardOpenOption.READ)) {
      run.run();
      ByteBuffer b = ByteBuffer.allocate(old.length() + 1024);
      while (held.read(b) > 0) {
        // reads to the end of what the held file has now
      }
      assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8))
          .as("what a reader of the previous file reads").isEqualTo(old);
    }
    String now = Files.readString(out);
    assertThat(MAPPER.readTree(now).path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(now).doesNotContain("\"old\"");
  }

  @Test
  void pcapGeojson_replacesTheFileWholeInsteadOfRewritingIt() throws IOException {
    Path capture = Files.write(dir.resolve("hs.pcap"), PcapCommandTest.handshake());
    Path map = dir.resolve("map.geojson");
    assertReplacedWhole(map, () -> {
      CliRun r = CliRun.of("pcap", "--geojson", map.toString(), "--vantage", "52.37,4.90",
          capture.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
    });
  }

  @Test
  void graphExportOut_replacesTheFileWholeInsteadOfRewritingIt() throws IOException {
    Path capture = Files.write(dir.resolve("hs.pcap"), PcapCommandTest.handshake());
    Path snap = dir.resolve("g.snap");
    CliRun load = CliRun.of("pcap", "--graph", snap.toString(), "--vantage", "52.37,4.90",
        capture.toString());
    assertThat(load.exitCode()).as(load.err()).isZero();
    Path geo = dir.resolve("hosts.geojson");
    assertReplacedWhole(geo, () -> {
      CliRun r = CliRun.of("graph", "export", "--snapshot", snap.toString(), "--out",
          geo.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
    });
  }
}
