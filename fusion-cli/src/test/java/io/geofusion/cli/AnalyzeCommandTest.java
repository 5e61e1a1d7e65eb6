package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  void demoData() throws IOException {
    DemoData.write(dir, 20261126L);
  }

  private String[] args(String... extra) {
    return demoArgs(dir, extra);
  }

  /** {@code analyze} of the demo data written to {@code dir}, with {@code extra} appended. */
  static String[] demoArgs(Path dir, String... extra) {
    String[] base = {"analyze", "--input", dir.resolve("pings.jsonl").toString(), "--vantages",
        dir.resolve("vantages.csv").toString(), "--geoip-city",
        dir.resolve("geoip-demo.mmdb").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  /** The {@code --json} results of a successful run, by node id. */
  static Map<String, JsonNode> results(CliRun r) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode n : JSON.readTree(r.out()).path("results")) {
      m.put(n.path("node").asText(), n);
    }
    return m;
  }

  @Test
  void json_demo_vpnTargetFlaggedAndHonestTargetsNot() throws IOException {
    Map<String, JsonNode> res = results(CliRun.of(args("--json")));
    assertThat(res).hasSize(3);
    JsonNode vpn = res.get("host:212.102.40.218");
    assertThat(vpn.path("alerts").toString()).contains("location_inconsistency")
        .contains("vpn_or_proxy");
    assertThat(res.get("host:185.40.4.23").path("alerts").toString())
        .doesNotContain("location_inconsistency");
    assertThat(res.get("host:133.11.0.77").path("alerts").toString())
        .doesNotContain("location_inconsistency");
  }

  @Test
  void json_demo_shapesOfDesignSection5() throws IOException {
    for (JsonNode n : results(CliRun.of(args("--json"))).values()) {
      JsonNode ld = n.path("location_distribution");
      assertThat(ld.path("type").asText()).isEqualTo("gaussian_mixture");
      double w = 0;
      for (JsonNode c : ld.path("centroids")) {
        assertThat(c.has("lat") && c.has("lon")).isTrue();
        w += c.path("weight").asDouble();
      }
      assertThat(w).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
      assertThat(ld.path("uncertainty_km").asDouble()).isPositive();
      assertThat(n.path("evidence").has("rtt")).isTrue();
    }
  }

  @Test
  void json_demo_truthInsideNinetyPercentCircleOfVpnTarget() throws IOException {
    // The VPN exit really is in Cairo: the RTTs must say so, whatever GeoIP claims (Dallas).
    JsonNode vpn = results(CliRun.of(args("--json"))).get("host:212.102.40.218");
    LatLon est = LatLon.of(vpn.path("estimate").path("lat").asDouble(),
        vpn.path("estimate").path("lon").asDouble());
    double r90 = vpn.path("confidence_circles").get(1).path("radius_km").asDouble();
    assertThat(Geodesy.distanceKm(est, DemoData.city("Cairo").at())).isLessThan(r90);
    assertThat(Geodesy.distanceKm(est, DemoData.city("Dallas").at())).isGreaterThan(r90);
  }

  @Test
  void text_demo_verdictLines() {
    CliRun r = CliRun.of(args());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("verdict: likely within").contains("(90 %)")
        .contains("is contradicted by the RTTs").contains("warning: location_inconsistency");
  }

  @Test
  void geojson_demo_featureCollectionWritten() throws IOException {
    Path g = dir.resolve("out.geojson");
    CliRun r = CliRun.of(args("--geojson", g.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode fc = JSON.readTree(Files.readString(g));
    assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.path("features").size()).isGreaterThan(3);
    for (JsonNode f : fc.path("features")) {
      assertThat(f.path("properties").path("target").asText()).isNotEmpty();
    }
  }

  @Test
  void call_noVantagePosition_isUsageErrorSayingWhatIsLost() {
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--from").contains("no location");
  }

  @Test
  void call_recordedWithModelOrStretch_isUsageErrorSayingWhy() {
    for (String[] flag : List.of(new String[] {"--model", "speed_of_internet_4_9"},
        new String[] {"--stretch", "2"})) {
      CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(), "--from",
          "50.11,8.68", flag[0], flag[1]);
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).contains(flag[0] + " applies to live analyze")
          .contains("calibrated RTT likelihood");
    }
  }

  @Test
  void call_recordedWithDistanceKeysInConfig_ignoresThemAndAnswers() throws IOException {
    // Config keys are defaults, not typed flags: recorded analyze must not refuse them.
    Path conf = dir.resolve("c.properties");
    Files.writeString(conf, "distance_model = speed_of_internet_4_9\nroute_stretch = 2\n");
    CliRun r = CliRun.withEnv(Map.of(), "--config", conf.toString(), "analyze", "--input",
        dir.resolve("pings.jsonl").toString(), "--vantages", dir.resolve("vantages.csv")
            .toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(results(r)).hasSize(3);
  }

  @Test
  void call_vantagesFileWithTextForANumber_namesLineAndColumn() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad-vantages.csv"), "id,lat,lon\nfra,50.1,8.7\n"
        + "ams,fifty-two,4.9\n");
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(),
        "--vantages", bad.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("geofusion: error: " + bad
        + ":3: latitude 'fifty-two' is not a number");
  }

  @Test
  void call_liveWithBadDistanceOptions_isUsageErrorBeforeAnyProbe() {
    // 192.0.2.1 (TEST-NET-1) is never probed: the options are checked first.
    CliRun model = CliRun.of("analyze", "192.0.2.1", "--from", "50.11,8.68", "--model", "warp");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.err()).contains("unknown distance model 'warp'").contains("fiber_2_3");
    CliRun stretch = CliRun.of("analyze", "192.0.2.1", "--from", "50.11,8.68", "--stretch",
        "0.5");
    assertThat(stretch.exitCode()).isEqualTo(2);
    assertThat(stretch.err()).contains("--stretch must be a finite number >= 1");
    CliRun delay = CliRun.of("analyze", "192.0.2.1", "--from", "50.11,8.68", "--local-delay",
        "-1");
    assertThat(delay.exitCode()).isEqualTo(2);
    assertThat(delay.err()).contains("--local-delay");
  }

  @Test
  void help_liveAndRecorded_listTheDistanceOptionsLikeProbe() {
    CliRun analyze = CliRun.of("analyze", "--help");
    CliRun probe = CliRun.of("probe", "--help");
    for (String flag : List.of("--model=NAME", "--local-delay=MS", "--stretch=S")) {
      assertThat(analyze.out()).contains(flag);
      assertThat(probe.out()).contains(flag);
    }
  }

  @Test
  void call_badFrom_isUsageError() {
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(), "--from",
        "200,10");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--from").contains("latitude");
  }

  @Test
  void call_corruptGeoIpDatabase_exits1WithOneLine() throws IOException {
    Path bad = dir.resolve("bad.mmdb");
    Files.writeString(bad, "this is not a MaxMind database");
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(),
        "--from", "50.11,8.68", "--geoip-city", bad.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("geofusion: error:"))).hasSize(1);
    assertThat(r.err()).contains("bad.mmdb").doesNotContain("\tat ");
  }

  @Test
  void call_fromOnlyWithManyVantages_warnsButStillAnswers() throws IOException {
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(), "--from",
        "50.11,8.68", "--json");
    assertThat(results(r)).hasSize(3);
    assertThat(r.err()).contains("8 different vantages").contains("--vantages");
  }
}
