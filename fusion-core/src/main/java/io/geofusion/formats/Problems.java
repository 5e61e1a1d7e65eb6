package io.geofusion.formats;

import java.util.function.Consumer;

/** Where decoders report problems; remembers whether the current record was degraded. */
final class Problems {

  private final Consumer<RecordProblem> sink;

  Problems(Consumer<RecordProblem> sink) {
    this.sink = sink;
  }

  void skipped(long line, String message) {
    sink.accept(new RecordProblem(Math.max(1, line), RecordProblem.Kind.SKIPPED, message));
  }

  void degraded(long line, String message) {
    sink.accept(new RecordProblem(Math.max(1, line), RecordProblem.Kind.DEGRADED, message));
  }
}
