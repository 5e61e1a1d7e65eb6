package io.geofusion.json;

import io.geofusion.graph.EntityGraph;
import io.geofusion.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The writer that {@link GraphSnapshotIndexCrashTest} kills: saves one of three graphs of
 * different sizes after another to the same snapshot (each save writes the snapshot, then its
 * index) and prints {@code saved N} after each returns, until it is killed.
 */
public final class IndexSaverChild {

  private IndexSaverChild() {}

  public static void main(String[] args) throws Exception {
    Path snapshot = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int hosts = Integer.parseInt(args[2]);
    TestClock clock = new TestClock();
    EntityGraph[] graphs = new EntityGraph[3];
    for (int i = 0; i < graphs.length; i++) {
      graphs[i] = RandomGraphs.graph(seed + i, hosts + 40 * i, (hosts + 40 * i) * 8, clock);
    }
    for (long n = 0; ; n++) {
      clock.advance(Duration.ofSeconds(1));
      graphs[(int) (n % graphs.length)].snapshot(snapshot, GraphSnapshots.FORMAT);
      System.out.println("saved " + n);
      System.out.flush();
    }
  }
}
