package io.geofusion.cli;

import static io.geofusion.probe.remote.LoopbackHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.probe.backend.Probers;
import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.probe.remote.LoopbackHttp;
import io.geofusion.server.GeoFusionServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze TARGET --agents FILE} end to end on loopback: a real agent (the library's
 * {@link AgentHandler} behind a loopback HTTP server, probing with tcp-connect), one that never
 * answers and one with a wrong token, with this machine's own probes.
 */
class AnalyzeAgentsTest {

  private static final String TOKEN = "agent-token-0123456789abcdef";

  @TempDir Path dir;
  private LoopbackHttp server;
  private ServerSocket listening;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackHttp();
    listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AgentHandler handler = AgentHandler.builder(TOKEN).prober(Probers.byName("tcp-connect"))
        .build();
    server.on("/a" + AgentHandler.PATH, (ex, body) -> {
      try {
        AgentHandler.Response r = handler.handle(ex.getRequestHeaders().getFirst(
            "Authorization"), body.getBytes(StandardCharsets.UTF_8));
        send(ex, r.status(), r.body(), r.headers());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.on("/dead" + AgentHandler.PATH, server.stall());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    listening.close();
  }

  @Test
  void agents_areFusedWithTheLocalVantage_andADeadOneNeitherFailsNorStallsTheRun()
      throws IOException {
    Files.writeString(dir.resolve("t.token"), TOKEN + "\n");
    Files.writeString(dir.resolve("wrong.token"), "wrong-token-0123456789abcdef\n");
    Path vantages = Files.writeString(dir.resolve("vantages.csv"),
        "# id,url,token_file,lat,lon\n"
        + "paris," + server.base() + "a,t.token,48.86,2.35\n"
        + "dead," + server.base() + "dead,t.token,40.71,-74.0\n"
        + "badtoken," + server.base() + "a,wrong.token,52.37,4.90\n");
    Instant t0 = Instant.now();
    CliRun r = CliRun.of("analyze", "127.0.0.1", "--from", "50.11,8.68", "--agents",
        vantages.toString(), "--backend", "tcp-connect", "--method",
        "tcp:" + listening.getLocalPort(), "--count", "2", "--interval", "200ms", "--timeout",
        "1s", "--json");
    Duration took = Duration.between(t0, Instant.now());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("agents for 127.0.0.1: 1 of 3 answered",
        "paris answered: min RTT", "dead timed out", "badtoken failed: HTTP 401")
        .doesNotContain(TOKEN);
    // this machine and the one agent that answered
    assertThat(r.out()).containsPattern("\"vantages_used\" ?: ?2");
    // liveness: the agents' deadline is (2 - 1) x 200 ms + 1 s + 5 s; generous margin
    assertThat(took).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void agentCommandsServer_answersTheFleet() throws Exception {
    try (GeoFusionServer agent = AgentCommand.start(AgentHandler.builder(TOKEN)
        .prober(Probers.byName("tcp-connect")).build(),
        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Files.writeString(dir.resolve("t.token"), TOKEN + "\n");
      Path vantages = Files.writeString(dir.resolve("v.csv"), "cmd," + agent.url()
          + ",t.token,48.86,2.35\n");
      CliRun r = CliRun.of("analyze", "127.0.0.1", "--from", "50.11,8.68", "--agents",
          vantages.toString(), "--backend", "tcp-connect", "--method",
          "tcp:" + listening.getLocalPort(), "--count", "1", "--timeout", "1s");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).contains("agents for 127.0.0.1: 1 of 1 answered");
      // the agent-only server serves nothing else
      java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent.url()
              + "/v1/locations")).timeout(Duration.ofSeconds(60)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).contains("this probe agent serves POST /v1/agent/ping only");
    }
  }

  @Test
  void badVantagesFile_isOneLineWithFileAndLine() throws IOException {
    Path vantages = Files.writeString(dir.resolve("v.csv"), "a,https://x,missing.token,50,8\n");
    CliRun r = CliRun.of("analyze", "127.0.0.1", "--from", "50.11,8.68", "--agents",
        vantages.toString(), "--backend", "tcp-connect", "--method", "tcp:9");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("geofusion: error: " + vantages + ":1: ")
        .doesNotContain("\n");
  }
}
