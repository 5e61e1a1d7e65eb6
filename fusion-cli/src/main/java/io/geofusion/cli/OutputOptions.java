package io.geofusion.cli;

import picocli.CommandLine.Option;

/**
 * The output-mode options shared by the subcommands (the one convention of docs/cli.md,
 * "Output"): human-readable by default, {@code --json} for one JSON document on stdout, {@code
 * --ndjson} for one typed event per line (every line carries {@code "type"}). Used as an
 * exclusive {@code @ArgGroup}, so giving both is a usage error (exit 2).
 */
public final class OutputOptions {

  @Option(names = "--json", required = true,
      description = "Print one JSON document on stdout (docs/cli.md, Output).")
  boolean json;

  @Option(names = "--ndjson", required = true,
      description = "Print one JSON event per line; each line's \"type\" names its document"
          + " (docs/cli.md, Output).")
  boolean ndjson;

  /** The selected mode; {@code group} is null when neither option was given. */
  public static Mode of(OutputOptions group) {
    if (group == null) {
      return Mode.TEXT;
    }
    return group.json ? Mode.JSON : group.ndjson ? Mode.NDJSON : Mode.TEXT;
  }

  /** How results are printed. */
  public enum Mode {
    TEXT,
    JSON,
    NDJSON
  }
}
