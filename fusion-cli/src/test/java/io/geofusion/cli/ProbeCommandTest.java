package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path pings() throws IOException {
    Path f = dir.resolve("pings.jsonl");
    DemoData.writePings(f, new SplittableRandom(7));
    return f;
  }

  @Test
  void json_demoPings_envelopeDistanceAndConfidencePerTarget() throws IOException {
    CliRun r = CliRun.of("probe", "--input", pings().toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode results = JSON.readTree(r.out()).path("results");
    assertThat(results.size()).isEqualTo(DemoData.TARGETS.size() * DemoData.VANTAGES.size());
    for (JsonNode res : results) {
      JsonNode m = res.path("metrics");
      JsonNode d = res.path("distance");
      assertThat(m.path("min_rtt").asDouble()).isPositive();
      assertThat(m.path("min_rtt").asDouble()).isLessThanOrEqualTo(m.path("median_rtt").asDouble());
      assertThat(d.path("min_km").asDouble()).isLessThanOrEqualTo(d.path("estimate_km").asDouble());
      assertThat(d.path("estimate_km").asDouble()).isLessThanOrEqualTo(d.path("max_km").asDouble());
      // The hard bound: (min RTT) x 2/3 c / 2.
      assertThat(d.path("max_km").asDouble())
          .isCloseTo(Math.min(20003.931, m.path("min_rtt").asDouble() * 99.930819),
              org.assertj.core.data.Offset.offset(0.5));
      assertThat(d.path("confidence").asDouble()).isBetween(0.0, 1.0);
    }
    JsonNode tokyo = null;
    for (JsonNode res : results) {
      if (res.path("target").asText().equals("133.11.0.77")
          && res.path("vantage").asText().equals("atlas-probe:6001")) {
        tokyo = res;
      }
    }
    assertThat(tokyo).as("Tokyo from probe 6001").isNotNull();
    assertThat(tokyo.path("anomalies").toString()).contains("packet_loss");
    assertThat(tokyo.path("rtt_ms").get(3).isNull()).as("lost probe is null").isTrue();
  }

  @Test
  void ndjson_demoPings_oneEventPerTarget() throws IOException {
    CliRun r = CliRun.of("probe", "--input", pings().toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(DemoData.TARGETS.size() * DemoData.VANTAGES.size());
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      assertThat(e.path("type").asText()).isEqualTo("RECON_LATENCY_ANALYSIS");
      assertThat(e.path("metrics").has("min_rtt")).isTrue();
      assertThat(e.path("metrics").has("median_rtt")).isTrue();
      assertThat(e.path("metrics").has("jitter")).isTrue();
      assertThat(e.path("distance").has("estimate_km")).isTrue();
      assertThat(e.path("distance").has("confidence")).isTrue();
    }
  }

  @Test
  void call_localDelay_shrinksTheBound() throws IOException {
    Path f = pings();
    JsonNode a = JSON.readTree(CliRun.of("probe", "--input", f.toString(), "--json").out());
    JsonNode b = JSON.readTree(
        CliRun.of("probe", "--input", f.toString(), "--json", "--local-delay", "5").out());
    double maxA = a.path("results").get(0).path("distance").path("max_km").asDouble();
    double maxB = b.path("results").get(0).path("distance").path("max_km").asDouble();
    assertThat(maxB).isCloseTo(maxA - 5 * 99.930819, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void call_negativeLocalDelay_isUsageError() throws IOException {
    CliRun r = CliRun.of("probe", "--input", pings().toString(), "--local-delay", "-3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--local-delay");
  }

  @Test
  void text_realPingFiles_everyFormatReads() throws IOException {
    Path data = Paths.get(System.getProperty("geofusion.shared.data", "../shared/data"));
    assumeTrue(Files.isDirectory(data), "shared data absent (" + data + "); skipping");
    for (String f : new String[] {
        "ripe-atlas-sagan/test_ping.results.jsonl",
        "ripe-atlas-tools/tests.ping_traceroute.results.jsonl"}) {
      Path p = data.resolve(f);
      if (!Files.exists(p)) {
        continue;
      }
      CliRun r = CliRun.of("probe", "--input", p.toString());
      assertThat(r.exitCode()).as(f + ": " + r.err()).isZero();
      assertThat(r.out()).contains("TARGET").contains("EST_KM");
    }
  }

  @Test
  void version_printsProjectVersion() {
    CliRun r = CliRun.of("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("geofusion ").doesNotContain("unknown");
  }

  @Test
  void call_unknownOption_exits2WithHint() {
    CliRun r = CliRun.of("--frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown option '--frobnicate'").contains("--help");
  }

  @Test
  void help_listsEveryExitStatusIncludingNoUsableReply() throws IOException {
    CliRun r = CliRun.of("probe", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Exit status:").containsPattern("(?m)^ +2 +usage error$")
        .containsPattern("(?m)^ +3 +no usable reply from any target");
  }
}
