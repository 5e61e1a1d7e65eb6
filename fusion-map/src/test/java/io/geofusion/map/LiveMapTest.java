package io.geofusion.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real headless Chromium, served with its initial state and an event stream
 * by {@link SiteFixtureServer} on loopback: it draws the hosts of {@code /v1/locations}, then
 * draws, replaces and removes as events arrive, with nothing on the console.
 */
class LiveMapTest {

  private static final FusionEngine ENGINE = FusionEngine.create();

  /** Four vantages around Frankfurt with RTTs that place the target near it. */
  private static final List<VantageObservation> FRANKFURT = List.of(
      new VantageObservation("fra", LatLon.of(50.11, 8.68), 2.0, 0.0),
      new VantageObservation("ams", LatLon.of(52.37, 4.90), 7.5, 0.0),
      new VantageObservation("par", LatLon.of(48.86, 2.35), 9.0, 0.0),
      new VantageObservation("vie", LatLon.of(48.21, 16.37), 10.5, 0.0));

  private static FusionResult near;
  private static FusionResult contradicted;

  @BeforeAll
  static void fuse() {
    near = ENGINE.fuse(FusionInput.builder("192.0.2.10").vantages(FRANKFURT).build());
    // GeoIP says Tokyo, the RTTs say Frankfurt: a location_inconsistency alert
    contradicted = ENGINE.fuse(FusionInput.builder("192.0.2.20").vantages(FRANKFURT)
        .geoIp(GeoIpEvidence.of(LatLon.of(35.68, 139.69), 20)).build());
  }

  /** What the page should draw for a result: the writer's features plus one marker per alert. */
  private static int drawn(FusionResult r) {
    return FusionJson.geoJsonFeatures(r, List.of(), ENGINE.rttModel()).size()
        + r.alerts().size();
  }

  private static String count(int n) {
    return "el.getAttribute('data-feature-count') === '" + n + "'";
  }

  @Test
  void livePage_drawsInitialStateAndFollowsEvents() throws Exception {
    assumeTrue(Browser.available("LiveMapTest"));
    assertThat(contradicted.alerts()).as("the fixture needs an alert").isNotEmpty();
    ObjectNode first = FusionJson.toJson(near);
    try (SiteFixtureServer server = new SiteFixtureServer(HostReportJson.results(List.of(first)));
        Browser browser = Browser.start()) {
      browser.open(server.url());
      Map<String, Object> state = browser.awaitMap("el.getAttribute('data-ready') === 'true'"
          + " && el.getAttribute('data-stream') === 'open'");
      assertThat(state.get("data-feature-count")).isEqualTo(String.valueOf(drawn(near)));

      server.publish("HOST_LOCATION", ProductJson.toJson(HostReportJson.event(
          FusionJson.toJson(contradicted))));
      state = browser.awaitMap("el.getAttribute('data-events') === '1'");
      assertThat(state.get("data-feature-count"))
          .isEqualTo(String.valueOf(drawn(near) + drawn(contradicted)));
      assertThat(state.get("data-kind-counts").toString()).contains("\"alert\":"
          + contradicted.alerts().size());
      assertThat(browser.script("return document.getElementById('gf-alerts').textContent")
          .toString()).contains("192.0.2.20").contains("location_inconsistency");

      // an update of a host replaces its features; a removed node disappears
      server.publish("HOST_LOCATION", ProductJson.toJson(FusionJson.toJson(near)));
      browser.awaitMap("el.getAttribute('data-events') === '2'");
      server.publish("GRAPH_CHANGE", "{\"seq\":7,\"at\":\"2026-12-07T00:00:00Z\","
          + "\"type\":\"node_removed\",\"node_id\":\"host:192.0.2.20\"}");
      state = browser.awaitMap("el.getAttribute('data-events') === '3'");
      assertThat(state.get("data-feature-count")).isEqualTo(String.valueOf(drawn(near)));

      // a latency analysis is listed (and, placed, drawn as its vantage's disk); an alert of
      // its own is drawn at the host's last known place
      server.publish("RECON_LATENCY_ANALYSIS", "{\"type\":\"RECON_LATENCY_ANALYSIS\","
          + "\"entity\":\"192.0.2.10\",\"metrics\":{\"min_rtt\":2.0,\"median_rtt\":2.4,"
          + "\"jitter\":0.2},\"distance\":{\"estimate_km\":120,\"min_km\":0,\"max_km\":199.8,"
          + "\"confidence\":0.8},\"anomalies\":[],\"vantage\":\"fra\","
          + "\"vantage_location\":{\"lat\":50.11,\"lon\":8.68}}");
      server.publish("ALERT", "{\"node\":\"host:192.0.2.10\",\"type\":\"anycast\","
          + "\"interpretation\":\"anycast_or_multihomed\",\"severity\":0.5,"
          + "\"detail\":\"disks do not intersect\"}");
      state = browser.awaitMap("el.getAttribute('data-events') === '5'");
      assertThat(state.get("data-feature-count")).isEqualTo(String.valueOf(drawn(near) + 2));
      assertThat(state.get("data-kind-counts").toString()).contains("\"vantage_disk\":1");
      assertThat(browser.script("return document.getElementById('panel').textContent")
          .toString()).contains("RTT to 192.0.2.10 from fra", "anycast");

      Path shot = Path.of("target", "map-live.png");
      Files.createDirectories(shot.getParent());
      browser.screenshot(shot);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void sitePaths_outsideTheFolderAreRefused() {
    assertThat(MapSite.resource("index.html")).isPresent();
    assertThat(MapSite.resource("vendor/leaflet.js")).isPresent();
    for (String bad : List.of("../MapSite.class", "/index.html", "js/../index.html", "",
        "js//live.js", "..", "js\\live.js")) {
      assertThat(MapSite.resource(bad)).as(bad).isEmpty();
    }
    MapSite.FILES.forEach(f -> assertThat(MapSite.resource(f)).as(f).isPresent());
  }
}
