package io.geofusion.probe.remote;

import static io.geofusion.probe.remote.LoopbackHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.formats.VantagePositions;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.RecordedEvidence;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RIPE Atlas client against a real HTTP server on loopback that answers in the API's
 * documented shapes, with real results from ../shared/data (skipped, saying so, when absent).
 */
class AtlasClientContractTest {

  private static final String KEY = "2b1d1d1b-55aa-4bcd-9f00-0123456789ab";
  private static final Path DATA = Path.of(System.getProperty("geofusion.shared.data",
      "../../shared/data"));

  private LoopbackHttp server;
  private AtlasClient client;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackHttp();
    client = AtlasClient.builder().baseUrl(server.base()).key(KEY)
        .pollBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Instant in(int seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  private static AtlasPing ping(String... probes) {
    return new AtlasPing("192.0.2.7", 4, 3, 48, List.of(probes), "test");
  }

  /** Real RIPE Atlas ping results as the results endpoint returns them: one JSON array. */
  private static String realResults() throws IOException {
    Path f = DATA.resolve("ripe-atlas-sagan/test_ping.results.jsonl");
    assumeTrue(Files.isRegularFile(f), "shared data absent: " + f + " (skipping)");
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    return "[" + String.join(",", lines.stream().filter(l -> !l.isBlank()).toList()) + "]";
  }

  @Test
  void create_postsTheDocumentedBodyWithTheKeyInAHeader() throws Exception {
    server.on("/api/v2/measurements/", (ex, body) ->
        send(ex, 201, "{\"measurements\":[61234567]}"));
    long id = client.createPing(ping("6001", "6002"), in(30));
    assertThat(id).isEqualTo(61234567L);
    LoopbackHttp.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.pathAndQuery()).isEqualTo("/api/v2/measurements/").doesNotContain(KEY);
    assertThat(r.header("Authorization")).isEqualTo("Key " + KEY);
    JsonNode b = JsonTrees.read(r.body());
    assertThat(b.path("is_oneoff").asBoolean()).isTrue();
    JsonNode def = b.path("definitions").get(0);
    assertThat(def.path("type").asText()).isEqualTo("ping");
    assertThat(def.path("af").asInt()).isEqualTo(4);
    assertThat(def.path("target").asText()).isEqualTo("192.0.2.7");
    assertThat(def.path("packets").asInt()).isEqualTo(3);
    JsonNode probes = b.path("probes").get(0);
    assertThat(probes.path("type").asText()).isEqualTo("probes");
    assertThat(probes.path("value").asText()).isEqualTo("6001,6002");
    assertThat(probes.path("requested").asInt()).isEqualTo(2);
  }

  @Test
  void create_withoutKey_isRefusedBeforeAnythingIsSent() {
    AtlasClient anonymous = AtlasClient.builder().baseUrl(server.base()).build();
    assertThatThrownBy(() -> anonymous.createPing(ping("1"), in(5)))
        .isInstanceOf(AtlasException.class).hasMessageContaining("--atlas-key-file");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void http400_givesTheApiDetailAndFieldErrorsOnOneLine() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 400, "{\"error\":{\"status\":400,"
        + "\"code\":102,\"title\":\"Bad Request\",\"detail\":\"There was a problem with your"
        + " request\",\"errors\":[{\"source\":{\"pointer\":\"/definitions/0/target\"},"
        + "\"detail\":\"Enter a valid IPv4 or IPv6 address.\"}]}}"));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e -> {
          assertThat(e.kind()).isEqualTo(AtlasException.Kind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("HTTP 400", "/definitions/0/target",
              "Enter a valid").doesNotContain("\n");
        });
  }

  @Test
  void http403_namesTheKeyFile() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 403, "{\"error\":{\"status\":403,"
        + "\"title\":\"Forbidden\",\"detail\":\"Authentication credentials were not"
        + " provided.\"}}"));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e -> {
          assertThat(e.kind()).isEqualTo(AtlasException.Kind.FORBIDDEN);
          assertThat(e.getMessage()).contains("HTTP 403", "Authentication credentials",
              "key file");
        });
  }

  @Test
  void creditError_isNoCredit() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 400, "{\"error\":{\"status\":400,"
        + "\"title\":\"Bad Request\",\"detail\":\"You do not have enough credit to schedule this"
        + " measurement.\"}}"));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e ->
            assertThat(e.kind()).isEqualTo(AtlasException.Kind.NO_CREDIT));
  }

  @Test
  void http429_isWaitedOutWhenRetryAfterFitsTheDeadline() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.on("/api/v2/measurements/", (ex, body) -> {
      if (calls.getAndIncrement() == 0) {
        send(ex, 429, "{\"error\":{\"status\":429,\"detail\":\"Request was throttled.\"}}",
            Map.of("Retry-After", "1"));
      } else {
        send(ex, 201, "{\"measurements\":[7]}");
      }
    });
    Instant t0 = Instant.now();
    assertThat(client.createPing(ping("1"), in(60))).isEqualTo(7L);
    assertThat(calls.get()).isEqualTo(2);
    // the client waited as asked: a lower bound, true on any machine
    assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(
        Duration.ofMillis(900));
  }

  @Test
  void http429_pastTheDeadline_failsAtOnceSayingSo() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 429, "{\"error\":{\"status\":429,"
        + "\"detail\":\"Request was throttled. Expected available in 3600 seconds.\"}}",
        Map.of("Retry-After", "3600")));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(60)))
        .isInstanceOfSatisfying(AtlasException.class, e -> {
          assertThat(e.kind()).isEqualTo(AtlasException.Kind.RATE_LIMITED);
          assertThat(e.getMessage()).contains("HTTP 429", "3600 s");
        });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void malformedJson_isMalformed() {
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 201, "{\"measurements\":[12"));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e -> {
          assertThat(e.kind()).isEqualTo(AtlasException.Kind.MALFORMED);
          assertThat(e.getMessage()).contains("not valid JSON").doesNotContain("\n");
        });
    server.on("/api/v2/measurements/", (ex, body) -> send(ex, 201, "{\"id\":12}"));
    assertThatThrownBy(() -> client.createPing(ping("1"), in(30)))
        .hasMessageContaining("'measurements'");
  }

  @Test
  void results_realShapes_completeWhenEveryProbeReported() throws Exception {
    String results = realResults();
    server.on("/api/v2/measurements/1000192/results/", (ex, body) -> send(ex, 200, results));
    AtlasClient.Poll p = client.awaitResults(1000192, 5, in(30));
    assertThat(p.complete()).isTrue();
    assertThat(p.probesReported()).isEqualTo(5); // 677, 165, 270, 202, 1216
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).pathAndQuery()).contains("format=json");
  }

  @Test
  void results_feedTheEvidenceAssembler_placedByTheRealProbeArchive() throws Exception {
    String results = realResults();
    Path probes = DATA.resolve("ripe-atlas-probes/probes-2023.csv");
    assumeTrue(Files.isRegularFile(probes), "shared data absent: " + probes);
    AtlasProbeArchive.Archive archive = AtlasProbeArchive.read(probes);
    RecordedEvidence e = AtlasRun.evidence(results.getBytes(StandardCharsets.UTF_8), "msm",
        VantagePositions.of(archive.positions()));
    // only probe 202 of the five is in the 2023 archive: it places its results, the rest are
    // counted as unplaced
    TargetEvidence t = e.targets().stream().filter(x -> x.target().equals("62.2.16.12"))
        .findFirst().orElseThrow();
    assertThat(t.vantages()).extracting(v -> v.id()).containsExactly("atlas-probe:202");
    assertThat(e.unplacedRecords()).isPositive();
  }

  @Test
  void results_partial_deadlineReturnsWhatCameWithCompleteFalse() throws Exception {
    String results = realResults();
    JsonNode all = JsonTrees.read(results);
    String firstTwo = "[" + all.get(0) + "," + all.get(1) + "]"; // probes 677 and 165
    server.on("/api/v2/measurements/5/results/", (ex, body) -> send(ex, 200, firstTwo));
    server.on("/api/v2/measurements/5/", (ex, body) -> send(ex, 200,
        "{\"id\":5,\"status\":{\"id\":2,\"name\":\"Ongoing\"}}"));
    AtlasClient.Poll p = client.awaitResults(5, 10, Instant.now().plusMillis(1500));
    assertThat(p.complete()).isFalse();
    assertThat(p.probesReported()).isEqualTo(2);
    assertThat(p.status()).isEqualTo("Ongoing");
    // it polled more than once, backing off, and stopped at the deadline
    assertThat(server.requests().stream().filter(r -> r.pathAndQuery().contains("results"))
        .count()).isGreaterThan(1);
  }

  @Test
  void results_measurementStopped_isCompleteWithWhatCame() throws Exception {
    server.on("/api/v2/measurements/6/results/", (ex, body) -> send(ex, 200, "[]"));
    server.on("/api/v2/measurements/6/", (ex, body) -> send(ex, 200,
        "{\"id\":6,\"status\":{\"id\":6,\"name\":\"No suitable probes\"}}"));
    AtlasClient.Poll p = client.awaitResults(6, 10, in(30));
    assertThat(p.complete()).isTrue();
    assertThat(p.probesReported()).isZero();
    assertThat(p.status()).isEqualTo("No suitable probes");
  }

  @Test
  void results_stalledBody_isCutByTheDeadline() {
    server.on("/api/v2/measurements/9/results/", server.stall());
    Instant t0 = Instant.now();
    assertThatThrownBy(() -> client.awaitResults(9, 1, Instant.now().plusSeconds(2)))
        .isInstanceOfSatisfying(AtlasException.class, e ->
            assertThat(e.kind()).isEqualTo(AtlasException.Kind.DEADLINE));
    // liveness only: the 2 s deadline, with a generous margin for a loaded machine
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void results_endlessBody_stopsAtTheResponseLimit() {
    // a body that never ends (chunked, 1 MiB at a time): read up to 64 MiB, then refused (issue
    // 19: a test per network client for endless and oversized replies)
    server.on("/api/v2/measurements/8/results/", LoopbackHttp.endless(1 << 20, 1L << 30));
    assertThatThrownBy(() -> client.results(8, in(120)))
        .isInstanceOfSatisfying(AtlasException.class, e -> {
          assertThat(e.kind()).isEqualTo(AtlasException.Kind.UNAVAILABLE);
          assertThat(e.getMessage()).contains("response larger than "
              + AtlasClient.MAX_BODY_BYTES + " bytes");
        });
  }

  @Test
  void results_notAnArray_isMalformed() {
    server.on("/api/v2/measurements/3/results/", (ex, body) -> send(ex, 200,
        "{\"detail\":\"oops\"}"));
    assertThatThrownBy(() -> client.results(3, in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e ->
            assertThat(e.kind()).isEqualTo(AtlasException.Kind.MALFORMED));
  }

  @Test
  void results_unknownMeasurement_isNotFound() {
    assertThatThrownBy(() -> client.results(4, in(30)))
        .isInstanceOfSatisfying(AtlasException.class, e ->
            assertThat(e.kind()).isEqualTo(AtlasException.Kind.NOT_FOUND));
  }

  @Test
  void probes_followNextOnTheSameHost() throws Exception {
    String page2 = server.base() + "api/v2/probes/?page=2&status=1&page_size=500";
    server.on("/api/v2/probes/?status=1", (ex, body) -> send(ex, 200, "{\"count\":3,\"next\":\""
        + page2 + "\",\"previous\":null,\"results\":[{\"id\":6001,\"asn_v4\":3320,"
        + "\"country_code\":\"DE\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[8.68,"
        + "50.11]},\"status\":{\"id\":1,\"name\":\"Connected\"}},{\"id\":6002,\"geometry\":null,"
        + "\"status\":{\"id\":1,\"name\":\"Connected\"}}]}"));
    server.on("/api/v2/probes/?page=2", (ex, body) -> send(ex, 200, "{\"count\":3,\"next\":null,"
        + "\"results\":[{\"id\":6003,\"geometry\":{\"type\":\"Point\",\"coordinates\":[2.35,"
        + "48.86]},\"status\":{\"id\":1,\"name\":\"Connected\"}}]}"));
    var probes = client.connectedProbes(in(30));
    assertThat(probes).extracting(p -> p.id()).containsExactly("6001", "6003");
    assertThat(probes.get(0).at()).isEqualTo(LatLon.of(50.11, 8.68));
    assertThat(probes.get(0).asn()).isEqualTo(3320L);
  }

  @Test
  void probes_nextLinkToAnotherHost_isRefused() {
    server.on("/api/v2/probes/", (ex, body) -> send(ex, 200, "{\"next\":\"http://evil.example/"
        + "x\",\"results\":[]}"));
    assertThatThrownBy(() -> client.connectedProbes(in(30))).hasMessageContaining("leaves");
  }
}
