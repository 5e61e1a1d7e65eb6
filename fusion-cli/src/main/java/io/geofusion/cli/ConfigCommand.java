package io.geofusion.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code geofusion config show|path}: the effective configuration and where it came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show the configuration file's location and the effective settings.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Where.class})
final class ConfigCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print every setting, its effective value and its source.")
  static final class Show implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      CliConfig c = GeoFusionCommand.config(spec);
      PrintWriter out = spec.commandLine().getOut();
      out.println("config file: " + c.file() + (c.fileExists() ? "" : " (absent)"));
      TextTable t = new TextTable("KEY", "FLAG", "VALUE", "SOURCE");
      for (CliConfig.Key k : CliConfig.KEYS) {
        Optional<CliConfig.Value> v = c.get(k.name());
        t.row(k.name(), k.flag(), v.map(CliConfig.Value::value).orElse(k.builtin()),
            v.map(CliConfig.Value::source).orElse("built-in default"));
      }
      t.print(out);
      out.println("A flag on the command line always overrides the file.");
      out.flush();
    }
  }

  @Command(name = "path", mixinStandardHelpOptions = true,
      description = "Print the path of the configuration file in effect.")
  static final class Where implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(GeoFusionCommand.config(spec).file());
      spec.commandLine().getOut().flush();
    }
  }
}
