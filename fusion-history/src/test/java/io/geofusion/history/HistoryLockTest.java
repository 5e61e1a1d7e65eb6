package io.geofusion.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real processes: DuckDB lets one open a file; the other gets a line naming the holder. */
class HistoryLockTest {

  @TempDir Path dir;

  @Test
  void open_whileAnotherProcessHoldsTheFile_namesThatProcess() throws Exception {
    Path f = dir.resolve("held.duckdb");
    HistoryStore.open(f).close();
    try (ChildJvm child = new ChildJvm("hold", f.toString())) {
      assertThat(child.next(120)).isEqualTo("open");
      long pid = child.process.pid();
      for (boolean readOnly : new boolean[] {true, false}) {
        assertThatThrownBy(() -> (readOnly ? HistoryStore.openReadOnly(f) : HistoryStore.open(f))
            .close()).isInstanceOfSatisfying(HistoryException.class, e -> {
              assertThat(e.reason()).isEqualTo(HistoryException.Reason.IN_USE);
              assertThat(e.holderPid()).hasValue(pid);
              assertThat(e.getMessage()).doesNotContain("\n")
                  .contains("in use by process " + pid)
                  .contains(HistoryChild.class.getName())
                  .contains("GET /v1/history/ADDRESS");
            });
      }
      child.kill9();
    }
    try (HistoryStore s = HistoryStore.openReadOnly(f)) {
      assertThat(s.history("x", Instant.EPOCH).isEmpty()).isTrue();
    }
  }
}
