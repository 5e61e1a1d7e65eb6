package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.map.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live map page against the real server: {@code geofusion serve} on the demo data (as {@code
 * demo --serve}: the demo GeoIP database and vantage, its ground-truth targets located once), the
 * page at {@code /} in a real headless Chromium draws {@code /v1/locations} with nothing on the
 * console, then draws the host of a new {@code POST /v1/locate} from the server's SSE event.
 */
class LiveMapServerTest {

  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(ServeProcess.DEADLINE).build();

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(ServeProcess.DEADLINE).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String estimates(int n) {
    return "JSON.parse(el.getAttribute('data-kind-counts') || '{}').estimate === " + n;
  }

  @Test
  void livePage_onTheRealServer_drawsLocationsAndFollowsTheStream() throws Exception {
    assumeTrue(Browser.available("LiveMapServerTest"));
    Path demo = dir.resolve("demo");
    DemoData.write(demo, 20261126L);
    try (ServeProcess s = ServeProcess.start("serve", "--listen", "127.0.0.1:0",
        "--geoip-city", demo.resolve("geoip-demo.mmdb").toString(),
        "--from", DemoData.VANTAGE.lat() + "," + DemoData.VANTAGE.lon());
        Browser browser = Browser.start()) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(s.url() + "/v1/locate"))
          .POST(HttpRequest.BodyPublishers.ofFile(demo.resolve("groundtruth.ndjson"))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode initial = M.readTree(send(HttpRequest.newBuilder(URI.create(s.url()
          + "/v1/locations"))).body());
      int hosts = initial.get("results").size();
      assertThat(hosts).as("located demo targets").isPositive();

      browser.open(s.url() + "/");
      Map<String, Object> state = browser.awaitMap("el.getAttribute('data-ready') === 'true'"
          + " && el.getAttribute('data-stream') === 'open' && " + estimates(hosts));
      assertThat(Integer.parseInt(state.get("data-feature-count").toString()))
          .isGreaterThanOrEqualTo(hosts);
      assertThat(browser.consoleErrors()).isEmpty();

      // a host the page has not seen: the server's HOST_LOCATION event draws it
      ObjectNode target = (ObjectNode) M.readTree(Files.readAllLines(
          demo.resolve("groundtruth.ndjson")).get(0));
      target.put("target", "192.0.2.250");
      r = send(HttpRequest.newBuilder(URI.create(s.url() + "/v1/locate"))
          .POST(HttpRequest.BodyPublishers.ofString(M.writeValueAsString(target))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      state = browser.awaitMap(estimates(hosts + 1));
      assertThat(Integer.parseInt(state.get("data-events").toString())).isPositive();

      // a traceroute posted to /v1/geo-path: its GEO_PATH event draws the hops and the arcs
      r = send(HttpRequest.newBuilder(URI.create(s.url() + "/v1/geo-path?from="
          + DemoData.VANTAGE.lat() + "," + DemoData.VANTAGE.lon()))
          .POST(HttpRequest.BodyPublishers.ofFile(demo.resolve("traceroute.json"))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      int located = 0;
      for (JsonNode w : M.readTree(r.body()).at("/geo_paths/0/waypoints")) {
        located += w.path("located").asBoolean() ? 1 : 0;
      }
      assertThat(located).as("located hops of the demo trace").isPositive();
      state = browser.awaitMap("(function (k) { return k.waypoint === " + located
          + " && k.arc > 0; })(JSON.parse(el.getAttribute('data-kind-counts') || '{}'))");
      assertThat(browser.consoleErrors()).isEmpty();
      assertThat(browser.script("return document.body.textContent").toString())
          .doesNotContain("error");

      Path shot = Path.of("target", "live-map.png");
      Files.createDirectories(shot.getParent());
      browser.screenshot(shot);
      assertThat(browser.consoleErrors()).as("console errors").isEqualTo(List.of());
    }
  }
}
