package io.geofusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
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
    description = "Where is a network host, and how sure can we be?")
public final class GeoFusionCommand implements Callable<Integer> {

  /**
   * Every subcommand, in the order of the usage help: what users do first comes first.
   * <b>Registering a command is one line here</b>: its class, whose {@code @Command} annotation
   * gives its name and aliases. A run builds the picocli model of the one subcommand it names
   * (building all of them cost 0.7 s of start-up); the whole tree only for help, completion, man
   * pages and unknown names (the suggestion on a typo needs every name).
   * docs/decisions/cli-startup.md
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      DemoCommand.class,
      AnalyzeCommand.class,
      ProbeCommand.class,
      TracerouteCommand.class,
      GeoPathCommand.class,
      ServeCommand.class,
      HistoryCommand.class,
      PcapCommand.class,
      GeoIpCommand.class,
      TriangulateCommand.class,
      EvalCommand.class,
      GraphCommand.class,
      GuardrailCommand.class,
      AgentCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class,
      ManCommand.class,
      AutoComplete.GenerateCompletion.class);

  /**
   * The subcommands that read the whole tree: help, man pages and completion describe every
   * command; demo runs other commands through the root; config show names the commands taking
   * each key.
   */
  private static final Set<Class<?>> WHOLE_TREE = Set.of(CommandLine.HelpCommand.class,
      ManCommand.class, AutoComplete.GenerateCompletion.class, DemoCommand.class,
      ConfigCommand.class);

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
    return commandLine(new GeoFusionCommand(), SUBCOMMANDS);
  }

  private static CommandLine commandLine(GeoFusionCommand root, List<Class<?>> subcommands) {
    CommandLine cl = new CommandLine(root);
    for (Class<?> sub : subcommands) {
      cl.addSubcommand(new CommandLine(sub));
    }
    // after the subcommands: picocli applies a setting to the subcommands present when it is set
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
    List<Class<?>> needed = needed(args);
    if (needed.isEmpty()) {
      return printVersion(out, err);
    }
    CommandLine cl = commandLine(root, needed);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // Limits bound what inputs may claim (docs/reliability.md); a heap too small for a
      // legitimately large input is still possible, and deserves one line, not a stack.
      err.println(OUT_OF_MEMORY);
      if (java.util.Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
  }

  /**
   * {@code --version} alone needs no command model: the lines of {@link Version}, as picocli's
   * {@code printVersionHelp} prints them (they hold no format specifiers and no markup).
   */
  private static int printVersion(PrintWriter out, PrintWriter err) {
    try {
      for (String line : new Version().getVersion()) {
        out.println(line);
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("geofusion: error: cannot read the version stamped into the jar: "
          + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The configuration in effect for this command line (see {@link CliConfig#of}). */
  CliConfig config() {
    return config;
  }

  /**
   * The subcommands whose models this command line needs: the one its first word names (after
   * the global options), none for {@code --version} alone, every one otherwise (usage help, help
   * and man pages, completion, and an unknown word, which gets picocli's suggestion).
   */
  static List<Class<?>> needed(String[] args) {
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--verbose") || a.startsWith("--config=")) {
        continue;
      }
      if (a.equals("--config")) {
        i++;
        continue;
      }
      if (a.equals("-V") || a.equals("--version")) {
        version = true;
        continue;
      }
      if (a.startsWith("-")) {
        return SUBCOMMANDS;
      }
      for (Class<?> sub : SUBCOMMANDS) {
        if (names(sub).contains(a)) {
          return WHOLE_TREE.contains(sub) ? SUBCOMMANDS : List.of(sub);
        }
      }
      return SUBCOMMANDS;
    }
    return version ? List.of() : SUBCOMMANDS;
  }

  /** The name and aliases of a subcommand class, from its {@code @Command} annotation. */
  static List<String> names(Class<?> sub) {
    Command c = sub.getAnnotation(Command.class);
    if (c == null) {
      throw new IllegalStateException(sub.getName() + " is registered as a subcommand but has"
          + " no @Command annotation");
    }
    List<String> names = new ArrayList<>(List.of(c.aliases()));
    names.add(0, c.name());
    return names;
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
    skipLdconfig();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    Thread.setDefaultUncaughtExceptionHandler(
        uncaughtHandler(err, verbose, code -> Runtime.getRuntime().halt(code)));
    System.exit(execute(args, out, err, System.getenv()));
  }

  /**
   * JNA's {@code NativeLibrary} runs {@code /sbin/ldconfig -p} in a child process when its class
   * initialises on Linux, to add the folders ldconfig knows to its search path for libraries
   * loaded by name, unless {@code jna.platform.library.path} is set. The command line loads one
   * library through JNA, libc, and JNA takes that one from the process itself ({@code
   * dlopen(NULL)}), never from the search path; so the path is set to the generic folders JNA
   * would have started from, and the child process (a fork and exec on every live probe) is
   * not run. A value given with {@code -D} is kept. docs/decisions/cli-startup.md §8.
   */
  static void skipLdconfig() {
    if (System.getProperty("os.name", "").startsWith("Linux")
        && System.getProperty("jna.platform.library.path") == null) {
      System.setProperty("jna.platform.library.path", "/usr/lib:/lib");
    }
  }

  /** What the user sees when the heap runs out, in any thread. */
  static final String OUT_OF_MEMORY = "geofusion: error: out of memory (Java heap); the input is"
      + " larger than the heap allows: raise it with GEOFUSION_JAVA_OPTS=-Xmx4g, or split the input";

  /**
   * Failures of threads other than the command's own (an HTTP client's selector, a pool worker):
   * one line, the stack only with {@code --verbose}. Out of memory ends the process with exit 1
   * ({@code exit}): the thread that died may be one the command waits for, which then hung (an
   * endless reply that exhausted the HTTP client's selector thread).
   */
  static Thread.UncaughtExceptionHandler uncaughtHandler(PrintWriter err, boolean verbose,
      java.util.function.IntConsumer exit) {
    return (thread, e) -> {
      boolean oom = false;
      for (Throwable c = e; c != null && !oom; c = c.getCause() == c ? null : c.getCause()) {
        oom = c instanceof OutOfMemoryError;
      }
      err.println(oom ? OUT_OF_MEMORY : "geofusion: error: thread " + thread.getName()
          + " failed: " + e);
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      if (oom) {
        exit.accept(1);
      }
    };
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
