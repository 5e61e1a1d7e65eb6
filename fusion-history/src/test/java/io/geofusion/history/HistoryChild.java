package io.geofusion.history;

import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A second process for the crash and lock tests: {@code write FILE START [THRESHOLD]} records
 * until killed (printing {@code committed N} after each commit returns; with a DuckDB checkpoint
 * threshold such as {@code 1KB}, nearly every commit also checkpoints), {@code hold FILE} opens the file and
 * keeps it open. Both stop by themselves after 120 s.
 */
public final class HistoryChild {

  private HistoryChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path file = Path.of(args[1]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    HistoryStore.Builder b = HistoryStore.builder(file);
    if (args.length > 3) {
      b.checkpointThreshold(args[3]);
    }
    try (HistoryStore store = b.open()) {
      if (args[0].equals("hold")) {
        out.println("open");
        out.flush();
        while (System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        return;
      }
      int start = Integer.parseInt(args[2]);
      TargetEvidence first = Fixtures.evidence("192.0.2.7", "w" + start, 12.0, 9.0);
      HostReport report = Fixtures.report(first);
      for (int i = start; System.nanoTime() < deadline; i++) {
        store.recordLocated(Fixtures.evidence("192.0.2.7", "w" + i, 12.0 + i % 7, 9.0), report,
            false);
        out.println("committed " + i);
        out.flush();
      }
    }
  }
}
