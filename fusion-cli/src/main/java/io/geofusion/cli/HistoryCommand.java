package io.geofusion.cli;

import io.geofusion.history.AddressHistory;
import io.geofusion.history.HistoryStore;
import io.geofusion.history.Times;
import io.geofusion.history.json.HistoryJson;
import io.geofusion.json.ProductJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code geofusion history ADDRESS}: how an address's RTTs and location moved, from a history
 * file that {@code analyze --db}, {@code triangulate --db} or a server recorded.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"How an address's RTTs and location moved over time, from a history file"
        + " (DuckDB) recorded by 'analyze ... --db FILE', 'triangulate ... --db FILE' or a"
        + " GeoFusion server.",
        "The file is opened read-only. DuckDB lets one process open a file at a time: while a"
            + " server holds it, ask the server (GET /v1/history/ADDRESS) instead."})
final class HistoryCommand implements Callable<Integer> {

  /** The default history file, in the current folder. */
  static final String DEFAULT_DB = "geofusion-history.duckdb";

  static final class Format {
    @Option(names = "--json", required = true,
        description = "Print one JSON document (docs/schemas/history.schema.json).")
    boolean json;

    @Option(names = "--ndjson", required = true,
        description = "Print one event per line (HISTORY_MEASUREMENT, HISTORY_LOCATION), oldest"
            + " first.")
    boolean ndjson;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ADDRESS", description = "The address (or name) as it was recorded.")
  String address;

  @Option(names = "--db", paramLabel = "FILE", defaultValue = DEFAULT_DB,
      description = "History file (default: ${DEFAULT-VALUE}).")
  Path db;

  @Option(names = "--since", paramLabel = "T",
      description = "Only what was recorded at or after T: an ISO-8601 instant"
          + " (2026-12-07T03:00:00Z), a date (midnight UTC) or a duration before now (24h, 7d)."
          + " Default: everything.")
  String since;

  @ArgGroup(exclusive = true) Format format;

  @Override
  public Integer call() throws IOException {
    Instant from = Instant.EPOCH;
    if (since != null) {
      try {
        from = Times.since(since, Instant.now());
      } catch (IllegalArgumentException e) {
        throw new UsageError("--since: " + e.getMessage());
      }
    }
    AddressHistory h;
    try (HistoryStore store = HistoryStore.openReadOnly(db)) {
      h = store.history(address, from);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == null) {
      HistoryText.print(out, h);
    } else if (format.json) {
      out.println(ProductJson.toPrettyJson(HistoryJson.document(h)));
    } else {
      HistoryJson.events(h).forEach(e -> out.println(ProductJson.toJson(e)));
    }
    out.flush();
    return 0;
  }
}
