package io.geofusion.cli;

import picocli.CommandLine.Option;

/**
 * The output-mode options shared by analysis subcommands: human-readable by default, {@code
 * --json} for one document, {@code --ndjson} for one event per line. Used as an exclusive
 * {@code @ArgGroup}, so giving both is a usage error (exit 2).
 */
public final class OutputOptions {

  @Option(names = "--json", required = true, description = "Print one JSON document.")
  boolean json;

  @Option(names = "--ndjson", required = true,
      description = "Print one JSON object per line (RECON_LATENCY_ANALYSIS events).")
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
