package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.testing.MiniSchemaValidator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --db} and {@code triangulate --db} record, {@code history} reads: text, a JSON
 * document that conforms to docs/schemas/history.schema.json, NDJSON events, and one-line
 * errors for a missing, corrupt or held file and a bad {@code --since}.
 */
class HistoryCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniSchemaValidator SCHEMAS =
      new MiniSchemaValidator(Path.of("..", "docs", "schemas"));
  /** A demo target GeoIP places in Amsterdam and the RTTs agree. */
  private static final String AMS = "185.40.4.23";

  @TempDir static Path demo;
  @TempDir Path dir;

  @BeforeAll
  static void writeDemo() throws Exception {
    DemoData.write(demo, 20261126L);
  }

  private static String demo(String name) {
    return demo.resolve(name).toString();
  }

  private static CliRun analyze(Path db) {
    CliRun r = CliRun.of("analyze", "--input", demo("pings.jsonl"), "--vantages",
        demo("vantages.csv"), "--geoip-city", demo("geoip-demo.mmdb"), "--db", db.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  @Test
  void analyzeTwice_thenHistory_showsRttsAndLocationsOverTime() throws Exception {
    Path db = dir.resolve("h.duckdb");
    CliRun plain = CliRun.of("analyze", "--input", demo("pings.jsonl"), "--vantages",
        demo("vantages.csv"), "--geoip-city", demo("geoip-demo.mmdb"));
    assertThat(analyze(db).out()).as("--db changes nothing printed").isEqualTo(plain.out());
    analyze(db);
    CliRun text = CliRun.of("history", AMS, "--db", db.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).startsWith(AMS + ": 16 measurement(s), 2 location(s) since")
        .contains("atlas-probe:6001").contains("moved_km").contains("52.3");

    JsonNode doc = JSON.readTree(CliRun.of("history", AMS, "--db", db.toString(), "--json")
        .out());
    assertThat(SCHEMAS.validate(doc, "history.schema.json")).as(doc.toString()).isEmpty();
    assertThat(doc.get("measurements")).hasSize(16);
    assertThat(doc.get("locations")).hasSize(2);
    assertThat(doc.get("locations").get(1).get("moved_km").asDouble()).isZero();
    assertThat(doc.get("locations").get(0).get("host_location").get("node").asText())
        .isEqualTo("host:" + AMS);

    CliRun nd = CliRun.of("history", AMS, "--db", db.toString(), "--ndjson");
    List<String> lines = nd.out().lines().toList();
    assertThat(lines).hasSize(18);
    for (String l : lines) {
      JsonNode e = JSON.readTree(l);
      String def = e.get("type").asText().equals("HISTORY_MEASUREMENT") ? "measurement"
          : "location";
      assertThat(SCHEMAS.validate(e, "history.schema.json", "/$defs/" + def)).as(l).isEmpty();
    }
  }

  @Test
  void analyzeLiveWithDb_recordsThePingsMethodCountsAndTheLocation() throws Exception {
    Path db = dir.resolve("live.duckdb");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CliRun r = CliRun.of("analyze", "127.0.0.1", "--from", "50.11,8.68", "--method",
          "tcp:" + server.getLocalPort(), "-c", "2", "--interval", "200ms", "-m", "3", "-W",
          "300ms", "--db", db.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
    JsonNode doc = JSON.readTree(CliRun.of("history", "127.0.0.1", "--db", db.toString(),
        "--json").out());
    assertThat(SCHEMAS.validate(doc, "history.schema.json")).as(doc.toString()).isEmpty();
    JsonNode m = doc.get("measurements").get(0);
    assertThat(m.get("vantage_id").asText()).isEqualTo("local");
    assertThat(m.get("vantage").get("lat").asDouble()).isEqualTo(50.11);
    assertThat(m.get("method").asText()).isEqualTo("TCP");
    assertThat(m.get("sent").asInt()).isEqualTo(2);
    assertThat(m.get("received").asInt()).isEqualTo(2);
    assertThat(m.get("min_rtt_ms").asDouble()).isLessThanOrEqualTo(m.get("max_rtt_ms")
        .asDouble());
    assertThat(doc.get("locations")).hasSize(1);
  }

  @Test
  void triangulateWithDb_recordsItsVantagesAndResults() throws Exception {
    Path db = dir.resolve("t.duckdb");
    CliRun t = CliRun.of("triangulate", "--input", demo("groundtruth.ndjson"), "--db",
        db.toString(), "--ndjson");
    assertThat(t.exitCode()).as(t.err()).isZero();
    String target = JSON.readTree(t.out().lines().findFirst().orElseThrow()).get("node").asText()
        .substring("host:".length());
    JsonNode doc = JSON.readTree(CliRun.of("history", target, "--db", db.toString(), "--json")
        .out());
    assertThat(SCHEMAS.validate(doc, "history.schema.json")).as(doc.toString()).isEmpty();
    assertThat(doc.get("locations")).hasSize(1);
    assertThat(doc.get("measurements").size()).isPositive();
  }

  @Test
  void history_since_leavesOutWhatCameBefore() {
    Path db = dir.resolve("h.duckdb");
    analyze(db);
    CliRun r = CliRun.of("history", AMS, "--db", db.toString(), "--since", "2999-01-01");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(AMS + ": 0 measurement(s), 0 location(s) since 2999-01-01");
    assertThat(CliRun.of("history", AMS, "--db", db.toString(), "--since", "24h").out())
        .contains(": 8 measurement(s), 1 location(s)");
  }

  @Test
  void history_badInput_isOneLine() throws Exception {
    Path db = dir.resolve("h.duckdb");
    CliRun missing = CliRun.of("history", AMS, "--db", db.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().strip()).doesNotContain("\n").contains("not found");
    assertThat(db).doesNotExist();

    Path junk = Files.writeString(dir.resolve("junk.duckdb"), "not a database\n".repeat(500));
    CliRun corrupt = CliRun.of("history", AMS, "--db", junk.toString());
    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err().strip()).doesNotContain("\n").contains("not a readable GeoFusion"
        + " history");

    analyze(db);
    CliRun since = CliRun.of("history", AMS, "--db", db.toString(), "--since", "yesterday");
    assertThat(since.exitCode()).isEqualTo(2);
    assertThat(since.err().lines().findFirst().orElseThrow()).contains("--since:")
        .contains("24h");
  }

  @Test
  void history_whileAnotherProcessHoldsTheFile_namesItAndPointsAtTheServer() throws Exception {
    Path db = dir.resolve("held.duckdb");
    analyze(db);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        HoldHistory.class.getName(), db.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("open");
      for (String[] args : List.of(new String[] {"history", AMS, "--db", db.toString()},
          new String[] {"triangulate", "--input", demo("groundtruth.ndjson"), "--db",
              db.toString()})) {
        CliRun held = CliRun.of(args);
        assertThat(held.exitCode()).as(args[0]).isEqualTo(1);
        assertThat(held.err().strip()).doesNotContain("\n")
            .contains("in use by process " + p.pid())
            .contains("GET /v1/history/ADDRESS");
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
