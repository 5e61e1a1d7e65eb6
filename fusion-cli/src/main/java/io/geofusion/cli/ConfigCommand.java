package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.ProductJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--json",
        description = "Print one JSON document: {\"file\", \"file_exists\", \"keys\": [...]}.")
    boolean json;

    @Override
    public void run() {
      CliConfig c = CliConfig.of(spec);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(ProductJson.toPrettyJson(document(c)));
        out.flush();
        return;
      }
      out.println("config file: " + c.file() + (c.fileExists() ? "" : " (absent)"));
      TextTable t = new TextTable("KEY", "FLAG", "VALUE", "SOURCE", "COMMANDS");
      for (CliConfig.Key k : CliConfig.KEYS) {
        Optional<CliConfig.Value> v = c.get(k.name());
        t.row(k.name(), k.flag(), v.map(CliConfig.Value::value).orElse(k.builtin()),
            v.map(CliConfig.Value::source).orElse("built-in default"),
            String.join(",", commandsTaking(spec.root().commandLine(), k)));
      }
      t.print(out);
      out.println("A flag on the command line always overrides the file.");
      out.flush();
    }

    /** The {@code --json} document: the file and, per key, what the table shows. */
    private ObjectNode document(CliConfig c) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("file", c.file().toString()).put("file_exists", c.fileExists());
      ArrayNode keys = root.putArray("keys");
      for (CliConfig.Key k : CliConfig.KEYS) {
        Optional<CliConfig.Value> v = c.get(k.name());
        ObjectNode o = keys.addObject().put("key", k.name()).put("flag", k.flag());
        if (v.isPresent()) {
          o.put("value", v.get().value()).put("source", v.get().source());
        } else {
          o.putNull("value").put("default", k.builtin()).put("source", "built-in default");
        }
        ArrayNode cmds = o.putArray("commands");
        commandsTaking(spec.root().commandLine(), k).forEach(cmds::add);
      }
      return root;
    }
  }

  /**
   * The (sub)commands whose option {@code k.flag()} takes its default from key {@code k}, read
   * from the command model itself, so the list follows the options the commands really have.
   */
  static List<String> commandsTaking(CommandLine root, CliConfig.Key k) {
    List<String> out = new ArrayList<>();
    collect(root, "", k, out);
    return out;
  }

  private static void collect(CommandLine cl, String prefix, CliConfig.Key k, List<String> out) {
    for (Map.Entry<String, CommandLine> e : new TreeMap<>(cl.getSubcommands()).entrySet()) {
      CommandLine sub = e.getValue();
      if (!sub.getCommandName().equals(e.getKey())) {
        continue; // an alias
      }
      String name = prefix + e.getKey();
      if (sub.getCommandSpec().findOption(k.flag()) != null && k.appliesTo(sub.getCommandName())) {
        out.add(name);
      }
      collect(sub, name + " ", k, out);
    }
  }

  @Command(name = "path", mixinStandardHelpOptions = true,
      description = "Print the path of the configuration file in effect.")
  static final class Where implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(CliConfig.of(spec).file());
      spec.commandLine().getOut().flush();
    }
  }
}
