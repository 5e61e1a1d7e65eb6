package io.geofusion.cli;

import io.geofusion.history.HistoryException;
import io.geofusion.history.HistoryStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --db FILE} of the commands that can record what they measured and concluded into a
 * history file ({@code analyze}, {@code triangulate}); {@code geofusion history} reads it.
 */
final class HistoryDbOption {

  @Option(names = "--db", paramLabel = "FILE",
      description = "Also record every measurement and location result into this history file"
          + " (DuckDB, created when absent; read it with 'geofusion history ADDRESS --db FILE').")
  Path db;

  /**
   * The store to record into, or null without {@code --db}. Opened before any work, so a file
   * another process holds fails at once.
   */
  HistoryStore openForRecording() throws HistoryException {
    return db == null ? null : HistoryStore.open(db);
  }
}
