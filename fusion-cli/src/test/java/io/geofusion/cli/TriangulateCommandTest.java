package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TriangulateCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = GeoFusionCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path vpnCase() throws Exception {
    Path f = dir.resolve("in.ndjson");
    Files.writeString(f, "{\"target\":\"203.0.113.50\",\"vantages\":["
        + "{\"id\":\"houston\",\"lat\":29.76,\"lon\":-95.37,\"min_rtt_ms\":6.1},"
        + "{\"id\":\"austin\",\"lat\":30.27,\"lon\":-97.74,\"min_rtt_ms\":5.0},"
        + "{\"id\":\"okc\",\"lat\":35.47,\"lon\":-97.52,\"min_rtt_ms\":4.9}],"
        + "\"geoip\":{\"lat\":-23.55,\"lon\":-46.63,\"accuracy_radius_km\":50}}\n");
    return f;
  }

  @Test
  void triangulate_ndjson_designShapeWithAlert() throws Exception {
    assertThat(run("triangulate", "--input", vpnCase().toString(), "--ndjson")).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString().strip());
    assertThat(j.get("type").asText()).isEqualTo("HOST_LOCATION");
    assertThat(j.get("node").asText()).isEqualTo("host:203.0.113.50");
    assertThat(j.at("/location_distribution/type").asText()).isEqualTo("gaussian_mixture");
    assertThat(j.at("/location_distribution/centroids/0/weight").isNumber()).isTrue();
    assertThat(j.at("/location_distribution/uncertainty_km").isNumber()).isTrue();
    assertThat(j.at("/evidence/rtt").isNumber()).isTrue();
    assertThat(j.at("/alerts/0/type").asText()).isEqualTo("location_inconsistency");
    assertThat(j.at("/alerts/0/interpretation").asText()).isEqualTo("vpn_or_proxy");
  }

  @Test
  void triangulate_geojson_lonLatOrderAndClosedRings() throws Exception {
    Path map = dir.resolve("t.geojson");
    assertThat(run("triangulate", "--input", vpnCase().toString(), "--geojson", map.toString()))
        .isZero();
    assertThat(out.toString()).as("the table still goes to stdout").contains("203.0.113.50");
    JsonNode fc = new ObjectMapper().readTree(map.toFile());
    assertThat(fc.at("/features/0/properties/target").asText()).isEqualTo("203.0.113.50");
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode point = fc.at("/features/0/geometry/coordinates");
    assertThat(point.get(0).asDouble()).isBetween(-105.0, -90.0); // lon first
    for (JsonNode f : fc.get("features")) {
      if (f.at("/geometry/type").asText().equals("Polygon")) {
        JsonNode ring = f.at("/geometry/coordinates/0");
        assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
      }
    }
  }

  @Test
  void evalAndTriangulate_emptyFile_warnOnStderr() throws Exception {
    Path empty = java.nio.file.Files.writeString(dir.resolve("empty.ndjson"), "\n\n");
    CliRun e = CliRun.of("eval", "--input", empty.toString(), "--json");
    assertThat(e.exitCode()).as(e.err()).isZero();
    assertThat(e.err().strip()).isEqualTo("geofusion: warning: " + empty
        + " holds no targets (an empty file?); nothing is scored");
    CliRun t = CliRun.of("triangulate", "--input", empty.toString(), "--json");
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.err()).contains("holds no targets");
    assertThat(t.out().strip()).isEqualTo("{\n  \"results\" : [ ]\n}");
  }

  @Test
  void triangulate_table_default() throws Exception {
    assertThat(run("triangulate", "--input", vpnCase().toString())).isZero();
    assertThat(out.toString()).contains("203.0.113.50").contains("vpn_or_proxy");
  }

  @Test
  void triangulate_table_abstainedTargetPrintsNoCoordinates() throws Exception {
    Path f = dir.resolve("none.ndjson");
    Files.writeString(f, "{\"target\":\"nothing\",\"vantages\":[]}\n");
    assertThat(run("triangulate", "--input", f.toString())).isZero();
    String line = out.toString().lines().filter(l -> l.startsWith("nothing")).findFirst()
        .orElseThrow();
    assertThat(line).contains("abstained (no evidence)").doesNotContain("0.0000");
  }

  @Test
  void eval_ndjson_abstainedTargetHasNullEstimate() throws Exception {
    Path f = dir.resolve("none.ndjson");
    Files.writeString(f, "{\"target\":\"nothing\",\"truth\":{\"lat\":1,\"lon\":2},"
        + "\"vantages\":[]}\n");
    assertThat(run("eval", "--input", f.toString(), "--ndjson")).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString().strip());
    assertThat(j.get("abstained").asBoolean()).isTrue();
    assertThat(j.get("estimate").isNull()).isTrue();
  }

  /**
   * An application embedding the subcommand under its own root (picocli users do this). Also
   * makes picocli's annotation processor run on the test sources, which it must for the build's
   * {@code -Aproject} option not to warn (see the report to the lead).
   */
  @CommandLine.Command(name = "host-app", subcommands = TriangulateCommand.class)
  static final class HostApp implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void triangulate_embeddedInAnotherApp_works() throws Exception {
    CommandLine cl = new CommandLine(new HostApp());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("triangulate", "--input", vpnCase().toString(), "--ndjson")).isZero();
    assertThat(out.toString()).contains("location_distribution");
  }

  @Test
  void triangulate_missingInput_usageError() {
    assertThat(run("triangulate")).isEqualTo(2);
    assertThat(err.toString()).contains("--input");
  }
  @Test
  void triangulate_threads_sameOutputInInputOrderWhateverTheCount() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      lines.append("{\"target\":\"t").append(i).append("\",\"vantages\":[")
          .append("{\"id\":\"a\",\"lat\":").append(10 + i).append(",\"lon\":5,\"min_rtt_ms\":")
          .append(3 + i).append("},{\"id\":\"b\",\"lat\":-20,\"lon\":").append(i * 3)
          .append(",\"min_rtt_ms\":").append(90 - i).append("}]}\n");
    }
    Path f = Files.writeString(dir.resolve("many.ndjson"), lines);
    CliRun one = CliRun.of("triangulate", "--input", f.toString(), "--ndjson", "--threads", "1");
    CliRun three = CliRun.of("triangulate", "--input", f.toString(), "--ndjson", "--threads", "3");
    assertThat(one.exitCode()).isZero();
    assertThat(three.out()).isEqualTo(one.out());
    assertThat(one.out().lines()).hasSize(40).first().asString()
        .startsWith("{\"type\":\"HOST_LOCATION\",\"node\":\"host:t0\"");
    assertThat(CliRun.of("triangulate", "--input", f.toString(), "--threads", "0").err())
        .contains("--threads must be in [1, 256], got 0");
  }
}
