package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = GeoFusionCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path sample() throws Exception {
    Path f = dir.resolve("gt.ndjson");
    Files.writeString(f, String.join("\n",
        "{\"target\":\"paris-1\",\"truth\":{\"lat\":48.85,\"lon\":2.35},\"vantages\":["
            + "{\"id\":\"lon\",\"lat\":51.51,\"lon\":-0.13,\"min_rtt_ms\":6.0},"
            + "{\"id\":\"ams\",\"lat\":52.37,\"lon\":4.90,\"min_rtt_ms\":7.0},"
            + "{\"id\":\"lyo\",\"lat\":45.76,\"lon\":4.84,\"rtt_ms\":[6.3,6.0]}]}",
        "{\"target\":\"nyc-2\",\"truth\":{\"lat\":40.71,\"lon\":-74.0},\"vantages\":["
            + "{\"id\":\"bos\",\"lat\":42.36,\"lon\":-71.06,\"min_rtt_ms\":5.5},"
            + "{\"id\":\"was\",\"lat\":38.9,\"lon\":-77.04,\"min_rtt_ms\":6.0},"
            + "{\"id\":\"chi\",\"lat\":41.88,\"lon\":-87.63,\"min_rtt_ms\":19.0}],"
            + "\"geoip\":{\"lat\":40.7,\"lon\":-74.0,\"accuracy_radius_km\":20}}", ""));
    return f;
  }

  @Test
  void eval_json_hasRequiredFields() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.get("targets").asInt()).isEqualTo(2);
    assertThat(j.get("scored").asInt()).isEqualTo(2);
    for (String f : new String[] {"median_error_km", "p90_error_km", "coverage_50",
        "coverage_90"}) {
      assertThat(j.get(f).isNumber()).as(f).isTrue();
    }
    assertThat(j.at("/baselines/cbg/median_error_km").isNumber()).isTrue();
    assertThat(j.at("/baselines/shortest_ping/p90_error_km").isNumber()).isTrue();
    double ratio = j.at("/median_error_km").asDouble() / j.at("/baselines/cbg/median_error_km")
        .asDouble();
    assertThat(j.at("/vs_cbg/median_ratio").asDouble()).isCloseTo(ratio, within(0.001));
    JsonNode ci = j.at("/vs_cbg/median_ratio_ci95");
    assertThat(ci.size()).isEqualTo(2);
    assertThat(ci.get(0).asDouble()).isLessThanOrEqualTo(ci.get(1).asDouble());
  }

  @Test
  void eval_ndjson_oneLinePerTarget() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--ndjson")).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("target").asText()).isEqualTo("paris-1");
    assertThat(first.has("error_km")).isTrue();
    assertThat(first.has("radius_90_km")).isTrue();
    assertThat(first.has("inside_90")).isTrue();
  }

  @Test
  void eval_table_default() throws Exception {
    assertThat(run("eval", "--input", sample().toString())).isZero();
    assertThat(out.toString()).contains("geofusion").contains("cbg").contains("coverage_90");
  }

  @Test
  void eval_writeNdjson_roundTrips() throws Exception {
    Path copy = dir.resolve("copy.ndjson");
    assertThat(run("eval", "--input", sample().toString(), "--experiment", "false-geoip",
        "--write-ndjson", copy.toString())).isZero();
    assertThat(Files.readAllLines(copy)).hasSize(2).allMatch(l -> l.contains("\"geoip\""));
  }

  @Test
  void eval_missingFile_oneLineErrorExit1() {
    assertThat(run("eval", "--input", dir.resolve("nope.ndjson").toString())).isEqualTo(1);
    assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    assertThat(err.toString()).contains("not found");
  }

  @Test
  void eval_badExperiment_usageErrorExit2() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--experiment", "bogus"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--experiment");
  }

  @Test
  void eval_noSource_usageErrorExit2() {
    assertThat(run("eval")).isEqualTo(2);
    assertThat(err.toString()).contains("--input");
  }

  @Test
  void eval_malformedInput_namesLine() throws Exception {
    Path f = dir.resolve("bad.ndjson");
    Files.writeString(f, "{\"target\":\"a\",\"vantages\":[{\"id\":\"v\",\"lat\":1}]}\n");
    assertThat(run("eval", "--input", f.toString())).isNotZero();
    assertThat(err.toString()).contains("line 1");
  }

  /** 12 targets on a line east of Frankfurt, measured by "v" (Frankfurt) and "w" (Paris). */
  private Path landmarkSample() throws Exception {
    io.geofusion.geo.LatLon v = io.geofusion.geo.LatLon.of(50.11, 8.68);
    io.geofusion.geo.LatLon w = io.geofusion.geo.LatLon.of(48.85, 2.35);
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      io.geofusion.geo.LatLon t = io.geofusion.geo.Geodesy.destination(v, 90.0, 100.0 * i);
      double dv = io.geofusion.geo.Geodesy.distanceKm(v, t);
      double dw = io.geofusion.geo.Geodesy.distanceKm(w, t);
      sb.append(String.format(java.util.Locale.ROOT, "{\"target\":\"t-%d\",\"truth\":"
          + "{\"lat\":%.5f,\"lon\":%.5f},\"vantages\":[{\"id\":\"v\",\"lat\":50.11,"
          + "\"lon\":8.68,\"min_rtt_ms\":%.3f},{\"id\":\"w\",\"lat\":48.85,\"lon\":2.35,"
          + "\"min_rtt_ms\":%.3f}]}%n", i, t.lat(), t.lon(), 4.0 + dv / 45.0, 3.0 + dw / 50.0));
    }
    Path f = dir.resolve("lm.ndjson");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void eval_calibrate_writesLeaveOneOutBestlinesAndScoresCbgBestline() throws Exception {
    Path copy = dir.resolve("cal.ndjson");
    Path in = landmarkSample();
    assertThat(run("eval", "--input", in.toString(), "--calibrate",
        "--write-ndjson", copy.toString())).isZero();
    ObjectMapper m = new ObjectMapper();
    for (String line : Files.readAllLines(copy)) {
      for (JsonNode v : m.readTree(line).get("vantages")) {
        assertThat(v.at("/bestline/slope_ms_per_km").asDouble()).isPositive();
        assertThat(v.at("/bestline/intercept_ms").isNumber()).isTrue();
      }
    }
    // The written file reads back and scores with its bestlines.
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", copy.toString(), "--json")).isZero();
    assertThat(m.readTree(out.toString()).at("/baselines/cbg_bestline/median_error_km")
        .isNumber()).isTrue();
  }

  @Test
  void eval_calibrateMinLandmarksBelowTwo_usageError() throws Exception {
    assertThat(run("eval", "--input", landmarkSample().toString(), "--calibrate",
        "--min-landmarks", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--min-landmarks must be >= 2, got 1");
  }

  @Test
  void eval_calibrateTooFewLandmarks_leavesInputUncalibrated() throws Exception {
    Path copy = dir.resolve("cal.ndjson");
    assertThat(run("eval", "--input", landmarkSample().toString(), "--calibrate",
        "--min-landmarks", "12", "--write-ndjson", copy.toString())).isZero();
    assertThat(Files.readAllLines(copy)).noneMatch(l -> l.contains("bestline"));
  }

  @Test
  void eval_latencyMatrixWithBundledAwsSites_leaveOneOut() throws Exception {
    Path m = dir.resolve("aws.csv");
    Files.writeString(m, String.join("\n", ",eu-central-1,eu-west-2,eu-west-3,us-east-1",
        "eu-central-1,0.3,12.9,8.9,89.2", "eu-west-2,12.9,0.2,8.6,74.7",
        "eu-west-3,9.0,8.8,0.2,82.0", "us-east-1,89.1,75.4,81.6,0.3", ""));
    Path nd = dir.resolve("aws.ndjson");
    assertThat(run("eval", "--latency-matrix", m.toString(), "--write-ndjson", nd.toString()))
        .isZero();
    var lines = Files.readAllLines(nd);
    assertThat(lines).hasSize(4);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("target").asText()).isEqualTo("eu-central-1");
    assertThat(first.at("/truth/lat").asDouble()).isEqualTo(50.11);
    assertThat(first.get("vantages")).hasSize(3);
    assertThat(first.at("/vantages/0/min_rtt_ms").asDouble()).isEqualTo(12.9);
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--latency-matrix", m.toString(), "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).get("scored").asInt()).isEqualTo(4);
  }

  @Test
  void eval_sitesWithoutMatrix_usageErrorExit2() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--sites", "x.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("--sites only applies to --latency-matrix");
  }

  @Test
  void eval_latencyMatrixUnplacedSite_oneLineErrorExit1() throws Exception {
    Path m = dir.resolve("m.csv");
    Path s = dir.resolve("s.csv");
    Files.writeString(m, ",a,b\na,0,5\nb,5,0\n");
    Files.writeString(s, "a,50,8\n");
    assertThat(run("eval", "--latency-matrix", m.toString(), "--sites", s.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("site 'b' has no position");
  }

  @Test
  void eval_populationPriorOff_changesTheEstimatesOnly() throws Exception {
    Path f = sample();
    assertThat(run("eval", "--input", f.toString(), "--ndjson")).isZero();
    String on = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", f.toString(), "--ndjson", "--population-prior", "off"))
        .isZero();
    String off = out.toString();
    ObjectMapper m = new ObjectMapper();
    JsonNode a = m.readTree(on.strip().split("\n")[0]);
    JsonNode b = m.readTree(off.strip().split("\n")[0]);
    assertThat(a.get("target").asText()).isEqualTo(b.get("target").asText());
    assertThat(a.get("cbg_error_km").asDouble()).isEqualTo(b.get("cbg_error_km").asDouble());
    assertThat(a.get("error_km").asDouble()).isNotEqualTo(b.get("error_km").asDouble());
  }

  @Test
  void eval_populationPriorBadValue_isAUsageErrorNamingTheRange() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--population-prior", "1,2,300,0.01"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("population kernel must be in [5, 500] km")
        .doesNotContain("Exception");
    err.getBuffer().setLength(0);
    assertThat(run("eval", "--input", sample().toString(), "--population-prior", "maybe"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--population-prior must be on, off or");
  }

  /**
   * One ground-truth target seen by 14 vantages: 12 on a ring 3-4.5° around it at 8 ms, and two
   * beyond the 12 nearest, 250-300 km from a candidate west of the truth, with RTTs (90, 95 ms)
   * that make that candidate far too close for them. {@code --far-vantages} changes its result.
   */
  static String farVantagesTarget() {
    StringBuilder vs = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      double bearing = Math.toRadians(30.0 * i);
      vs.append(String.format(java.util.Locale.ROOT,
          "{\"id\":\"v%d\",\"lat\":%.4f,\"lon\":%.4f,\"min_rtt_ms\":8.0},", i,
          48.85 + 3.0 * Math.cos(bearing), 2.35 + 4.5 * Math.sin(bearing)));
    }
    vs.append("{\"id\":\"far1\",\"lat\":47.0,\"lon\":-4.0,\"min_rtt_ms\":90.0},");
    vs.append("{\"id\":\"far2\",\"lat\":50.5,\"lon\":-3.5,\"min_rtt_ms\":95.0}");
    return "{\"target\":\"t\",\"truth\":{\"lat\":48.85,\"lon\":2.35},\"vantages\":[" + vs
        + "]}\n";
  }

  @Test
  void eval_farVantagesOff_changesOnlyTargetsWithMoreThan12Vantages() throws Exception {
    Path f = Files.writeString(dir.resolve("far.ndjson"), farVantagesTarget());
    assertThat(run("eval", "--input", f.toString(), "--ndjson")).isZero();
    String on = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", f.toString(), "--ndjson", "--far-vantages", "off"))
        .isZero();
    String off = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", f.toString(), "--ndjson", "--far-vantages", "0.03"))
        .isZero();
    assertThat(out.toString()).isEqualTo(on);
    assertThat(on).isNotEqualTo(off);
    // Without far vantages (the sample: 3 vantages) the option changes nothing.
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", sample().toString(), "--ndjson")).isZero();
    String few = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--input", sample().toString(), "--ndjson", "--far-vantages", "off"))
        .isZero();
    assertThat(out.toString()).isEqualTo(few);
  }

  @Test
  void eval_farVantagesBadValue_isAUsageError() throws Exception {
    assertThat(run("eval", "--input", sample().toString(), "--far-vantages", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("--far-vantages must be on, off or a weight in [0, 1]")
        .doesNotContain("Exception");
  }
}
