package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraphCommandTest {

  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private static final ObjectMapper M = new ObjectMapper();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = GeoFusionCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path loadSample() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of(
        "{\"node\":\"host:212.102.40.218\",\"location_distribution\":{\"type\":\"gaussian_mixture\","
            + "\"centroids\":[{\"lat\":32.78,\"lon\":-96.80,\"weight\":0.6},"
            + "{\"lat\":29.42,\"lon\":-98.49,\"weight\":0.4}],\"uncertainty_km\":850},"
            + "\"evidence\":{\"rf\":0.7,\"rtt\":0.8,\"semantic\":0.6}}",
        "{\"node\":\"host:192.0.2.9\",\"location_distribution\":{\"centroids\":[{\"lat\":52.37,"
            + "\"lon\":4.9,\"weight\":1}],\"uncertainty_km\":50,\"circle\":{\"lat\":52.37,"
            + "\"lon\":4.9,\"radius_km\":80,\"mass\":0.9}}}",
        "{\"src\":\"host:212.102.40.218\",\"kind\":\"INFERRED_HOST_IN_ORG\",\"dst\":\"asn:60068\","
            + "\"rule_id\":\"r1\",\"confidence\":0.8}",
        "{\"src\":\"asn:60068\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:datacamp\"}",
        "{oops",
        "{\"hello\":\"world\"}",
        // two events on one line: reported, not cut to the first
        "{\"src\":\"asn:1\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:a\"}"
            + "{\"src\":\"asn:2\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:b\"}"));
    Path snap = dir.resolve("g.snap");
    assertThat(run("graph", "load", "--snapshot", snap.toString(), in.toString()))
        .as(err.toString()).isZero();
    assertThat(err.toString()).contains(in + ":5: skipped: malformed JSON")
        .contains(in + ":6: skipped: not a graph event")
        .contains(in + ":7: skipped: text after the JSON value (at column 50)")
        .contains("applied 4 lines, skipped 3");
    return snap;
  }

  @Test
  void load_thenStatsQueryExport() throws Exception {
    Path snap = loadSample();
    assertThat(run("graph", "stats", "--snapshot", snap.toString(), "--json")).isZero();
    JsonNode s = M.readTree(out.toString());
    assertThat(s.get("nodes").asInt()).isEqualTo(4);
    assertThat(s.get("edges").asInt()).isEqualTo(2);
    assertThat(s.get("located_hosts").asInt()).isEqualTo(2);

    assertThat(run("graph", "stats", "--snapshot", snap.toString())).isZero();
    assertThat(out.toString()).contains("INFERRED_HOST_IN_ORG").contains("4 nodes");

    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--hosts-in", "org:datacamp"))
        .isZero();
    assertThat(out.toString().lines().toList()).singleElement()
        .satisfies(l -> assertThat(M.readTree(l).get("node").asText())
            .isEqualTo("host:212.102.40.218"));

    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--region",
        "disk:52.0,5.0,10")).isZero();
    assertThat(out.toString()).contains("host:192.0.2.9").doesNotContain("212.102");

    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", "asn:60068",
        "--direction", "OUT")).isZero();
    assertThat(out.toString()).contains("org:datacamp").doesNotContain("host:");

    Path geo = dir.resolve("hosts.geojson");
    assertThat(run("graph", "export", "--snapshot", snap.toString(), "--out", geo.toString(),
        "--rings", "32")).isZero();
    JsonNode fc = M.readTree(geo.toFile());
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features")).hasSize(3); // two points + one ring
    JsonNode ring = fc.get("features").get(1).get("geometry"); // sorted by host id, ring after point
    assertThat(fc.get("features").get(1).get("properties").get("node").asText())
        .isEqualTo("host:192.0.2.9");
    assertThat(ring.get("type").asText()).isEqualTo("Polygon");
    JsonNode coords = ring.get("coordinates").get(0);
    assertThat(coords).hasSize(33);
    assertThat(coords.get(0)).isEqualTo(coords.get(32));
  }

  @Test
  void load_oldCircleName_mass_readsAndIsWrittenAsProbability() throws Exception {
    Path snap = loadSample(); // host:192.0.2.9's circle is given with the pre-2026-11-26 "mass"
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--region",
        "disk:52.0,5.0,10")).isZero();
    JsonNode circle = M.readTree(out.toString().strip()).at("/location_distribution/circle");
    assertThat(circle.get("probability").asDouble()).isEqualTo(0.9);
    assertThat(circle.has("mass")).isFalse();
    Path geo = dir.resolve("hosts.geojson");
    assertThat(run("graph", "export", "--snapshot", snap.toString(), "--out", geo.toString()))
        .isZero();
    assertThat(Files.readString(geo)).contains("\"probability\":0.9").doesNotContain("mass");
  }

  @Test
  void load_triangulateOutput_keepsTheHostUnderTheSameFieldNames() throws Exception {
    Path in = dir.resolve("tri.ndjson");
    Files.writeString(in, "{\"target\":\"198.51.100.7\",\"vantages\":["
        + "{\"id\":\"dallas\",\"lat\":32.78,\"lon\":-96.80,\"min_rtt_ms\":4.0},"
        + "{\"id\":\"denver\",\"lat\":39.74,\"lon\":-104.99,\"min_rtt_ms\":19.0}]}\n");
    assertThat(run("triangulate", "--input", in.toString(), "--ndjson")).as(err.toString())
        .isZero();
    Path fused = dir.resolve("fused.ndjson");
    Files.writeString(fused, out.toString());
    JsonNode written = M.readTree(out.toString().strip());
    Path snap = dir.resolve("t.snap");
    assertThat(run("graph", "load", "--snapshot", snap.toString(), fused.toString()))
        .as(err.toString()).isZero();
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--region",
        "disk:35,-100,3000")).isZero();
    JsonNode stored = M.readTree(out.toString().strip());
    assertThat(stored.get("node")).isEqualTo(written.get("node"));
    JsonNode w = written.get("location_distribution");
    JsonNode st = stored.get("location_distribution");
    assertThat(st.get("circle")).isEqualTo(w.get("circle"));
    assertThat(st.get("uncertainty_km")).isEqualTo(w.get("uncertainty_km"));
    for (int i = 0; i < w.get("centroids").size(); i++) {
      for (String f : List.of("lat", "lon", "weight")) {
        assertThat(st.at("/centroids/" + i + "/" + f)).isEqualTo(w.at("/centroids/" + i + "/" + f));
      }
    }
    assertThat(stored.get("evidence")).isEqualTo(written.get("evidence"));
  }

  @Test
  void load_triangulateOutputForATargetWithoutEvidence_storesAHostWithoutALocation()
      throws Exception {
    Path in = dir.resolve("none.ndjson");
    Files.writeString(in, "{\"target\":\"198.51.100.9\",\"vantages\":[]}\n"
        + "{\"target\":\"198.51.100.7\",\"vantages\":["
        + "{\"id\":\"dallas\",\"lat\":32.78,\"lon\":-96.80,\"min_rtt_ms\":4.0}]}\n");
    assertThat(run("triangulate", "--input", in.toString(), "--ndjson")).as(err.toString())
        .isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode none = M.readTree(lines.get(0));
    assertThat(none.get("abstained").asBoolean()).as(lines.get(0)).isTrue();
    assertThat(none.at("/location_distribution/centroids").isEmpty()).isTrue();
    Path fused = dir.resolve("fused.ndjson");
    Files.writeString(fused, out.toString());
    Path snap = dir.resolve("n.snap");
    assertThat(run("graph", "load", "--snapshot", snap.toString(), fused.toString()))
        .as(err.toString()).isZero();
    assertThat(err.toString()).doesNotContain("skipped:")
        .contains("applied 2 lines (1 abstained host without a location), skipped 0")
        .contains("2 nodes");
    assertThat(run("graph", "stats", "--snapshot", snap.toString(), "--json")).isZero();
    JsonNode s = M.readTree(out.toString());
    assertThat(s.get("nodes").asInt()).isEqualTo(2);
    assertThat(s.get("located_hosts").asInt()).as("only the host with evidence").isEqualTo(1);
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--region",
        "disk:32.78,-96.8,3000")).isZero();
    assertThat(out.toString()).contains("host:198.51.100.7").doesNotContain("198.51.100.9");
  }

  @Test
  void load_appendsToExistingSnapshotAndReplaysEvents() throws Exception {
    Path snap = loadSample();
    Path more = dir.resolve("events.jsonl");
    Files.writeString(more, "{\"seq\":1,\"at\":\"2026-11-26T00:00:00Z\",\"type\":\"edge_upserted\","
        + "\"edge\":{\"src\":\"host:192.0.2.9\",\"kind\":\"INFERRED_HOST_OFFERS_SERVICE\","
        + "\"dst\":\"service:tcp/443\",\"confidence\":0.6,\"weight\":1,"
        + "\"first_seen\":\"2026-11-26T00:00:00Z\",\"last_seen\":\"2026-11-26T00:00:00Z\","
        + "\"observations\":1}}\n");
    assertThat(run("graph", "load", "--snapshot", snap.toString(), more.toString())).isZero();
    assertThat(run("graph", "stats", "--snapshot", snap.toString(), "--json")).isZero();
    assertThat(M.readTree(out.toString()).get("edges").asInt()).isEqualTo(3);
  }

  @Test
  void errors_areOneLineWithExitCodes() throws Exception {
    assertThat(run("graph", "stats", "--snapshot", dir.resolve("none.snap").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("snapshot does not exist").hasLineCount(1);
    Path bad = dir.resolve("bad.snap");
    Files.writeString(bad, "garbage\n");
    assertThat(run("graph", "stats", "--snapshot", bad.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("is corrupt at byte 0 (line 1)");
    Path snap = loadSample();
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--region", "circle:1"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("disk:LAT,LON,RADIUS_KM");
    assertThat(run("graph", "query", "--snapshot", snap.toString())).isEqualTo(2);
  }
}
