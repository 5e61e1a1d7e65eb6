package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoPathCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FRANKFURT = "50.11,8.68";
  private static final String TOKYO = "35.68,139.69";

  @TempDir Path dir;
  Path trace;
  Path pacific;
  Path city;
  Path asn;

  /** The demo traceroute, and City/ASN databases whose answers the assertions know. */
  @BeforeEach
  void data() throws IOException {
    trace = dir.resolve("traceroute.json");
    DemoData.writeTraceroute(trace);
    pacific = dir.resolve("pacific.json");
    writePacificTrace(pacific);
    city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("GeoIP2-City")
        .insert("62.115.40.0/29", MmdbWriter.cityRecord(LatLon.of(50.11, 8.68), 20, "DE",
            "Hesse", "Frankfurt"))
        .insert("62.115.40.8/29", MmdbWriter.cityRecord(LatLon.of(52.37, 4.90), 50, "NL", null,
            "Amsterdam"))
        .insert("212.102.40.0/24", MmdbWriter.cityRecord(LatLon.of(32.78, -96.80), 20, "US",
            "Texas", "Dallas"))
        .insert("133.11.0.0/24", MmdbWriter.cityRecord(LatLon.of(35.68, 139.69), 10, "JP", null,
            "Tokyo"))
        .insert("64.125.0.0/24", MmdbWriter.cityRecord(LatLon.of(34.05, -118.24), 10, "US",
            "California", "Los Angeles"))
        .write(city);
    asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("GeoLite2-ASN")
        .insert("62.115.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(1299),
            "autonomous_system_organization", "Arelion"))
        .write(asn);
  }

  /** Tokyo to Los Angeles (RIPE Atlas layout): the arc from hop 3 to hop 4 crosses ±180°. */
  static void writePacificTrace(Path file) throws IOException {
    ObjectNode t = JSON.createObjectNode();
    t.put("fw", 4790).put("type", "traceroute").put("af", 4).put("proto", "ICMP");
    t.put("prb_id", 6010).put("msm_id", 1000003).put("timestamp", 1795600200L);
    t.put("from", "133.11.0.200").put("src_addr", "192.168.0.2").put("dst_addr", "64.125.0.9");
    t.put("dst_name", "64.125.0.9").put("paris_id", 1).put("size", 48);
    ArrayNode hops = t.putArray("result");
    Object[][] rows = {
      {1, "192.168.0.1", 0.8, 0.9},
      {2, "133.11.0.1", 1.9, 2.1},
      {3, "133.11.0.5", 2.6, 2.8},
      {4, "64.125.0.1", 104.1, 104.5},
      {5, "64.125.0.9", 105.0, 105.2},
    };
    for (Object[] row : rows) {
      ObjectNode hop = hops.addObject();
      hop.put("hop", (int) row[0]);
      ArrayNode res = hop.putArray("result");
      for (int i = 2; i < row.length; i++) {
        res.addObject().put("from", (String) row[1]).put("rtt", (double) row[i]).put("size", 68)
            .put("ttl", 250);
      }
    }
    Files.writeString(file, JSON.writeValueAsString(t) + "\n", StandardCharsets.UTF_8);
  }

  private String[] args(Path input, String from, String... extra) {
    List<String> a = new ArrayList<>(List.of("geo-path", "--input", input.toString(),
        "--geoip-city", city.toString(), "--geoip-asn", asn.toString()));
    if (from != null) {
      a.add("--from");
      a.add(from);
    }
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static void assertOneLineError(CliRun r, int exit, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exit);
    List<String> lines = r.err().lines().toList();
    String first = lines.get(0);
    assertThat(first).startsWith(exit == 2 ? "geofusion: " : "geofusion: error: ");
    assertThat(first).contains(fragments);
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
    assertThat(lines.size()).as(r.err()).isLessThanOrEqualTo(exit == 2 ? 2 : 1);
  }

  @Test
  void text_demoTrace_tableShowsLocatedAndUnlocatedHops() {
    CliRun r = CliRun.of(args(trace, FRANKFURT));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("geo-path to 212.102.40.218 from 192.0.2.10"
        + " (atlas-probe:6001), vantage 50.11000,8.68000");
    assertThat(lines.get(1)).contains("HOP", "ADDRESS", "LOCATION", "LAT", "LON", "RADIUS_KM",
        "ASN", "MIN_RTT", "FLAGS", "DELTA_KM");
    String hop1 = row(lines, "192.168.1.1");
    assertThat(hop1.split("\\s+")).containsSubsequence("192.168.1.1", "-", "-", "-", "-", "-",
        "1.49", "private_backbone");
    assertThat(row(lines, "10.12.0.1")).contains("235.20", "private_backbone,rtt_spike");
    assertThat(row(lines, "62.115.40.1 ")).contains("Frankfurt, DE", "50.1100", "8.6800", "20",
        "AS1299", "35.00");
    assertThat(row(lines, "62.115.40.9")).contains("Amsterdam, NL", "50", "38.20");
    assertThat(row(lines, "  *  ")).contains("timeout");
    assertThat(row(lines, "212.102.40.1 ")).contains("Dallas, US", "-96.8000", "52.70",
        "geoip_infeasible");
    assertThat(r.out()).contains("located 4 of 7 hops; 4 arc(s)");
    assertThat(r.out()).contains("geoip_infeasible: hop 6 212.102.40.1: GeoIP says Dallas, US,"
        + " 8275 km from the vantage, but 52.70 ms allows at most 5266 km (+20 km accuracy)");
    assertThat(r.err()).isEmpty();
  }

  private static String row(List<String> lines, String needle) {
    return lines.stream().filter(l -> l.contains(needle)).findFirst()
        .orElseThrow(() -> new AssertionError("no row with '" + needle + "' in\n" + lines));
  }

  @Test
  void text_withoutFrom_saysFeasibilityWasNotChecked() {
    CliRun r = CliRun.of(args(trace, null));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("geoip_infeasible").contains("note: no vantage");
    assertThat(r.out()).contains("located 4 of 7 hops; 3 arc(s)");
  }

  @Test
  void text_noDatabase_everyHopUnlocatedWithANote() {
    CliRun r = CliRun.of("geo-path", "--input", trace.toString(), "--from", FRANKFURT);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("located 0 of 7 hops; 0 arc(s)");
    assertThat(r.err()).contains("no GeoIP database given");
  }

  @Test
  void json_demoTrace_documentedShape() throws IOException {
    CliRun r = CliRun.of(args(trace, FRANKFURT, "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode paths = JSON.readTree(r.out()).get("geo_paths");
    assertThat(paths).hasSize(1);
    JsonNode p = paths.get(0);
    assertThat(p.fieldNames()).toIterable().containsExactly("type", "vantage_id", "started_at",
        "source_format", "source", "destination", "destination_reached", "vantage",
        "distance_model", "local_delay_ms", "feasibility_checked", "waypoints", "arcs",
        "anomalies");
    assertThat(p.get("type").asText()).isEqualTo("GEO_PATH");
    assertThat(p.get("vantage_id").asText()).isEqualTo("atlas-probe:6001");
    assertThat(p.get("source_format").asText()).isEqualTo("RIPE_ATLAS_JSON");
    assertThat(p.at("/vantage/lat").asDouble()).isEqualTo(50.11);
    JsonNode w1 = p.at("/waypoints/0");
    assertThat(w1.get("located").asBoolean()).isFalse();
    assertThat(w1.get("geoip").isNull()).isTrue();
    assertThat(w1.get("flags").toString()).isEqualTo("[\"private_backbone\"]");
    JsonNode w3 = p.at("/waypoints/2");
    assertThat(w3.at("/geoip/city").asText()).isEqualTo("Frankfurt");
    assertThat(w3.at("/geoip/accuracy_radius_km").asDouble()).isEqualTo(20.0);
    assertThat(w3.at("/asn/number").asLong()).isEqualTo(1299);
    assertThat(w3.get("min_rtt_ms").asDouble()).isEqualTo(35.0);
    assertThat(w3.get("rtt_bound_km").asDouble()).isEqualTo(3497.6);
    JsonNode w6 = p.at("/waypoints/5");
    assertThat(w6.get("geoip_infeasible").asBoolean()).isTrue();
    assertThat(w6.get("vantage_distance_km").asDouble()).isBetween(8270.0, 8280.0);
    assertThat(p.get("arcs")).hasSize(4);
    assertThat(p.at("/arcs/2/skipped_ttls").toString()).isEqualTo("[5]");
    assertThat(p.get("anomalies").toString()).contains("geoip_infeasible");
  }

  @Test
  void ndjson_twoTraces_oneDocumentPerLine() throws IOException {
    Path both = dir.resolve("both.jsonl");
    Files.writeString(both, Files.readString(trace) + Files.readString(pacific));
    CliRun r = CliRun.of(args(both, null, "--ndjson"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).get("destination").asText()).isEqualTo("64.125.0.9");
  }

  @Test
  void geojson_demoTrace_isValidRfc7946WithWaypointsCirclesArcsAndVantage() throws IOException {
    Path out = dir.resolve("path.geojson");
    CliRun r = CliRun.of(args(trace, FRANKFURT, "--geojson", out.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("located 4 of 7 hops"); // the table still goes to stdout
    String text = Files.readString(out);
    assertThat(GeoPathGeoJsonCheck.violations(text)).isEmpty();
    JsonNode fc = JSON.readTree(text);
    assertThat(kinds(fc)).containsExactly("vantage", "geoip_accuracy", "waypoint",
        "geoip_accuracy", "waypoint", "geoip_accuracy", "waypoint", "geoip_accuracy",
        "waypoint", "arc", "arc");
    assertThat(fc.at("/features/0/geometry/coordinates").toString()).isEqualTo("[8.68,50.11]");
    JsonNode dallas = fc.at("/features/6");
    assertThat(dallas.at("/properties/ttl").asInt()).isEqualTo(6);
    assertThat(dallas.at("/geometry/coordinates").toString()).isEqualTo("[-96.8,32.78]");
    assertThat(dallas.at("/properties/flags").toString()).contains("geoip_infeasible");
    // Private hops have no GeoIP: not drawn, but named by the arc that passes over them.
    assertThat(text).doesNotContain("192.168.1.1");
    assertThat(fc.at("/features/10/properties/skipped_ttls").toString()).isEqualTo("[5]");
  }

  @Test
  void geojson_pacificPath_arcCutAtTheAntimeridianAndValid() throws IOException {
    Path out = dir.resolve("pacific.geojson");
    CliRun r = CliRun.of(args(pacific, TOKYO, "--geojson", out.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    String text = Files.readString(out);
    assertThat(GeoPathGeoJsonCheck.violations(text)).isEmpty();
    JsonNode arc = null;
    for (JsonNode f : JSON.readTree(text).get("features")) {
      if (f.at("/properties/kind").asText().equals("arc")
          && f.at("/properties/to_ttl").asInt() == 4) {
        arc = f;
      }
    }
    assertThat(arc).isNotNull();
    assertThat(arc.at("/geometry/type").asText()).isEqualTo("MultiLineString");
    assertThat(arc.at("/properties/crosses_antimeridian").asBoolean()).isTrue();
    JsonNode west = arc.at("/geometry/coordinates/0");
    JsonNode east = arc.at("/geometry/coordinates/1");
    assertThat(west.get(west.size() - 1).get(0).asDouble()).isEqualTo(180.0);
    assertThat(east.get(0).get(0).asDouble()).isEqualTo(-180.0);
    assertThat(east.get(0).get(1).asDouble()).isEqualTo(west.get(west.size() - 1).get(1)
        .asDouble());
    assertThat(r.out()).contains("Tokyo, JP", "Los Angeles, US").doesNotContain(
        "geoip_infeasible:");
  }

  @Test
  void geojson_twoTracesToStdout_validAndTaggedByTrace() throws IOException {
    Path both = dir.resolve("both.jsonl");
    Files.writeString(both, Files.readString(trace) + Files.readString(pacific));
    CliRun r = CliRun.of(args(both, null, "--geojson", "-"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(GeoPathGeoJsonCheck.violations(r.out())).isEmpty();
    JsonNode fc = JSON.readTree(r.out());
    assertThat(fc.at("/features/0/properties/trace").asInt()).isZero();
    assertThat(fc.at("/features/" + (fc.get("features").size() - 1) + "/properties/trace")
        .asInt()).isEqualTo(1);
  }

  @Test
  void json_mtrSummary_usesBestRttPerHop() throws IOException {
    Path mtr = dir.resolve("mtr.json");
    Files.writeString(mtr, """
        {"report": {"mtr": {"src": "vantage", "dst": "212.102.40.218", "tests": 5},
          "hubs": [
            {"count": 1, "host": "192.168.1.1", "Loss%": 0.0, "Snt": 5, "Last": 1.6,
             "Avg": 1.5, "Best": 1.4, "Wrst": 1.7, "StDev": 0.1},
            {"count": 2, "host": "???", "Loss%": 100.0, "Snt": 5, "Last": 0.0, "Avg": 0.0,
             "Best": 0.0, "Wrst": 0.0, "StDev": 0.0},
            {"count": 3, "host": "62.115.40.1", "Loss%": 0.0, "Snt": 5, "Last": 36.0,
             "Avg": 36.2, "Best": 35.1, "Wrst": 38.0, "StDev": 0.9}
          ]}}
        """);
    CliRun r = CliRun.of(args(mtr, FRANKFURT, "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode p = JSON.readTree(r.out()).at("/geo_paths/0");
    assertThat(p.get("source_format").asText()).isEqualTo("MTR_JSON");
    assertThat(p.at("/waypoints/1/flags").toString()).contains("timeout");
    assertThat(p.at("/waypoints/2/min_rtt_ms").asDouble()).isEqualTo(35.1);
    assertThat(p.at("/waypoints/2/geoip/city").asText()).isEqualTo("Frankfurt");
    assertThat(p.at("/arcs/0/skipped_ttls").toString()).isEqualTo("[1,2]");
  }

  @Test
  void pingsOnly_noteAndEmptyOutput() throws IOException {
    DemoData.writePings(dir.resolve("pings.jsonl"), new java.util.SplittableRandom(1));
    CliRun r = CliRun.of(args(dir.resolve("pings.jsonl"), null, "--geojson", "-"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("ping record(s) ignored", "no traceroute in");
    assertThat(GeoPathGeoJsonCheck.violations(r.out())).isEmpty();
    assertThat(JSON.readTree(r.out()).get("features")).isEmpty();
  }

  @Test
  void geoJsonCheck_swappedCoordinates_isCaught() {
    // The validator loaded from fusion-core's test classes really runs (it is not vacuous).
    assertThat(GeoPathGeoJsonCheck.violations(
        "{\"type\":\"Point\",\"coordinates\":[35.68,139.69]}"))
        .singleElement().asString().contains("[lat, lon] order");
  }

  @Test
  void geojsonStdout_withJson_isAUsageError() {
    assertOneLineError(CliRun.of(args(trace, null, "--geojson", "-", "--json")), 2,
        "--geojson -", "--json");
  }

  @Test
  void missingInputFile_oneLineError() {
    assertOneLineError(CliRun.of(args(dir.resolve("nope.json"), null)), 1, "nope.json",
        "no such file");
  }

  @Test
  void noInput_usageError() {
    assertOneLineError(CliRun.of("geo-path"), 2, "nothing to do");
  }

  @Test
  void corruptDatabase_oneLineErrorNamingIt() throws IOException {
    Path bad = dir.resolve("corrupt.mmdb");
    byte[] good = Files.readAllBytes(city);
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    Files.write(bad, cut);
    CliRun r = CliRun.of("geo-path", "--input", trace.toString(), "--geoip-city",
        bad.toString());
    assertOneLineError(r, 1, "corrupt.mmdb");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void garbageDatabase_oneLineErrorNamingIt() throws IOException {
    Path bad = dir.resolve("garbage.mmdb");
    Files.writeString(bad, "this is not a MaxMind database\n".repeat(20));
    assertOneLineError(CliRun.of("geo-path", "--input", trace.toString(), "--geoip-asn",
        bad.toString()), 1, "garbage.mmdb");
  }

  @Test
  void missingDatabase_oneLineError() {
    assertOneLineError(CliRun.of("geo-path", "--input", trace.toString(), "--geoip-city",
        dir.resolve("absent.mmdb").toString()), 1, "absent.mmdb");
  }

  @Test
  void badFrom_usageError() {
    assertOneLineError(CliRun.of(args(trace, "95,10")), 2, "--from", "latitude");
  }

  /**
   * A path under a regular file cannot be written (a missing folder is created, as for every
   * file output written through AtomicFile).
   */
  @Test
  void unwritableGeojson_oneLineError() throws IOException {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    assertOneLineError(CliRun.of(args(trace, null, "--geojson",
        notADir.resolve("x.geojson").toString())), 1, "cannot write the GeoJSON");
  }

  private static List<String> kinds(JsonNode fc) {
    List<String> out = new ArrayList<>();
    fc.get("features").forEach(f -> out.add(f.at("/properties/kind").asText()));
    return out;
  }
}
