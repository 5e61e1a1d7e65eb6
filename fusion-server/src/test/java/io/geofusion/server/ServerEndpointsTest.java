package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.history.HistoryStore;
import io.geofusion.probe.remote.AgentHandler;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of a real server on an ephemeral loopback port, called with a real HTTP client,
 * each response checked against the server's own /openapi.json; the last check is that every
 * operation the description lists was exercised.
 */
class ServerEndpointsTest {

  private static final ObjectMapper M = new ObjectMapper();
  private static final String AGENT_TOKEN = "agent-token-0123456789abcdef";

  @TempDir static Path dir;

  private static GeoFusionServer server;
  private static GeoIpService geoip;
  private static EntityGraph graph;
  private static HistoryStore history;
  private static Http http;
  private static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Server-Test-City").insert("192.0.2.0/24", MmdbWriter.cityRecord(
        LatLon.of(50.11, 8.68), 20, "DE", "Hesse", "Frankfurt")).write(city);
    geoip = MaxMindGeoIpService.open(city);
    graph = EntityGraph.builder().build();
    graph.upsertNode(NodeUpdate.of("as:64500"));
    history = HistoryStore.open(dir.resolve("history.duckdb"));
    server = GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .geoIp(geoip, false).graph(graph, "the test graph").vantage(LatLon.of(50.11, 8.68))
        .limits(ServerLimits.DEFAULTS.withMaxBodyBytes(64 * 1024))
        .history(history, Duration.ofHours(1))
        .agent(AgentHandler.builder(AGENT_TOKEN).build())
        .build().start();
    http = new Http(server.url(), null);
    HttpResponse<String> r = http.get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    api = new OpenApiCheck(r.body());
    api.check("GET", "/openapi.json", 200, r.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    graph.close();
    geoip.close();
    history.close();
  }

  private static JsonNode call(String method, String path, String template, String body,
      int status) throws Exception {
    HttpResponse<String> r = "GET".equals(method) ? http.get(path) : http.post(path, body);
    assertThat(r.statusCode()).as("%s %s -> %s", method, path, r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    api.check(method, template, status, r.body());
    return M.readTree(r.body());
  }

  @Test
  void locate_triangulateShape_returnsHostLocationDocuments() throws Exception {
    JsonNode j = call("POST", "/v1/locate", "/v1/locate", Http.target("192.0.2.10", false)
        + "\n" + Http.target("192.0.2.11", true), 200);
    assertThat(j.get("results")).hasSize(2);
    assertThat(j.at("/results/0/node").asText()).isEqualTo("host:192.0.2.10");
    assertThat(j.at("/results/1/alerts/0/type").asText()).isEqualTo("location_inconsistency");
    JsonNode arr = call("POST", "/v1/locate", "/v1/locate", "[" + Http.target("192.0.2.12",
        false) + "]", 200);
    assertThat(arr.get("results")).hasSize(1);
  }

  @Test
  void history_afterLocate_holdsItsMeasurementsAndLocation() throws Exception {
    call("POST", "/v1/locate", "/v1/locate", Http.target("192.0.2.60", false), 200);
    JsonNode h = call("GET", "/v1/history/192.0.2.60", "/v1/history/{address}", null, 200);
    assertThat(h.get("address").asText()).isEqualTo("192.0.2.60");
    assertThat(h.get("measurements").size()).isPositive();
    assertThat(h.get("locations")).hasSize(1);
    JsonNode later = call("GET", "/v1/history/192.0.2.60?since=2999-01-01",
        "/v1/history/{address}", null, 200);
    assertThat(later.get("locations")).isEmpty();
    JsonNode bad = call("GET", "/v1/history/192.0.2.60?since=yesterday",
        "/v1/history/{address}", null, 400);
    assertThat(bad.get("error").asText()).startsWith("since: ");
  }

  @Test
  void agent_needsItsOwnTokenAndAnswersInItsProtocol() throws Exception {
    JsonNode e = call("POST", AgentHandler.PATH, AgentHandler.PATH, "{\"target\":\"127.0.0.1\"}",
        401);
    assertThat(e.get("error").asText()).isEqualTo("missing or wrong bearer token");
    HttpResponse<String> r = new Http(server.url(), AGENT_TOKEN).post(AgentHandler.PATH,
        "{\"target\":\"www.example.com\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    api.check("POST", AgentHandler.PATH, 400, r.body());
    r = new Http(server.url(), AGENT_TOKEN).post(AgentHandler.PATH, "x".repeat(5000));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
  }

  @Test
  void locate_badBodies_areRefusedWithTheirStatus() throws Exception {
    JsonNode e = call("POST", "/v1/locate", "/v1/locate", "{\"target\":", 400);
    assertThat(e.get("error").asText()).startsWith("body is not valid JSON");
    e = call("POST", "/v1/locate", "/v1/locate", "{\"vantages\":[]}", 422);
    assertThat(e.get("error").asText()).isEqualTo("target 1: missing 'target' (expected the"
        + " triangulate input shape of docs/evaluation.md)");
    e = call("POST", "/v1/locate", "/v1/locate", "[".repeat(5000) + "]".repeat(5000), 400);
    assertThat(e.get("error").asText()).isEqualTo("JSON nested deeper than 32 levels; flatten"
        + " the body");
    // A client announcing a huge body gets the 413 before it has sent it.
    try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      sock.setSoTimeout(60_000);
      OutputStream out = sock.getOutputStream();
      out.write(("POST /v1/locate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 700000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(sock.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      api.check("POST", "/v1/locate", 413, body);
      assertThat(M.readTree(body).get("error").asText()).isEqualTo("request body larger than"
          + " 65536 bytes; send less (limit --max-body)");
    }
  }

  @Test
  void locations_afterLocate_holdTheSmoothedDocument() throws Exception {
    call("POST", "/v1/locate", "/v1/locate", Http.target("192.0.2.20", false), 200);
    JsonNode j = call("GET", "/v1/locations", "/v1/locations", null, 200);
    Set<String> nodes = new HashSet<>();
    j.get("results").forEach(n -> nodes.add(n.get("node").asText()));
    assertThat(nodes).contains("host:192.0.2.20");
    for (JsonNode n : j.get("results")) {
      assertThat(n.at("/smoothing/alpha").isNumber()).isTrue();
    }
  }

  @Test
  void geoip_knownAndBadAddresses() throws Exception {
    JsonNode j = call("GET", "/v1/geoip/192.0.2.1", "/v1/geoip/{address}", null, 200);
    assertThat(j.get("city").asText()).isEqualTo("Frankfurt");
    JsonNode e = call("GET", "/v1/geoip/not-an-ip", "/v1/geoip/{address}", null, 400);
    assertThat(e.get("error").asText()).isNotBlank();
  }

  @Test
  void geoPath_recordedTraceroute_isLocatedHopByHop() throws Exception {
    String trace = "traceroute to 192.0.2.7 (192.0.2.7), 30 hops max, 60 byte packets\n"
        + " 1  10.0.0.1 (10.0.0.1)  1.490 ms  1.201 ms  1.311 ms\n"
        + " 2  192.0.2.1 (192.0.2.1)  5.101 ms  5.202 ms  5.303 ms\n"
        + " 3  192.0.2.7 (192.0.2.7)  6.101 ms  6.202 ms  6.303 ms\n";
    JsonNode j = call("POST", "/v1/geo-path?from=50.11,8.68", "/v1/geo-path", trace, 200);
    assertThat(j.get("geo_paths")).hasSize(1);
    assertThat(j.at("/geo_paths/0/destination").asText()).isEqualTo("192.0.2.7");
    // its GEO_PATH event: the document, plus the library's GeoJSON of it for the map
    JsonNode ev = M.readTree(event("GEO_PATH", "destination", "192.0.2.7"));
    ObjectNode doc = ev.deepCopy();
    doc.remove("features");
    api.checkDocument("geo-path.schema.json", M.writeValueAsString(doc));
    assertThat(doc).isEqualTo(j.at("/geo_paths/0"));
    assertThat(ev.at("/features/type").asText()).isEqualTo("FeatureCollection");
    Set<String> kinds = new HashSet<>();
    ev.at("/features/features").forEach(f -> kinds.add(f.at("/properties/kind").asText()));
    // (every hop of the test database is at the vantage: no arc has a length to draw)
    assertThat(kinds).contains("vantage", "waypoint", "geoip_accuracy");
    call("POST", "/v1/geo-path?from=north", "/v1/geo-path", trace, 400);
    call("POST", "/v1/geo-path", "/v1/geo-path", "this is not a measurement\n", 422);
  }

  @Test
  void graphQuery_neighboursHostsAndRegion() throws Exception {
    call("POST", "/v1/locate", "/v1/locate", Http.target("192.0.2.30", false), 200);
    JsonNode j = call("GET", "/v1/graph/query?region=disk:50.11,8.68,500", "/v1/graph/query",
        null, 200);
    Set<String> nodes = new HashSet<>();
    j.get("nodes").forEach(n -> nodes.add(n.get("node").asText()));
    assertThat(nodes).contains("host:192.0.2.30");
    JsonNode e = call("GET", "/v1/graph/query?neighbours=host:198.51.100.99",
        "/v1/graph/query", null, 404);
    assertThat(e.get("error").asText()).isEqualTo("node host:198.51.100.99 is not in the test"
        + " graph");
    call("GET", "/v1/graph/query?neighbours=as:64500", "/v1/graph/query", null, 200);
    call("GET", "/v1/graph/query", "/v1/graph/query", null, 400);
  }

  @Test
  void analyze_loopback_measuresAndRefusesWhatTheCliRefuses() throws Exception {
    HttpResponse<String> r = http.post("/v1/analyze", "{\"target\":\"127.0.0.1\",\"count\":1,"
        + "\"interval_ms\":200,\"timeout_ms\":500,\"max_ttl\":2}");
    // 200 where a backend can probe loopback here; 503 names why none can
    assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
    api.check("POST", "/v1/analyze", r.statusCode(), r.body());
    if (r.statusCode() == 200) {
      JsonNode j = M.readTree(r.body());
      assertThat(j.at("/results/0/ping/probe/address").asText()).isEqualTo("127.0.0.1");
      // its RECON_LATENCY_ANALYSIS event places this machine (--from) for the map's disk
      String event = event("RECON_LATENCY_ANALYSIS", "entity", "127.0.0.1");
      api.checkDocument("recon-latency-analysis.schema.json", event);
      JsonNode ev = M.readTree(event);
      assertThat(ev.at("/vantage_location/lat").asDouble()).isEqualTo(50.11);
      assertThat(ev.at("/vantage_location/lon").asDouble()).isEqualTo(8.68);
    }
    JsonNode e = call("POST", "/v1/analyze", "/v1/analyze", "{\"target\":\"224.0.0.1\"}", 422);
    assertThat(e.get("error").asText()).contains("224.0.0.1");
    e = call("POST", "/v1/analyze", "/v1/analyze", "{\"target\":\"no such host!\"}", 422);
    assertThat(e.get("error").asText()).startsWith("invalid target");
    call("POST", "/v1/analyze", "/v1/analyze", "{\"count\":1}", 422);
  }

  @Test
  void status_schemas_andUnknownPaths() throws Exception {
    call("GET", "/v1/status", "/v1/status", null, 200);
    call("GET", "/schemas/host-location.schema.json", "/schemas/{name}", null, 200);
    call("GET", "/schemas/..%2Fopenapi.json", "/schemas/{name}", null, 404);
    HttpResponse<String> r = http.get("/v1/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(M.readTree(r.body()).get("error").asText()).isEqualTo("no such endpoint: GET"
        + " /v1/nothing-here (see GET /openapi.json)");
  }

  @Test
  void events_streamsWithItsContentType() throws Exception {
    HttpResponse<InputStream> r = http.client().send(http.request("/events")
        .header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      // the response's headers come before the stream is registered: wait for it
      for (int i = 0; i < 400 && M.readTree(http.get("/v1/status").body()).at("/sse/clients")
          .asInt() < 1; i++) {
        Thread.sleep(25);
      }
      http.post("/v1/locate", Http.target("192.0.2.40", false));
      BufferedReader lines = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      String first = lines.readLine();
      while (first != null && (first.isEmpty() || first.startsWith(":"))) {
        first = lines.readLine();
      }
      assertThat(first).matches("(event|id|data): .*");
      api.checked().add("GET /events");
    }
  }

  @AfterAll
  static void everyOperationWasChecked() {
    assertThat(api.checked()).containsAll(api.operations());
  }

  /** The data of a retained event of {@code type} whose {@code field} is {@code value}. */
  private static String event(String type, String field, String value) throws Exception {
    var req = http.request("/events").header("Accept", "text/event-stream")
        .header("Last-Event-ID", "0").GET().build();
    HttpResponse<java.util.stream.Stream<String>> r = http.client().send(req,
        HttpResponse.BodyHandlers.ofLines());
    long deadline = System.nanoTime() + 15_000_000_000L;
    try (java.util.stream.Stream<String> lines = r.body()) {
      var it = lines.iterator();
      boolean ofType = false;
      // keep-alive comments every 10 s end the wait when the event never comes
      while (System.nanoTime() < deadline && it.hasNext()) {
        String l = it.next();
        if (l.startsWith("event: ")) {
          ofType = l.equals("event: " + type);
        } else if (ofType && l.startsWith("data: ")
            && M.readTree(l.substring(6)).path(field).asText().equals(value)) {
          return l.substring(6);
        }
      }
    }
    throw new AssertionError("no " + type + " event with " + field + " " + value);
  }
}
