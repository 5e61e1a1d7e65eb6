package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a new user trips over (issue 18): {@code ping 1.1.1.1} was "Unmatched arguments from
 * index 0"; typos got no suggestion; {@code analyze --vantage} was unknown although the config key
 * is {@code vantage}; help wrapped inside tokens ({@code config.} / {@code properties}); no
 * arguments exited 0; {@code analyze} was the 11th command listed. Each assertion below failed
 * before the fix.
 */
class CliUsabilityTest {

  @Test
  void pingAndTrace_areAliasesOfProbeAndTraceroute() {
    CommandLine root = GeoFusionCommand.commandLine();
    assertThat(root.getSubcommands().get("ping").getCommandName()).isEqualTo("probe");
    assertThat(root.getSubcommands().get("trace").getCommandName()).isEqualTo("traceroute");
    CliRun r = CliRun.of("ping", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: geofusion probe");
  }

  @Test
  void typos_suggestTheNearestCommandOrOption_inPlainWords() {
    CliRun cmd = CliRun.of("anaylze", "--input", "x");
    assertThat(cmd.exitCode()).isEqualTo(2);
    assertThat(cmd.err()).startsWith("geofusion: usage error: unknown command 'anaylze'; did you"
        + " mean 'analyze'?").doesNotContain("Unmatched").doesNotContain("index");
    CliRun opt = CliRun.of("analyze", "--inptu", "x");
    assertThat(opt.exitCode()).isEqualTo(2);
    assertThat(opt.err()).startsWith("geofusion: usage error: unknown option '--inptu'; did you"
        + " mean '--input'?");
    CliRun missing = CliRun.of("triangulate");
    assertThat(missing.err()).startsWith("geofusion: usage error: missing --input FILE");
    CliRun noValue = CliRun.of("analyze", "--input");
    assertThat(noValue.err()).startsWith("geofusion: usage error: option --input needs a value");
  }

  @Test
  void vantage_isAcceptedWhereverTheConfigKeyVantageApplies() {
    CliConfig.Key vantage = CliConfig.KEYS.stream().filter(k -> k.name().equals("vantage"))
        .findFirst().orElseThrow();
    List<String> commands = ConfigCommand.commandsTaking(GeoFusionCommand.commandLine(), vantage);
    assertThat(commands).contains("analyze", "geo-path", "pcap");
    CommandLine root = GeoFusionCommand.commandLine();
    for (String c : commands) {
      assertThat(root.getSubcommands().get(c).getCommandSpec().findOption("--vantage"))
          .as(c + " --vantage").isNotNull();
    }
  }

  @Test
  void noArguments_printsUsageOnStderrAndExits2() {
    CliRun r = CliRun.of();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Commands:").contains("no command given");
  }

  @Test
  void commandList_startsWithWhatUsersDoFirst() {
    List<String> names = new ArrayList<>(GeoFusionCommand.commandLine().getSubcommands().keySet());
    assertThat(names.subList(0, 3)).containsExactly("demo", "analyze", "probe");
  }

  /** Paths, URLs and dotted keys in descriptions, e.g. config.properties, http://127.0.0.1:11434. */
  private static final Pattern TOKEN = Pattern.compile("[\\w$.:/~-]*[./:][\\w$.:/~-]*\\w");

  @Test
  void help_neverWrapsInsideATokenAt80Columns() {
    List<String> checked = new ArrayList<>();
    List<String> split = new ArrayList<>();
    visit(GeoFusionCommand.commandLine(), checked, split);
    assertThat(split).as("tokens split across lines").isEmpty();
    assertThat(checked).contains("$XDG_CONFIG_HOME/geofusion/config.properties");
  }

  private static void visit(CommandLine cl, List<String> checked, List<String> split) {
    StringWriter w = new StringWriter();
    cl.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
    String help = w.toString();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      for (String line : o.description()) {
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
          String t = m.group();
          if (t.length() >= 12 && !t.contains("${")) {
            if (!help.contains(t)) {
              split.add(cl.getCommandSpec().qualifiedName() + ": " + t);
            }
            checked.add(t);
          }
        }
      }
    }
    cl.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) {
        visit(sub, checked, split);
      }
    });
  }
}
