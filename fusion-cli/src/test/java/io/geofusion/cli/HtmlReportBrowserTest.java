package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.map.Browser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --html FILE} of analyze, triangulate and geo-path on the demo data, opened from
 * {@code file://} in a real headless Chromium: no console errors, and as many features drawn as
 * the same run's {@code --geojson} holds (features with a geometry) plus one marker per alert of
 * a located host in its {@code --json}.
 */
class HtmlReportBrowserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Browser browser;

  @BeforeAll
  static void setUp() throws IOException {
    DemoData.write(dir, 20261126L);
    if (Browser.available("HtmlReportBrowserTest")) {
      browser = Browser.start();
    }
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void analyze_reportDrawsEveryFeatureAndAlert() throws IOException {
    assumeTrue(browser != null, "no Chromium (see the console)");
    Path html = dir.resolve("analyze.html");
    Path geojson = dir.resolve("analyze.geojson");
    CliRun r = CliRun.of("analyze", "--input", demo("pings.jsonl"), "--vantages",
        demo("vantages.csv"), "--geoip-city", demo("geoip-demo.mmdb"), "--json",
        "--geojson", geojson.toString(), "--html", html.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    int alerts = alertsOfLocated(JSON.readTree(r.out()).get("results"));
    assertThat(alerts).as("the demo has a VPN exit").isPositive();
    assertDrawn(html, located(Files.readString(geojson)) + alerts, "analyze");
  }

  @Test
  void triangulate_reportDrawsEveryFeatureAndAlert() throws IOException {
    assumeTrue(browser != null, "no Chromium (see the console)");
    Path html = dir.resolve("triangulate.html");
    Path geojson = dir.resolve("triangulate.geojson");
    CliRun features = CliRun.of("triangulate", "--input", demo("groundtruth.ndjson"),
        "--geojson", geojson.toString(), "--html", html.toString());
    assertThat(features.exitCode()).as(features.err()).isZero();
    CliRun docs = CliRun.of("triangulate", "--input", demo("groundtruth.ndjson"), "--json");
    int alerts = alertsOfLocated(JSON.readTree(docs.out()).get("results"));
    assertDrawn(html, located(Files.readString(geojson)) + alerts, "triangulate");
  }

  @Test
  void geoPath_reportDrawsHopsArcsAndAccuracyCircles() throws IOException {
    assumeTrue(browser != null, "no Chromium (see the console)");
    Path html = dir.resolve("geo-path.html");
    Path geojson = dir.resolve("geo-path.geojson");
    CliRun r = CliRun.of("geo-path", "--input", demo("traceroute.json"), "--from",
        "50.11,8.68", "--geoip-city", demo("geoip-demo.mmdb"), "--geojson", geojson.toString(),
        "--html", html.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, Object> state = assertDrawn(html, located(Files.readString(geojson)),
        "geo-path");
    assertThat(state.get("data-kind-counts").toString()).contains("\"arc\":");
  }

  /** Opens the report and checks the count and the console; returns the map's data-*. */
  private static Map<String, Object> assertDrawn(Path html, int expected, String name)
      throws IOException {
    browser.open(html.toUri().toString());
    Map<String, Object> state = browser.awaitMap("el.getAttribute('data-ready') === 'true'");
    assertThat(state.get("data-feature-count")).as(name + " " + state)
        .isEqualTo(String.valueOf(expected));
    assertThat(browser.consoleErrors()).as(name).isEmpty();
    browser.screenshot(Path.of("target", "map-" + name + ".png"));
    return state;
  }

  /** Features with a geometry in one or more FeatureCollections (one per line). */
  private static int located(String geojsonLines) throws IOException {
    int n = 0;
    for (String line : geojsonLines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      for (JsonNode f : JSON.readTree(line).get("features")) {
        n += f.get("geometry").isNull() ? 0 : 1;
      }
    }
    return n;
  }

  /** Alerts of the documents that place their host. */
  private static int alertsOfLocated(JsonNode documents) {
    int n = 0;
    for (JsonNode d : documents) {
      n += d.path("abstained").asBoolean(false) ? 0 : d.path("alerts").size();
    }
    return n;
  }

  private static String demo(String file) {
    return dir.resolve(file).toString();
  }
}
