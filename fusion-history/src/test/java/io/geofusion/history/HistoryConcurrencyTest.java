package io.geofusion.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers and readers on one store at once: every write is found afterwards, and every read
 * sees whole transactions only (two measurements per location) and never fewer rows than an
 * earlier read.
 */
class HistoryConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int WRITES_EACH = 40;

  @TempDir Path dir;

  @Test
  void concurrentWritersAndReaders_loseNothingAndSeeWholeTransactions() throws Exception {
    TargetEvidence e0 = Fixtures.evidence("192.0.2.7", "x", 10.0, 8.0);
    HostReport report = Fixtures.report(e0);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    try (HistoryStore s = HistoryStore.open(dir.resolve("c.duckdb"))) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        writers.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < WRITES_EACH; i++) {
            s.recordLocated(Fixtures.evidence("192.0.2.7", "t" + id + "." + i, 10.0 + i, 8.0),
                report, false);
          }
          return null;
        }));
      }
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(pool.submit(() -> {
          go.await();
          int reads = 0;
          int last = 0;
          while (writing.get() || reads == 0) {
            AddressHistory h = s.history("192.0.2.7", Instant.EPOCH);
            if (h.measurements().size() != 2 * h.locations().size()) {
              problems.add("a read saw " + h.measurements().size() + " measurements and "
                  + h.locations().size() + " locations");
            }
            if (h.locations().size() < last) {
              problems.add("rows went back from " + last + " to " + h.locations().size());
            }
            last = h.locations().size();
            if (!h.locations().isEmpty() && h.locations().get(0).location().isEmpty()) {
              problems.add("a stored document did not read back");
            }
            s.latestLocations(Instant.EPOCH, 10);
            reads++;
          }
          return reads;
        }));
      }
      go.countDown();
      for (Future<?> f : writers) {
        f.get(300, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<Integer> f : readers) {
        assertThat(f.get(300, TimeUnit.SECONDS)).isPositive();
      }
      AddressHistory h = s.history("192.0.2.7", Instant.EPOCH);
      assertThat(h.locations()).hasSize(WRITERS * WRITES_EACH);
      Set<String> ids = new HashSet<>();
      h.measurements().forEach(m -> ids.add(m.vantageId()));
      assertThat(ids).hasSize(2 * WRITERS * WRITES_EACH);
      Set<Long> rowIds = new HashSet<>();
      h.measurements().forEach(m -> rowIds.add(m.id()));
      h.locations().forEach(l -> rowIds.add(l.id()));
      assertThat(rowIds).hasSize(3 * WRITERS * WRITES_EACH);
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
  }
}
