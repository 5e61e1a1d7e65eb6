package io.geofusion.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.testing.Seeds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-stream: a writer in a child JVM records one transaction after another (two
 * measurements and a location each) and prints {@code committed N} after each returns; it is
 * SIGKILLed at a seeded moment, twice on the same file (the second time while it checkpoints
 * its log into the file on nearly every commit). Every acknowledged write must be there
 * after reopening, whole, and at most the one in flight may be missing.
 */
@ExtendWith(Seeds.class)
class HistoryCrashTest {

  @TempDir Path dir;

  @Test
  void killMinus9_losesAtMostTheWriteInFlight() throws Exception {
    Path f = dir.resolve("crash.duckdb");
    Random random = new Random(Seeds.seed());
    int start = 0;
    for (int round = 0; round < 2; round++) {
      int acknowledged = start - 1;
      int killAfter = start + 20 + random.nextInt(60);
      // Round 1 checkpoints on nearly every commit, so the kill likely lands mid-checkpoint.
      String threshold = round == 0 ? "16MB" : "1KB";
      try (ChildJvm child = new ChildJvm("write", f.toString(), Integer.toString(start),
          threshold)) {
        for (String l = child.next(120); l != null; l = child.next(120)) {
          acknowledged = Integer.parseInt(l.substring("committed ".length()));
          if (acknowledged >= killAfter) {
            break;
          }
        }
        child.kill9();
        for (String l : child.rest()) {
          acknowledged = Integer.parseInt(l.substring("committed ".length()));
        }
        assertThat(child.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      }
      assertThat(acknowledged).as("the child wrote before it was killed")
          .isGreaterThanOrEqualTo(killAfter);
      int present = verify(f, acknowledged);
      start = present + 1;
    }
  }

  /**
   * Checks the file after a kill, first read-only (what {@code geofusion history} sees, the log
   * replayed in memory) then read-write (the log replayed into the file), and returns the
   * highest write index present.
   */
  private static int verify(Path f, int acknowledged) throws Exception {
    int readOnly;
    try (HistoryStore s = HistoryStore.openReadOnly(f)) {
      readOnly = s.history("192.0.2.7", Instant.EPOCH).locations().size();
    }
    try (HistoryStore s = HistoryStore.open(f)) {
      AddressHistory h = s.history("192.0.2.7", Instant.EPOCH);
      Set<Integer> writes = new HashSet<>();
      for (RecordedMeasurement m : h.measurements()) {
        writes.add(Integer.parseInt(m.vantageId().substring(1, m.vantageId().indexOf('-'))));
      }
      int max = writes.stream().mapToInt(Integer::intValue).max().orElse(-1);
      for (int i = 0; i <= acknowledged; i++) {
        assertThat(writes).as("acknowledged write %d", i).contains(i);
      }
      assertThat(max).as("at most the write in flight beyond the last acknowledged")
          .isBetween(acknowledged, acknowledged + 1);
      // Whole transactions only: two measurements and one location per write.
      assertThat(h.measurements()).hasSize(2 * writes.size());
      assertThat(h.locations()).hasSize(writes.size()).hasSize(readOnly);
      List<RecordedLocation> ls = h.locations();
      assertThat(ls.get(ls.size() - 1).location()).isPresent();
      return max;
    }
  }
}
