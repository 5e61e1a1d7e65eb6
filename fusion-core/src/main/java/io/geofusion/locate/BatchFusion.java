package io.geofusion.locate;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The single-machine batch path: fuses a stream of targets on several threads and hands each
 * result on <b>in input order</b>, holding at most {@code threads × }{@value #WINDOW_PER_THREAD}
 * targets in flight, so memory stays constant whatever the input's length.
 *
 * <p>The results are exactly those of {@link FusionEngine#fuse} called one by one (the engine
 * is deterministic and thread-safe), so the output of a run does not depend on the thread
 * count. The input iterator and the sink are called on the caller's thread only; only
 * {@code engine.fuse} runs on the pool. One thread runs everything inline.
 *
 * <pre>{@code
 * BatchFusion batch = new BatchFusion(engine, Runtime.getRuntime().availableProcessors());
 * batch.run(targets, t -> t.input(), (t, result) -> out.println(write(result)));
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #run} uses its own pool of daemon threads, shut down
 * when it returns.
 */
public final class BatchFusion {

  /** Most threads a run uses. */
  public static final int MAX_THREADS = 256;

  /** Targets in flight per thread: enough to keep every thread busy between slow sinks. */
  public static final int WINDOW_PER_THREAD = 64;

  private final FusionEngine engine;
  private final int threads;

  /**
   * A batch path over {@code engine} with {@code threads} workers.
   *
   * @throws IllegalArgumentException when {@code threads} is not in [1, {@value #MAX_THREADS}]
   */
  public BatchFusion(FusionEngine engine, int threads) {
    this.engine = Objects.requireNonNull(engine, "engine");
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got "
          + threads);
    }
    this.threads = threads;
  }

  /** The worker count. */
  public int threads() {
    return threads;
  }

  /**
   * Fuses every item of {@code items} and calls {@code sink} with each item and its result, in
   * the order of {@code items}.
   *
   * @param items the targets, read once, on the caller's thread; an exception it throws ends the
   *     run after every earlier result was handed on
   * @param toInput what to fuse for an item
   * @param sink receives each item and its result, on the caller's thread
   * @param <T> the item type (e.g. a parsed input line)
   * @return how many items were fused
   * @throws InterruptedException when the caller's thread is interrupted while waiting
   * @throws RuntimeException what {@code engine.fuse}, {@code items} or {@code sink} threw
   */
  public <T> long run(Iterator<T> items, Function<? super T, FusionInput> toInput,
      BiConsumer<? super T, ? super FusionResult> sink) throws InterruptedException {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(toInput, "toInput");
    Objects.requireNonNull(sink, "sink");
    long n = 0;
    if (threads == 1) {
      while (items.hasNext()) {
        T item = items.next();
        sink.accept(item, engine.fuse(toInput.apply(item)));
        n++;
      }
      return n;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    ArrayDeque<Pending<T>> inFlight = new ArrayDeque<>();
    int window = threads * WINDOW_PER_THREAD;
    try {
      while (true) {
        T item;
        FusionInput input;
        try {
          if (!items.hasNext()) {
            break;
          }
          item = items.next();
          input = toInput.apply(item);
        } catch (RuntimeException e) {
          // A bad item ends the run, but only after every earlier result was handed on.
          while (!inFlight.isEmpty()) {
            handOn(inFlight.poll(), sink);
          }
          throw e;
        }
        inFlight.add(new Pending<>(item, pool.submit(() -> engine.fuse(input))));
        if (inFlight.size() >= window) {
          handOn(inFlight.poll(), sink);
        }
        n++;
      }
      while (!inFlight.isEmpty()) {
        handOn(inFlight.poll(), sink);
      }
      return n;
    } finally {
      inFlight.forEach(p -> p.result.cancel(true));
      pool.shutdownNow();
    }
  }

  private static <T> void handOn(Pending<T> p, BiConsumer<? super T, ? super FusionResult> sink)
      throws InterruptedException {
    FusionResult r;
    try {
      r = p.result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
    sink.accept(p.item, r);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "geofusion-batch-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private record Pending<T>(T item, Future<FusionResult> result) {}
}
