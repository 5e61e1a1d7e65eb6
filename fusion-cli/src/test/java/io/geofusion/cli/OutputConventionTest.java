package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one output convention of docs/cli.md ("Output"), over every command: {@code --json} prints
 * one JSON object on stdout, {@code --ndjson} one typed event per line, {@code --geojson} and
 * {@code --html} take a FILE. Before the fix {@code triangulate --json} printed a bare array,
 * its {@code --ndjson} lines had no {@code type}, {@code geoip lookup --json} printed lines,
 * {@code pcap --geojson} and {@code triangulate --geojson} were flags writing to stdout, and
 * {@code config show}/{@code demo} refused {@code --json}.
 */
class OutputConventionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path demo;

  @BeforeAll
  static void writeDemo() throws IOException {
    DemoData.write(demo, 20261126L);
  }

  private static String demo(String name) {
    return demo.resolve(name).toString();
  }

  /** Argument lists of every command that prints analysis output, without the mode flag. */
  private static List<String[]> commands() {
    return List.of(
        new String[] {"probe", "--input", demo("pings.jsonl")},
        new String[] {"traceroute", "--input", demo("traceroute.json")},
        new String[] {"geo-path", "--input", demo("traceroute.json"), "--from", "50.11,8.68",
            "--geoip-city", demo("geoip-demo.mmdb")},
        new String[] {"analyze", "--input", demo("pings.jsonl"), "--vantages",
            demo("vantages.csv"), "--geoip-city", demo("geoip-demo.mmdb")},
        new String[] {"triangulate", "--input", demo("groundtruth.ndjson")},
        new String[] {"geoip", "lookup", "212.102.40.218", "--geoip-city",
            demo("geoip-demo.mmdb")});
  }

  private static String[] with(String[] args, String flag) {
    String[] a = java.util.Arrays.copyOf(args, args.length + 1);
    a[args.length] = flag;
    return a;
  }

  @Test
  void json_everyCommand_printsOneJsonObject() throws IOException {
    for (String[] c : commands()) {
      CliRun r = CliRun.of(with(c, "--json"));
      assertThat(r.exitCode()).as(String.join(" ", c) + ": " + r.err()).isZero();
      JsonNode doc = JSON.readTree(r.out());
      assertThat(doc.isObject()).as(c[0] + " --json prints one object").isTrue();
    }
    for (String[] c : List.of(new String[] {"config", "show", "--json"},
        new String[] {"demo", "--out", demo.resolve("again").toString(), "--json"})) {
      CliRun r = CliRun.of(c);
      assertThat(r.exitCode()).as(String.join(" ", c) + ": " + r.err()).isZero();
      assertThat(JSON.readTree(r.out()).isObject()).as(String.join(" ", c)).isTrue();
    }
  }

  @Test
  void ndjson_everyCommand_everyLineCarriesAType() throws IOException {
    for (String[] c : commands()) {
      CliRun r = CliRun.of(with(c, "--ndjson"));
      assertThat(r.exitCode()).as(String.join(" ", c) + ": " + r.err()).isZero();
      List<String> lines = new ArrayList<>();
      for (String l : r.out().split("\n")) {
        if (!l.isBlank()) {
          lines.add(l);
        }
      }
      assertThat(lines).as(c[0] + " --ndjson prints lines").isNotEmpty();
      for (String l : lines) {
        assertThat(JSON.readTree(l).path("type").asText()).as(c[0] + ": " + l).isNotEmpty();
      }
    }
  }

  @Test
  void geojsonAndHtml_everyCommandThatHasThem_takeAFile() {
    CommandLine root = GeoFusionCommand.commandLine();
    List<String> checked = new ArrayList<>();
    visit(root, checked);
    assertThat(checked).contains("analyze --geojson", "geo-path --geojson", "pcap --geojson",
        "triangulate --geojson");
  }

  private static void visit(CommandLine cl, List<String> checked) {
    for (String flag : List.of("--geojson", "--html")) {
      OptionSpec o = cl.getCommandSpec().findOption(flag);
      if (o != null) {
        assertThat(o.arity().min()).as(cl.getCommandName() + " " + flag + " takes a FILE")
            .isEqualTo(1);
        checked.add(cl.getCommandName() + " " + flag);
      }
    }
    cl.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) {
        visit(sub, checked);
      }
    });
  }
}
