package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geofusion serve --db FILE} as a real process: a locate is recorded, the process is
 * stopped (SIGTERM, as Ctrl-C), a second process on the same DuckDB file still has it in {@code
 * /v1/history} and {@code /v1/locations}, and {@code geofusion history --json} prints the same
 * document as {@code /v1/history} once the server is gone.
 */
class ServeHistoryTest {

  private static final ObjectMapper M = new ObjectMapper();
  private static final Duration DEADLINE = ServeProcess.DEADLINE;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();

  private static ServeProcess serve(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0"));
    all.addAll(List.of(args));
    return ServeProcess.start(all.toArray(String[]::new));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)));
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  @Test
  void serveDb_restartOnTheSameFile_keepsHistoryAndLocations() throws Exception {
    Path demo = dir.resolve("demo");
    DemoData.write(demo, 20261126L);
    String target = Files.readAllLines(demo.resolve("groundtruth.ndjson")).get(0);
    String address = M.readTree(target).get("target").asText();
    Path db = dir.resolve("history.duckdb");
    Path agentToken = Files.writeString(dir.resolve("agent.token"),
        "agent-token-0123456789abcdef\n");
    try (ServeProcess s = serve("--db", db.toString(), "--agent-token-file",
        agentToken.toString())) {
      // the mounted agent wants its token
      HttpResponse<String> a = send(HttpRequest.newBuilder(URI.create(s.url()
          + "/v1/agent/ping")).POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(a.statusCode()).as(a.body()).isEqualTo(401);
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(s.url() + "/v1/locate"))
          .POST(HttpRequest.BodyPublishers.ofString(target)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(get(s.url() + "/v1/history/" + address).get("locations")).hasSize(1);
    }
    JsonNode served;
    try (ServeProcess s = serve("--db", db.toString(), "--retention", "30d")) {
      served = get(s.url() + "/v1/history/" + address);
      assertThat(served.get("locations")).hasSize(1);
      assertThat(served.get("measurements").size()).isPositive();
      JsonNode l = get(s.url() + "/v1/locations");
      assertThat(l.get("results")).hasSize(1);
      assertThat(l.at("/results/0/node").asText()).isEqualTo("host:" + address);
    }
    CliRun h = CliRun.of("history", address, "--db", db.toString(), "--json");
    assertThat(h.exitCode()).as(h.err()).isZero();
    assertThat(M.readTree(h.out())).isEqualTo(served);
  }

  @Test
  void serve_retentionWithoutDb_isAUsageError() {
    CliRun r = CliRun.of("serve", "--retention", "30d");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--retention needs --db FILE");
  }
}
