package io.geofusion.probe.remote;

import static io.geofusion.probe.remote.LoopbackHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.AgentProbeRequest;
import io.geofusion.json.PingResultDocument;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.LiveTarget;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.backend.Probers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocol end to end: {@link AgentHandler} mounted on a real loopback HTTP server,
 * probing loopback with the real tcp-connect backend, and {@link AgentFleet} asking it and
 * agents that refuse, answer garbage or never answer.
 */
class AgentProtocolTest {

  private static final String TOKEN = "s3cret-token-0123456789";

  private LoopbackHttp server;
  private ServerSocket listening;
  private AgentHandler handler;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackHttp();
    listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    handler = AgentHandler.builder(TOKEN).prober(Probers.byName("tcp-connect")).build();
    server.on("/good" + AgentHandler.PATH, (ex, body) -> {
      AgentHandler.Response r;
      try {
        r = handler.handle(ex.getRequestHeaders().getFirst("Authorization"),
            body.getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      send(ex, r.status(), r.body(), r.headers());
    });
    server.on("/garbage" + AgentHandler.PATH, (ex, body) -> send(ex, 200, "{\"type\":\"PING_R"));
    server.on("/other" + AgentHandler.PATH, (ex, body) -> send(ex, 200, ProductJson.toJson(
        ProductJson.fromJson(okDocument("10.9.9.9"), PingResultDocument.class))));
    server.on("/dead" + AgentHandler.PATH, server.stall());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    listening.close();
  }

  private static String okDocument(String target) {
    return "{\"type\":\"PING_RESULT\",\"target\":\"" + target + "\",\"protocol\":\"TCP\","
        + "\"duplicates\":0,\"rtt_ms\":[1.5],\"metrics\":{\"min_rtt\":1.5,\"median_rtt\":1.5,"
        + "\"sent\":1,\"received\":1,\"loss_ratio\":0},\"anomalies\":[]}";
  }

  private AgentVantage agent(String id, String path, String token, double lat, double lon) {
    return new AgentVantage(id, server.base().resolve(path), token, LatLon.of(lat, lon));
  }

  private String request(String target, int count) {
    return new AgentProbeRequest(target, "tcp", listening.getLocalPort(), count, 200, 1000)
        .toJson();
  }

  @Test
  void handler_pingsWithTheRealBackend_andAnswersThePingDocument() throws Exception {
    AgentHandler.Response r = handler.handle("Bearer " + TOKEN,
        request("127.0.0.1", 2).getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    PingResultDocument d = ProductJson.fromJson(r.body(), PingResultDocument.class);
    assertThat(d.target()).isEqualTo("127.0.0.1");
    assertThat(d.metrics().sent()).isEqualTo(2);
    assertThat(d.metrics().received()).isEqualTo(2);
    assertThat(d.metrics().minRtt()).isNotNull().isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void handler_refusesWithoutTheToken_andBadRequests() throws Exception {
    byte[] ok = request("127.0.0.1", 1).getBytes(StandardCharsets.UTF_8);
    assertThat(handler.handle(null, ok).status()).isEqualTo(401);
    assertThat(handler.handle("Bearer wrong-token-0123456789", ok).status()).isEqualTo(401);
    assertThat(handler.handle("Bearer " + TOKEN, ok).headers()).isEmpty();
    assertThat(handler.handle(null, ok).headers()).containsEntry("WWW-Authenticate", "Bearer");
    AgentHandler.Response name = handler.handle("Bearer " + TOKEN,
        "{\"target\":\"example.com\",\"method\":\"tcp\",\"count\":1,\"interval_ms\":200,\"timeout_ms\":100}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(name.status()).isEqualTo(400);
    AgentHandler.Response multicast = handler.handle("Bearer " + TOKEN,
        "{\"target\":\"224.0.0.1\",\"method\":\"tcp\",\"count\":1,\"interval_ms\":200,\"timeout_ms\":100}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(multicast.status()).isEqualTo(400);
    assertThat(multicast.body()).contains("multicast");
    AgentHandler.Response tooMany = handler.handle("Bearer " + TOKEN,
        "{\"target\":\"127.0.0.1\",\"count\":100000,\"interval_ms\":200,\"timeout_ms\":100}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("count");
    assertThat(handler.handle("Bearer " + TOKEN, "{nope".getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(400);
    assertThat(handler.handle("Bearer " + TOKEN, new byte[AgentHandler.MAX_BODY_BYTES + 1])
        .status()).isEqualTo(413);
  }

  @Test
  void handler_noBackendForTheMethod_is503() throws Exception {
    AgentHandler.Response r = handler.handle("Bearer " + TOKEN,
        "{\"target\":\"127.0.0.1\",\"method\":\"icmp\",\"count\":1,\"interval_ms\":200,\"timeout_ms\":100}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).contains("tcp-connect");
  }

  @Test
  void fleet_reportsEveryAgent_andNeverWaitsPastTheDeadline() throws Exception {
    List<AgentVantage> agents = List.of(
        agent("good", "good", TOKEN, 50.11, 8.68),
        agent("badtoken", "good", "wrong-token-0123456789", 48.86, 2.35),
        agent("garbage", "garbage", TOKEN, 52.37, 4.90),
        agent("other", "other", TOKEN, 51.51, -0.13),
        agent("dead", "dead", TOKEN, 40.71, -74.0),
        new AgentVantage("refused", java.net.URI.create("http://127.0.0.1:1/"), TOKEN,
            LatLon.of(0, 0)));
    List<AgentFleet.Report> reports = new ArrayList<>();
    Duration deadline = Duration.ofSeconds(6);
    AgentFleet fleet = AgentFleet.builder(agents).method(ProbeMethod.TCP,
        listening.getLocalPort()).ping(2, Duration.ofMillis(200), Duration.ofSeconds(1))
        .deadline(deadline).listener(reports::add).build();
    Instant t0 = Instant.now();
    List<VantageObservation> seen = fleet.start(LiveTarget.literal("127.0.0.1")).await();
    Duration took = Duration.between(t0, Instant.now());
    // liveness: the one deadline, with a generous margin for a loaded machine
    assertThat(took).isLessThan(deadline.plusSeconds(20));
    assertThat(seen).extracting(VantageObservation::id).containsExactly("agent:good");
    assertThat(seen.get(0).location()).isEqualTo(LatLon.of(50.11, 8.68));
    List<AgentFleet.Outcome> o = reports.get(0).outcomes();
    assertThat(o).extracting(AgentFleet.Outcome::status).containsExactly(
        AgentFleet.Status.ANSWERED, AgentFleet.Status.FAILED, AgentFleet.Status.FAILED,
        AgentFleet.Status.FAILED, AgentFleet.Status.TIMED_OUT, AgentFleet.Status.FAILED);
    assertThat(o.get(1).detail()).contains("HTTP 401");
    assertThat(o.get(2).detail()).contains("malformed");
    assertThat(o.get(3).detail()).contains("10.9.9.9");
    assertThat(o).allMatch(x -> !x.detail().contains("\n") && !x.detail().contains(TOKEN));
  }

  @Test
  void fleet_agentAnsweringWithoutEnd_failsAtTheAnswerLimit() throws Exception {
    // an answer that never ends (chunked, 64 KiB at a time): read up to 1 MiB, then that agent
    // fails (issue 19: a test per network client for endless and oversized replies)
    server.on("/endless" + AgentHandler.PATH, LoopbackHttp.endless(64 << 10, 1L << 30));
    List<AgentFleet.Report> reports = new ArrayList<>();
    AgentFleet fleet = AgentFleet.builder(List.of(agent("endless", "endless", TOKEN, 50, 8)))
        .method(ProbeMethod.TCP, listening.getLocalPort())
        .ping(2, Duration.ofMillis(200), Duration.ofSeconds(1))
        .deadline(Duration.ofSeconds(60)).listener(reports::add).build();

    List<VantageObservation> seen = fleet.start(LiveTarget.literal("127.0.0.1")).await();

    assertThat(seen).isEmpty();
    AgentFleet.Outcome o = reports.get(0).outcomes().get(0);
    assertThat(o.status()).isEqualTo(AgentFleet.Status.FAILED);
    assertThat(o.detail()).contains("larger than " + AgentFleet.MAX_ANSWER_BYTES);
  }

  @Test
  void vantagesFile_readsAgents_andNamesFileAndLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("fra.token"), "\n" + TOKEN + "\n");
    Path f = Files.writeString(dir.resolve("vantages.csv"), "# id,url,token,lat,lon\n"
        + "fra1,https://fra1.example.net:8443,fra.token,50.11,8.68\n\n"
        + "nyc1,http://10.0.0.2:8080/geo,fra.token,40.71,-74.01  # comment\n");
    List<AgentVantage> a = AgentVantagesFile.read(f);
    assertThat(a).extracting(AgentVantage::id).containsExactly("fra1", "nyc1");
    assertThat(a.get(0).token()).isEqualTo(TOKEN);
    assertThat(a.get(1).endpoint().toString()).isEqualTo("http://10.0.0.2:8080/geo"
        + AgentHandler.PATH);
    assertThat(a.get(0).toString()).doesNotContain(TOKEN);
    Path bad = Files.writeString(dir.resolve("bad.csv"), "fra1,https://x,fra.token,50,8\n"
        + "fra2,ftp://x,fra.token,50,8\n");
    assertThatThrownBy(() -> AgentVantagesFile.read(bad)).hasMessageStartingWith(bad + ":2: ")
        .hasMessageContaining("http(s)");
    Path twice = Files.writeString(dir.resolve("twice.csv"), "a,https://x,fra.token,50,8\n"
        + "a,https://y,fra.token,50,8\n");
    assertThatThrownBy(() -> AgentVantagesFile.read(twice)).hasMessageContaining(":2: ")
        .hasMessageContaining("twice");
    Path noToken = Files.writeString(dir.resolve("nt.csv"), "a,https://x,missing.token,50,8\n");
    assertThatThrownBy(() -> AgentVantagesFile.read(noToken)).hasMessageContaining(":1: ")
        .hasMessageContaining("does not exist");
    Path fields = Files.writeString(dir.resolve("f.csv"), "a,https://x,50,8\n");
    assertThatThrownBy(() -> AgentVantagesFile.read(fields)).hasMessageContaining(":1: ")
        .hasMessageContaining("4 field(s)");
  }

  @Test
  void request_roundTripsAndChecksLimits() {
    AgentProbeRequest r = new AgentProbeRequest("192.0.2.7", "ICMP", null, 5, 1000, 2000);
    assertThat(r.toJson()).isEqualTo("{\"target\":\"192.0.2.7\",\"method\":\"icmp\",\"port\":null,"
        + "\"count\":5,\"interval_ms\":1000,\"timeout_ms\":2000}");
    assertThat(AgentProbeRequest.fromJson(r.toJson())).isEqualTo(r);
    assertThatThrownBy(() -> new AgentProbeRequest("192.0.2.7", "icmp", 80, 5, 1000, 2000))
        .hasMessageContaining("no port");
    assertThatThrownBy(() -> new AgentProbeRequest("192.0.2.7", "tcp", null, 100, 1000, 2000))
        .hasMessageContaining("60 s");
    assertThat(Map.of()).isEmpty();
  }
}
