package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

  @TempDir Path dir;

  @Test
  void show_fileValues_listedWithFileAndLine() throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "# mine\nvantage = 50.11, 8.68\nlocal_delay_ms=1.5\n");
    CliRun r = CliRun.withEnv(Map.of(), "--config", f.toString(), "config", "show");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("vantage").contains("50.11, 8.68").contains(f + ":2")
        .contains("local_delay_ms").contains(f + ":3").contains("built-in default");
  }

  @Test
  void show_commandsColumn_followsTheCommandsOptions() {
    CliRun r = CliRun.of("config", "show");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String model = r.out().lines().filter(l -> l.startsWith("distance_model ")).findFirst()
        .orElseThrow();
    assertThat(model).contains("analyze").contains("probe").contains("traceroute")
        .doesNotContain("guardrail");
    String stretch = r.out().lines().filter(l -> l.startsWith("route_stretch ")).findFirst()
        .orElseThrow();
    assertThat(stretch).contains("analyze").contains("probe");
    assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("config file:");
    assertThat(r.out()).contains("COMMANDS");
  }

  @Test
  void show_xdgDefaultLocation_used() throws IOException {
    Path f = dir.resolve("geofusion/config.properties");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "distance_model = speed_of_internet_4_9\n");
    CliRun r = CliRun.withEnv(Map.of("XDG_CONFIG_HOME", dir.toString()), "config", "show");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("speed_of_internet_4_9").contains(f + ":1");
  }

  @Test
  void configValue_isDefaultForFlag_andFlagWins() throws IOException {
    Path pings = dir.resolve("p.jsonl");
    DemoData.writePings(pings, new SplittableRandom(1));
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "local_delay_ms = 5\n");
    ObjectMapper json = new ObjectMapper();
    double none = max(json, CliRun.of("probe", "--input", pings.toString(), "--json"));
    double fromFile = max(json, CliRun.withEnv(Map.of(), "--config", f.toString(), "probe",
        "--input", pings.toString(), "--json"));
    double flag = max(json, CliRun.withEnv(Map.of(), "--config", f.toString(), "probe",
        "--input", pings.toString(), "--json", "--local-delay", "0"));
    assertThat(fromFile).isCloseTo(none - 5 * 99.930819, org.assertj.core.data.Offset.offset(0.5));
    assertThat(flag).isEqualTo(none);
  }

  private static double max(ObjectMapper json, CliRun r) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = json.readTree(r.out());
    return n.path("results").get(0).path("distance").path("max_km").asDouble();
  }

  @Test
  void load_badValue_exits1NamingFileAndLine() throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "vantage = 95,10\n");
    CliRun r = CliRun.withEnv(Map.of(), "--config", f.toString(), "config", "show");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(f + ":1").contains("vantage").contains("latitude");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  /** A bad value of {@code key} on line {@code line}: exit 1, one line naming file:line. */
  private void assertBadValue(String text, int line, String key, String why) throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, text);
    CliRun r = CliRun.withEnv(Map.of(), "--config", f.toString(), "config", "show");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(f + ":" + line).contains(key).contains(why);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void load_badPopulationPrior_exits1NamingFileLineAndRange() throws IOException {
    assertBadValue("# fusion\npopulation_prior = 1,40,300,1.5\n", 2, "population_prior",
        "floor share must be in (0, 1)");
  }

  @Test
  void load_badFarVantages_exits1NamingFileLineAndForm() throws IOException {
    assertBadValue("far_vantages = 3\n", 1, "far_vantages",
        "must be on, off or a weight in [0, 1]");
  }

  @Test
  void load_windows1252File_exits1NamingTheLineAndHowToConvert() throws IOException {
    Path f = dir.resolve("c.properties");
    Files.write(f, "# fusion\n# Montr\u00e9al office\nfar_vantages = off\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CliRun r = CliRun.withEnv(Map.of(), "--config", f.toString(), "config", "show");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("geofusion: error: " + f + ":2: not UTF-8 text"
        + " (binary data, or text in another encoding?); convert the file to UTF-8, e.g."
        + " iconv -f WINDOWS-1252 -t UTF-8");
  }

  /**
   * {@code key = off} in the file makes eval answer as {@code flag off} does (and differently
   * from the default), and {@code flag on} on the command line wins over the file.
   */
  private void assertOffFromFileAndFlagWins(String groundTruth, String key, String flag)
      throws IOException {
    Path gt = Files.writeString(dir.resolve("gt.ndjson"), groundTruth);
    Path f = Files.writeString(dir.resolve("c.properties"), key + " = off\n");
    CliRun off = CliRun.of("eval", "--input", gt.toString(), "--ndjson", flag, "off");
    CliRun on = CliRun.of("eval", "--input", gt.toString(), "--ndjson");
    CliRun fromFile = CliRun.withEnv(Map.of(), "--config", f.toString(), "eval", "--input",
        gt.toString(), "--ndjson");
    CliRun flagOn = CliRun.withEnv(Map.of(), "--config", f.toString(), "eval", "--input",
        gt.toString(), "--ndjson", flag, "on");
    assertThat(fromFile.out()).isEqualTo(off.out()).isNotEqualTo(on.out());
    assertThat(flagOn.out()).isEqualTo(on.out());
  }

  @Test
  void configFarVantages_isDefaultForEvalAndFlagWins() throws IOException {
    assertOffFromFileAndFlagWins(EvalCommandTest.farVantagesTarget(), "far_vantages",
        "--far-vantages");
  }

  @Test
  void configPopulationPrior_isDefaultForEvalAndFlagWins() throws IOException {
    assertOffFromFileAndFlagWins("{\"target\":\"t\",\"truth\":{\"lat\":48.85,\"lon\":2.35},"
        + "\"vantages\":[{\"id\":\"lon\",\"lat\":51.51,\"lon\":-0.13,\"min_rtt_ms\":6.0},"
        + "{\"id\":\"ams\",\"lat\":52.37,\"lon\":4.90,\"min_rtt_ms\":7.0}]}\n",
        "population_prior", "--population-prior");
  }

  @Test
  void load_missingExplicitFile_exits1() {
    CliRun r = CliRun.withEnv(Map.of(), "--config", dir.resolve("none").toString(), "config",
        "show");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("config file not found");
  }

  @Test
  void load_unknownKey_warnsAndContinues() throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "colour = blue\n");
    CliRun r = CliRun.withEnv(Map.of(), "--config", f.toString(), "config", "show");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("unknown key 'colour'");
  }
}
