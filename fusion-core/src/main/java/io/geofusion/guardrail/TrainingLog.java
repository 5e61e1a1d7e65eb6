package io.geofusion.guardrail;

import io.geofusion.json.ProductJson;
import io.geofusion.text.LockedAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where training pairs go. Implementations must be thread-safe. {@link #jsonl} writes one JSON
 * object per line and flushes after each, so a crash loses at most the line being written.
 */
@FunctionalInterface
public interface TrainingLog {

  /** Appends one pair. */
  void append(TrainingPair pair);

  /** A log that discards everything. */
  static TrainingLog discard() {
    return p -> { };
  }

  /** A log that hands each pair to {@code sink} (synchronised). */
  static TrainingLog to(Consumer<TrainingPair> sink) {
    return new TrainingLog() {
      @Override
      public synchronized void append(TrainingPair pair) {
        sink.accept(pair);
      }
    };
  }

  /**
   * A JSONL log appended to a file that other processes may append to at once: each pair is one
   * line written whole under the file's lock, so lines of parallel runs never interleave; the
   * caller closes the appender. Write failures are rethrown as {@link UncheckedIOException}.
   */
  static TrainingLog jsonl(LockedAppender out) {
    return pair -> {
      try {
        out.append((ProductJson.toJson(pair.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the training-pair log: " + e.getMessage(),
            e);
      }
    };
  }

  /**
   * A JSONL log on {@code out}; the caller closes the writer. Write failures are rethrown as
   * {@link UncheckedIOException} naming the log.
   */
  static TrainingLog jsonl(Writer out) {
    return new TrainingLog() {
      @Override
      public synchronized void append(TrainingPair pair) {
        try {
          out.write(ProductJson.toJson(pair.toJson()));
          out.write('\n');
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot append to the training-pair log: " + e.getMessage(),
              e);
        }
      }
    };
  }
}
