package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole records from many writers on one file (8 processes: ConcurrentOutputsTest in the CLI). */
class LockedAppenderTest {

  @TempDir Path dir;

  @Test
  void append_eightThreadsWithTheirOwnAppenders_keepEveryRecordWhole() throws Exception {
    Path file = dir.resolve("log.jsonl");
    int threads = 8;
    int records = 100;
    String filler = "y".repeat(20_000); // each record several times a write buffer
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          try (LockedAppender a = LockedAppender.open(file)) {
            for (int i = 0; i < records; i++) {
              a.append((id + ":" + i + ":" + filler + "\n").getBytes(StandardCharsets.UTF_8));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = Files.readAllLines(file);
    Set<String> seen = new HashSet<>();
    for (String l : lines) {
      String[] parts = l.split(":", 3);
      assertThat(parts).hasSize(3);
      assertThat(parts[2]).isEqualTo(filler);
      seen.add(parts[0] + ":" + parts[1]);
    }
    assertThat(lines).hasSize(threads * records);
    assertThat(seen).hasSize(threads * records);
  }

  @Test
  void open_symlinkAtTheName_isNotFollowed() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "keep\n");
    Path link = Files.createSymbolicLink(dir.resolve("log.jsonl"), target);

    assertThrows(IOException.class, () -> LockedAppender.open(link));

    assertThat(Files.readString(target)).isEqualTo("keep\n");
  }
}
