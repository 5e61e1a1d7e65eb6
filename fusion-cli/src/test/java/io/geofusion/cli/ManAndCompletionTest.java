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
  void completion_bashScriptNamesTheSubcommands() {
    CliRun r = CliRun.of("generate-completion");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("complete -F").contains("traceroute").contains("probe");
  }
}
