package io.geofusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code geofusion} command. Exit codes: 0 success, 1 runtime failure, 2 usage error
 * (including no command at all: the usage goes to stderr, as git does). Subcommands are listed
 * in the order a new user needs them: try it, locate, measure, then the tools.
 */
@Command(
    name = "geofusion",
    mixinStandardHelpOptions = true,
    versionProvider = GeoFusionCommand.Version.class,
    description = "Where is a network host, and how sure can we be?",
    subcommands = {
      DemoCommand.class,
      AnalyzeCommand.class,
      ProbeCommand.class,
      TracerouteCommand.class,
      GeoPathCommand.class,
      PcapCommand.class,
      GeoIpCommand.class,
      TriangulateCommand.class,
      EvalCommand.class,
      GraphCommand.class,
      GuardrailCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class,
      ManCommand.class,
      picocli.AutoComplete.GenerateCompletion.class
    })
public final class GeoFusionCommand implements Callable<Integer> {

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces and extra diagnostics on errors.")
  boolean verbose;

  @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
      description = "Configuration file (default: $GEOFUSION_CONFIG, else"
          + " $XDG_CONFIG_HOME/geofusion/config.properties). See 'geofusion config show'.")
  Path configFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The configuration in effect; empty for {@link #commandLine()} (tests, embedding). */
  private CliConfig config = CliConfig.empty(CliConfig.defaultLocation(Map.of()));

  /**
   * No command: the usage on stderr and exit 2, a usage error as in git (which exits 1 there;
   * 2 is GeoFusion's usage-error code), so a script that forgot its command fails loudly.
   * {@code geofusion --help} prints the same to stdout and exits 0.
   */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    spec.commandLine().usage(err);
    err.println("geofusion: usage error: no command given; start with 'geofusion demo', or see"
        + " 'geofusion help COMMAND'.");
    err.flush();
    return 2;
  }

  /**
   * Builds the command line with no configuration file (for tests and for embedding: results do
   * not depend on the user's files).
   */
  public static CommandLine commandLine() {
    return commandLine(new GeoFusionCommand());
  }

  private static CommandLine commandLine(GeoFusionCommand root) {
    CommandLine cl = new CommandLine(root);
    cl.setHelpFactory(TokenKeepingHelp.FACTORY);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new UsageErrorHandler());
    cl.setDefaultValueProvider(arg -> {
      if (arg instanceof CommandLine.Model.OptionSpec o) {
        return java.util.Arrays.stream(o.names())
            .map(CliConfig::keyForFlag)
            .flatMap(Optional::stream)
            .filter(k -> k.appliesTo(o.command().name()))
            .findFirst()
            .flatMap(k -> root.config.get(k.name()))
            .map(CliConfig.Value::value)
            .orElse(null);
      }
      return null;
    });
    return cl;
  }

  /**
   * Runs the command as the {@code geofusion} executable does: the configuration file (named by
   * {@code --config}, {@code GEOFUSION_CONFIG} or the XDG default) supplies defaults for flags.
   *
   * @return the exit code: 0 success, 1 failure, 2 usage error
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err,
      Map<String, String> env) {
    GeoFusionCommand root = new GeoFusionCommand();
    try {
      root.config = CliConfig.load(prescanConfig(args), env);
    } catch (Failure e) {
      err.println("geofusion: error: " + e.getMessage());
      err.flush();
      return 1;
    }
    for (String w : root.config.warnings()) {
      err.println("geofusion: warning: " + w);
    }
    CommandLine cl = commandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The configuration in effect for this command line (see {@link CliConfig#of}). */
  CliConfig config() {
    return config;
  }

  /** Finds {@code --config FILE} / {@code --config=FILE} before parsing (defaults need it). */
  static Path prescanConfig(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Paths.get(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Paths.get(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(args, out, err, System.getenv()));
  }

  /** Reads the version stamped into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = GeoFusionCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "geofusion " + p.getProperty("version", "unknown"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }

  /** Runtime failures: one line on stderr, exit 1; the stack trace only with --verbose. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      boolean verbose = parseResult.matchedOption("--verbose") != null
          || (parseResult.subcommand() != null && anyVerbose(parseResult));
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      err.println("geofusion: error: " + msg);
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ex instanceof UsageError ? 2 : 1;
    }

    private static boolean anyVerbose(CommandLine.ParseResult pr) {
      for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
        if (p.matchedOption("--verbose") != null) {
          return true;
        }
      }
      return false;
    }
  }

  /** Usage errors: one line naming the problem plus a pointer to --help, exit 2. */
  static final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("geofusion: usage error: " + UsageMessages.plain(ex));
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return 2;
    }
  }
}
