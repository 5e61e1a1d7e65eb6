package io.geofusion.cli;

import io.geofusion.history.HistoryStore;
import java.nio.file.Path;

/**
 * A second process for {@link HistoryCommandTest}: opens the history file given as its argument,
 * prints {@code open}, and keeps it open (as a server would) for at most 120 s.
 */
public final class HoldHistory {

  private HoldHistory() {}

  public static void main(String[] args) throws Exception {
    try (HistoryStore store = HistoryStore.open(Path.of(args[0]))) {
      System.out.println(store.readOnly() ? "read-only" : "open");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
