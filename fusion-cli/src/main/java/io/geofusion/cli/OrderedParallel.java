package io.geofusion.cli;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs independent tasks on every core and hands their results to a sink in the order they were
 * submitted, from the submitting thread: a bulk command's output is the same as a sequential
 * run's. At most {@code 16 × cores} results are in flight (memory stays bounded however long the
 * input). A task's exception is rethrown by {@link #submit} or {@link #finish} as it was thrown.
 */
final class OrderedParallel<T> implements AutoCloseable {

  private final ExecutorService pool;
  private final ArrayDeque<Future<T>> window = new ArrayDeque<>();
  private final int maxInFlight;
  private final Consumer<T> sink;

  OrderedParallel(Consumer<T> sink) {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.pool = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "geofusion-worker");
      t.setDaemon(true);
      return t;
    });
    this.maxInFlight = 4 * cores;
    this.sink = sink;
  }

  /** Starts a task; hands over finished results first when the window is full. */
  void submit(Callable<T> task) throws InterruptedException {
    window.add(pool.submit(task));
    while (window.size() > maxInFlight) {
      handOver();
    }
  }

  /** Waits for every task and hands over the remaining results in order. */
  void finish() throws InterruptedException {
    while (!window.isEmpty()) {
      handOver();
    }
  }

  private void handOver() throws InterruptedException {
    try {
      sink.accept(window.poll().get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
