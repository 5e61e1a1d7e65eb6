package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManAndCompletionTest {

  @Test
  void man_everySubcommandHasASection() {
    CliRun r = CliRun.of("man");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(".TH GEOFUSION 1");
    for (String sub : GeoFusionCommand.commandLine().getSubcommands().keySet()) {
      if (!sub.equals("help")) {
        assertThat(r.out()).as(sub).contains(".SS geofusion " + ManCommand.esc(sub));
      }
    }
    // Option names are escaped for roff, so a dash never becomes a hyphen.
    assertThat(r.out()).contains("\\-\\-input").doesNotContain("\n.--");
  }

  @Test
  void help_everyDescriptionIsAValidFormatString() {
    // picocli formats descriptions with String.format: a lone '%' prints a warning and raw text.
    check(GeoFusionCommand.commandLine());
  }

  private static void check(picocli.CommandLine cl) {
    picocli.CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    java.util.List<String> lines = new java.util.ArrayList<>(
        java.util.Arrays.asList(spec.usageMessage().description()));
    spec.options().forEach(o -> lines.addAll(java.util.Arrays.asList(o.description())));
    spec.positionalParameters()
        .forEach(p -> lines.addAll(java.util.Arrays.asList(p.description())));
    for (String line : lines) {
      String probe = line.replace("${DEFAULT-VALUE}", "x").replace("${COMPLETION-CANDIDATES}", "x");
      try {
        String.format(probe);
      } catch (java.util.IllegalFormatException e) {
        throw new AssertionError(spec.qualifiedName() + ": description is not a valid format"
            + " string (escape % as %%): " + line, e);
      }
    }
    cl.getSubcommands().values().forEach(ManAndCompletionTest::check);
  }

  @Test
  void config_distanceModelKeyDoesNotLeakIntoGuardrailModel() throws java.io.IOException {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("gf", ".properties");
    try {
      java.nio.file.Files.writeString(f, "distance_model = speed_of_internet_4_9\n");
      picocli.CommandLine.Model.CommandSpec guard = GeoFusionCommand.commandLine()
          .getSubcommands().get("guardrail").getCommandSpec();
      assertThat(guard.findOption("--model")).isNotNull();
      CliConfig c = CliConfig.load(f, java.util.Map.of());
      assertThat(CliConfig.keyForFlag("--model").orElseThrow().appliesTo("guardrail")).isFalse();
      assertThat(CliConfig.keyForFlag("--model").orElseThrow().appliesTo("probe")).isTrue();
      assertThat(c.get("distance_model")).isPresent();
    } finally {
      java.nio.file.Files.delete(f);
    }
  }

  @Test
  void man_analyzeSection_hasTheDistanceOptions() {
    CliRun r = CliRun.of("man");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String analyze = section(r.out(), "analyze");
    assertThat(analyze).contains("\\-\\-model").contains("\\-\\-local\\-delay")
        .contains("\\-\\-stretch");
  }

  /** The man page text from {@code .SS geofusion NAME} to the next section. */
  private static String section(String man, String name) {
    int at = man.indexOf(".SS geofusion " + ManCommand.esc(name) + "\n");
    assertThat(at).as("section " + name).isNotNegative();
    int end = man.indexOf("\n.SS ", at + 1);
    return end < 0 ? man.substring(at) : man.substring(at, end);
  }

  @Test
  void completion_analyzeModel_completesThePresetNames() {
    CliRun r = CliRun.of("generate-completion");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String script = r.out();
    int analyze = script.indexOf("function _picocli_geofusion_analyze()");
    assertThat(analyze).as("analyze completion function").isNotNegative();
    String body = script.substring(analyze, script.indexOf("\n}", analyze));
    assertThat(body).contains("--model").contains("fiber_2_3").contains("speed_of_internet_4_9")
        .contains("ripe_atlas_2023");
  }

  @Test
  void completion_bashScriptNamesTheSubcommands() {
    CliRun r = CliRun.of("generate-completion");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("complete -F").contains("traceroute").contains("probe");
  }
}
