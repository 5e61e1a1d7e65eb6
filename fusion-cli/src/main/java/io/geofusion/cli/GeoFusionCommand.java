package io.geofusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code geofusion} command. Exit codes: 0 success, 1 runtime failure, 2 usage error.
 */
@Command(
    name = "geofusion",
    mixinStandardHelpOptions = true,
    versionProvider = GeoFusionCommand.Version.class,
    description = "Where is a network host, and how sure can we be?",
    subcommands = {CommandLine.HelpCommand.class, EvalCommand.class, TriangulateCommand.class})
public final class GeoFusionCommand implements Runnable {

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces and extra diagnostics on errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the configured command line (used by {@link #main} and by tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GeoFusionCommand());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new UsageErrorHandler());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
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
      return ex instanceof IllegalArgumentException ? 2 : 1;
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
      err.println("geofusion: usage error: " + ex.getMessage());
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return 2;
    }
  }
}
