package io.geofusion.cli;

import static io.geofusion.probe.remote.LoopbackHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.probe.remote.LoopbackHttp;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --atlas} and {@code --atlas-measurement} end to end against a loopback server
 * answering in the RIPE Atlas API's documented shapes, with real results from ../shared/data.
 */
class AnalyzeAtlasTest {

  private static final Path DATA = Path.of(System.getProperty("geofusion.shared.data",
      "../shared/data"));

  @TempDir Path dir;
  private LoopbackHttp server;
  private Path key;
  private Path archive;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackHttp();
    key = Files.writeString(dir.resolve("atlas.key"), "2b1d1d1b-55aa-4bcd-9f00-0123456789ab\n");
    // the five probes of the real results, placed around Zurich and beyond
    archive = Files.writeString(dir.resolve("probes.csv"), "id,asn_v4,country_code,latitude,"
        + "longitude,status\n677,1,BG,42.70,23.32,Connected\n165,2,RU,55.75,37.62,Connected\n"
        + "270,3,DE,48.14,11.58,Connected\n202,4,CH,47.37,8.54,Connected\n"
        + "1216,5,NL,52.37,4.90,Connected\n9999,6,US,40.7,-74.0,Disconnected\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String realResults() throws IOException {
    Path f = DATA.resolve("ripe-atlas-sagan/test_ping.results.jsonl");
    assumeTrue(Files.isRegularFile(f), "shared data absent: " + f + " (skipping)");
    return "[" + String.join(",", Files.readAllLines(f, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList()) + "]";
  }

  @Test
  void dryRun_printsProbesAndCost_andSendsNothing() {
    CliRun r = CliRun.of("analyze", "62.2.16.12", "--atlas", "--dry-run", "--atlas-probes", "4",
        "--atlas-probe-archive", archive.toString(), "--atlas-api", server.base().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("RIPE Atlas plan for 62.2.16.12", "spread",
        "at most 24 credits", "nothing was sent").doesNotContain("9999");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void atlas_createsPollsAndFusesTheRealResults() throws IOException {
    String results = realResults();
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 201,
        "{\"measurements\":[1000192]}"));
    server.on("/api/v2/measurements/1000192/results/", (ex, body) -> send(ex, 200, results));
    CliRun r = CliRun.of("analyze", "62.2.16.12", "--atlas", "--atlas-key-file", key.toString(),
        "--atlas-probes", "5", "--atlas-probe-archive", archive.toString(), "--atlas-api",
        server.base().toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("measurement 1000192 created", "5 probes", "30 credits");
    JsonNode doc = JsonTrees.read(r.out());
    JsonNode host = doc.path("results").get(0);
    assertThat(host.path("node").asText()).isEqualTo("host:62.2.16.12");
    assertThat(r.out()).doesNotContain("2b1d1d1b");
    LoopbackHttp.Request create = server.requests().get(0);
    assertThat(create.header("Authorization")).startsWith("Key ");
    assertThat(JsonTrees.read(create.body()).path("probes").get(0).path("requested").asInt())
        .isEqualTo(5);
  }

  @Test
  void atlasMeasurement_fusesAnExistingMeasurementWithoutAKey() throws IOException {
    String results = realResults();
    server.on("/api/v2/measurements/1000192/results/", (ex, body) -> send(ex, 200, results));
    CliRun r = CliRun.of("analyze", "--atlas-measurement", "1000192", "--atlas-probe-archive",
        archive.toString(), "--atlas-api", server.base().toString(), "--ndjson");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.contains("\"type\":\"HOST_LOCATION\""));
    assertThat(r.out()).contains("host:62.2.16.12");
    assertThat(server.requests()).allMatch(q -> q.header("Authorization") == null);
  }

  @Test
  void rateLimitPastTheWait_isOneLineAndExit1() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 429,
        "{\"error\":{\"status\":429,\"detail\":\"Request was throttled.\"}}",
        Map.of("Retry-After", "3600")));
    CliRun r = CliRun.of("analyze", "62.2.16.12", "--atlas", "--atlas-key-file", key.toString(),
        "--atlas-probe-archive", archive.toString(), "--atlas-api", server.base().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).contains("HTTP 429", "3600 s").doesNotContain("\n");
  }

  @Test
  void withoutKeyFile_isAUsageErrorBeforeAnythingIsSent() {
    CliRun r = CliRun.of("analyze", "62.2.16.12", "--atlas", "--atlas-probe-archive",
        archive.toString(), "--atlas-api", server.base().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--atlas-key-file");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void badKeyFile_namesTheFileAndLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.key"), "\nnot a key!\n");
    CliRun r = CliRun.of("analyze", "62.2.16.12", "--atlas", "--atlas-key-file", bad.toString(),
        "--atlas-probe-archive", archive.toString(), "--atlas-api", server.base().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(bad + ":2:").doesNotContain("not a key!");
  }
}
