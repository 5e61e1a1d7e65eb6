package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracerouteCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path originTrace() throws IOException {
    Path f = dir.resolve("traceroute.json");
    DemoData.writeTraceroute(f);
    return f;
  }

  @Test
  void json_originCase_hop2IsSpikeOnPrivateBackboneAndHop3Clean() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", originTrace().toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode hops = JSON.readTree(r.out()).path("traces").get(0).path("hops");
    JsonNode hop1 = hops.get(0);
    JsonNode hop2 = hops.get(1);
    JsonNode hop3 = hops.get(2);
    assertThat(hop1.path("ttl").asInt()).isEqualTo(1);
    assertThat(hop1.path("min_rtt_ms").asDouble()).isEqualTo(1.49);
    assertThat(hop2.path("address").asText()).isEqualTo("10.12.0.1");
    assertThat(hop2.path("anomalies").toString())
        .contains("rtt_spike").contains("private_backbone");
    assertThat(hop2.path("delta_km").isNull()).as("no distance from the spike").isTrue();
    assertThat(hop3.path("anomalies").toString())
        .doesNotContain("rtt_spike").doesNotContain("non_monotonic")
        .doesNotContain("private_backbone");
    assertThat(hop3.path("delta_km").isNumber()).isTrue();
    // Δkm of hop 3 is measured from hop 1 (the last clean hop), never from the 235 ms spike.
    assertThat(hop3.path("delta_km").asDouble()).isBetween(3000.0, 3500.0);
    assertThat(hops.get(4).path("anomalies").toString()).contains("timeout");
  }

  @Test
  void ndjson_originCase_oneEventWithAnomalies() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", originTrace().toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode e = JSON.readTree(lines[0]);
    assertThat(e.path("type").asText()).isEqualTo("RECON_LATENCY_ANALYSIS");
    assertThat(e.path("entity").asText()).isEqualTo("212.102.40.218");
    assertThat(e.path("metrics").path("min_rtt").asDouble()).isEqualTo(53.1);
    assertThat(e.path("distance").path("max_km").asDouble()).isBetween(5200.0, 5400.0);
    assertThat(e.path("anomalies").toString())
        .contains("hop_latency_spike").contains("private_backbone_segment");
  }

  @Test
  void text_originCase_showsFlagsAndDistance() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", originTrace().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("10.12.0.1").contains("rtt_spike")
        .contains("distance to last clean hop");
  }

  @Test
  void call_jsonAndNdjson_isUsageError() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", originTrace().toString(), "--json",
        "--ndjson");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("geofusion: usage error: give only one of --json, --ndjson");
  }

  @Test
  void call_missingFile_exits1WithOneLine() {
    CliRun r = CliRun.of("traceroute", "--input", dir.resolve("nope.json").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("geofusion: error:").contains("no such file")
        .doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void call_notAMeasurementFile_exits1NamingIt() throws IOException {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "hello\nthis is not a traceroute\n");
    CliRun r = CliRun.of("traceroute", "--input", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a recognised measurement file");
  }

  @Test
  void call_malformedLine_reportedWithLineNumberAndRestRead() throws IOException {
    Path f = dir.resolve("mixed.jsonl");
    String good = Files.readString(originTrace()).strip();
    Files.writeString(f, good + "\n{\"broken\": \n" + good + "\n");
    CliRun r = CliRun.of("traceroute", "--input", f.toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip().split("\n")).hasSize(2);
    assertThat(r.err()).contains("mixed.jsonl:2");
  }

  @Test
  void call_unknownModel_isUsageError() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", originTrace().toString(), "--model", "warp");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown distance model 'warp'");
  }

  @Test
  void json_realRipeAtlasTraceroutes_everyRecordAnalysed() throws IOException {
    Path data = Paths.get(System.getProperty("geofusion.shared.data", "../shared/data"));
    Path f = data.resolve("ripe-atlas-sagan/test_traceroute.results.jsonl");
    assumeTrue(Files.exists(f), "shared data absent (" + f + "); skipping real-data CLI test");
    CliRun r = CliRun.of("traceroute", "--input", f.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode traces = JSON.readTree(r.out()).path("traces");
    // 22 records; line 22 has no destination (name resolution failed) and is reported, not lost.
    assertThat(traces.size()).isEqualTo(21);
    assertThat(r.err()).contains(":22: record skipped");
    for (JsonNode t : traces) {
      for (JsonNode h : t.path("hops")) {
        if (!h.path("delta_km").isNull()) {
          assertThat(h.path("delta_km").asDouble()).isGreaterThanOrEqualTo(0.0);
        }
      }
    }
  }
  /** The hand-written mtr fixtures of fusion-core (tests run in fusion-cli/). */
  private static Path coreFixture(String name) {
    Path f = Paths.get("..", "fusion-core", "src", "test", "resources", "formats", name);
    assertThat(Files.exists(f)).as(f + " next to fusion-cli").isTrue();
    return f;
  }

  @Test
  void ndjson_mtrWithHostNames_destinationAnsweredIsNotFlaggedUnreached() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", coreFixture("mtr-names-reached.json").toString(),
        "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode e = JSON.readTree(r.out().strip());
    assertThat(e.path("entity").asText()).isEqualTo("198.51.100.20");
    assertThat(e.path("anomalies").toString()).doesNotContain("destination_unreached");

    CliRun unreached = CliRun.of("traceroute", "--input",
        coreFixture("mtr-names-unreached.json").toString(), "--ndjson");
    assertThat(unreached.exitCode()).as(unreached.err()).isZero();
    assertThat(JSON.readTree(unreached.out().strip()).path("anomalies").toString())
        .contains("destination_unreached");
  }

  @Test
  void json_geoPathOfMtrWithHostNames_destinationReached() throws IOException {
    CliRun r = CliRun.of("geo-path", "--input", coreFixture("mtr-names-reached.json").toString(),
        "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode p = JSON.readTree(r.out()).path("geo_paths").get(0);
    assertThat(p.path("destination_reached").asBoolean()).as(p.toString()).isTrue();
  }

  @Test
  void ndjson_realMtrReportWithoutN_destinationReached() throws IOException {
    Path data = Paths.get(System.getProperty("geofusion.shared.data", "../shared/data"));
    Path f = data.resolve("mtr-json/multiflexi-mtr-README-example.json");
    assumeTrue(Files.exists(f), "shared data absent (" + f + "); skipping real mtr CLI test");
    CliRun r = CliRun.of("traceroute", "--input", f.toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode e = JSON.readTree(r.out().strip());
    assertThat(e.path("entity").asText()).isEqualTo("1.1.1.1");
    assertThat(e.path("anomalies").toString()).doesNotContain("destination_unreached");
  }

  /** `traceroute -n -q 3 127.0.0.2` on loopback with its header line cut off, then a silent hop. */
  private Path headerlessTrace() throws IOException {
    Path f = dir.resolve("headerless.txt");
    Files.writeString(f, " 1  127.0.0.2  0.383 ms  0.320 ms  0.308 ms\n 2  * * *\n");
    return f;
  }

  @Test
  void text_headerlessTranscript_destinationUnknownNotTheLastResponder() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", headerlessTrace().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("traceroute to an unknown destination")
        .doesNotContain("traceroute to 127.0.0.2")
        .contains("hop_timeout").doesNotContain("destination_unreached");
    assertThat(r.err()).contains("headerless.txt:1").contains("destination is unknown");
  }

  /** The first of {@code list} in {@code command --json} of the header-less trace. */
  private JsonNode headerlessJson(String command, String list) throws IOException {
    CliRun r = CliRun.of(command, "--input", headerlessTrace().toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode d = JSON.readTree(r.out()).path(list).get(0);
    assertThat(d.path("destination").isNull()).as(d.toString()).isTrue();
    return d;
  }

  @Test
  void json_headerlessTranscript_destinationNull() throws IOException {
    JsonNode t = headerlessJson("traceroute", "traces");
    assertThat(t.path("anomalies").toString()).contains("hop_timeout")
        .doesNotContain("destination_unreached");
  }

  @Test
  void ndjson_headerlessTranscript_noEventAndAWarning() throws IOException {
    CliRun r = CliRun.of("traceroute", "--input", headerlessTrace().toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isBlank();
    assertThat(r.err()).contains("headerless.txt:1: no RECON_LATENCY_ANALYSIS event");
  }

  @Test
  void geoPath_headerlessTranscript_reachUndecided() throws IOException {
    JsonNode p = headerlessJson("geo-path", "geo_paths");
    assertThat(p.path("destination_reached").isNull()).as(p.toString()).isTrue();
    CliRun text = CliRun.of("geo-path", "--input", headerlessTrace().toString());
    assertThat(text.out()).startsWith("geo-path to an unknown destination");
  }

  @Test
  void analyze_headerlessTranscript_noTargetIsMadeUp() throws IOException {
    CliRun r = CliRun.of("analyze", "--input", headerlessTrace().toString(), "--from", "0,0",
        "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("127.0.0.2");
    assertThat(r.err()).contains("1 trace(s) that do not name their destination");
  }
}
