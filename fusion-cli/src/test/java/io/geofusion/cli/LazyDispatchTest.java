package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds the model of the subcommand it names only, and behaves as with the whole tree. */
class LazyDispatchTest {

  @Test
  void everyRegisteredSubcommand_hasAUniqueName() {
    Set<String> seen = new HashSet<>();
    for (Class<?> sub : GeoFusionCommand.SUBCOMMANDS) {
      for (String name : GeoFusionCommand.names(sub)) {
        assertThat(seen.add(name)).as("name " + name + " registered twice").isTrue();
      }
    }
    assertThat(GeoFusionCommand.commandLine().getSubcommands().keySet()).containsAll(seen);
  }

  @Test
  void needed_isTheNamedSubcommand_afterTheGlobalOptions() {
    assertThat(GeoFusionCommand.needed(new String[] {"traceroute", "--input", "x"}))
        .containsExactly(TracerouteCommand.class);
    assertThat(GeoFusionCommand.needed(
        new String[] {"--verbose", "--config", "f", "--config=g", "geoip", "lookup", "1.1.1.1"}))
        .containsExactly(GeoIpCommand.class);
    assertThat(GeoFusionCommand.needed(new String[] {"--version"})).isEmpty();
    assertThat(GeoFusionCommand.needed(new String[] {"-V"})).isEmpty();
  }

  @Test
  void needed_isEverything_forHelpManCompletionAndUnknownWords() {
    List<Class<?>> all = GeoFusionCommand.SUBCOMMANDS;
    for (String[] args : List.of(new String[] {}, new String[] {"--help"},
        new String[] {"--version", "--help"}, new String[] {"help", "probe"},
        new String[] {"man"}, new String[] {"generate-completion"}, new String[] {"demo"}, new String[] {"config", "show"},
        new String[] {"tracerout"}, new String[] {"--", "probe"})) {
      assertThat(GeoFusionCommand.needed(args)).as(String.join(" ", args)).isSameAs(all);
    }
  }

  @Test
  void subcommandHelp_isTheSameAsWithTheWholeTree() {
    CommandLine whole = GeoFusionCommand.commandLine();
    for (String name : List.of("traceroute", "geoip", "triangulate", "graph")) {
      CliRun lazy = CliRun.of(name, "--help");
      assertThat(lazy.exitCode()).as(lazy.err()).isZero();
      java.io.StringWriter w = new java.io.StringWriter();
      whole.getSubcommands().get(name).usage(new java.io.PrintWriter(w, true));
      assertThat(lazy.out()).isEqualTo(w.toString());
    }
  }

  @Test
  void typo_stillGetsTheSuggestion_andVersionStillPrints() {
    CliRun typo = CliRun.of("tracerout");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("traceroute");
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("geofusion ");
    // the same lines as picocli prints with the whole tree
    java.io.StringWriter w = new java.io.StringWriter();
    java.io.PrintWriter pw = new java.io.PrintWriter(w, true);
    GeoFusionCommand.commandLine().printVersionHelp(pw);
    assertThat(version.out()).isEqualTo(w.toString());
    CliRun usage = CliRun.of();
    // no command: the usage on stderr, exit 2 (docs/cli.md)
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("traceroute").contains("geoip");
  }
}
