package io.geofusion.locate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one job per typed target, several at once, each within a bound: resolve the target
 * ({@link LiveTarget#resolve}), then the job (e.g. {@link Analysis#analyse}, {@link
 * LivePing#probe}); a target that fails is one outcome with its error and the others go on.
 *
 * <p><b>Deadlines.</b> Each job, resolution included, is cancelled (its thread interrupted,
 * which closes the probes' sockets) when it is still running {@code perTargetBound} after it
 * started; its outcome is then a {@link TimeoutException} "did not finish within N s (probes
 * were cancelled)", delivered at once even if the job ignores the interrupt (a DNS query). A run
 * of {@code n} targets, {@code p} at once, therefore ends within {@code ⌈n / p⌉ ·
 * perTargetBound} plus scheduling delays.
 *
 * <p><b>Threads.</b> Workers are daemon threads named {@code geofusion-probe}, created by the
 * calling thread when it submits the jobs, so they inherit its network namespace (Linux
 * namespaces are per thread and copied to the threads it creates); this is how the end-to-end
 * tests probe inside their virtual network. Every worker is stopped before {@link #run} returns.
 * The calling thread sees every outcome, in the order the targets were given.
 */
public final class LiveRun {

  /**
   * Slack granted around each probing step when bounding a job: 10 s, far above the backends'
   * own slack after a deadline (at most 3 s, scamper 5 s; see {@link
   * io.geofusion.probe.Prober}) and a resolver's default wait (glibc: 5 s per try).
   */
  public static final Duration SLACK = Duration.ofSeconds(10);

  private LiveRun() {}

  /** A job run for one resolved target on a worker thread. */
  @FunctionalInterface
  public interface Job<T> {
    T run(LiveTarget target) throws Exception;
  }

  /**
   * What one target's job produced: a value, or the error that stopped it.
   *
   * @param typed the target as given
   * @param target the resolved target; empty when resolution failed or the job timed out
   * @param value the job's result, null exactly when it failed
   * @param error why it failed ({@link LiveTarget.TargetException} for a target that cannot be
   *     probed, {@link TimeoutException} for a job over its bound, else what the job threw), null
   *     exactly when it succeeded
   */
  public record Outcome<T>(String typed, Optional<LiveTarget> target, T value, Throwable error) {
    public Outcome {
      Objects.requireNonNull(typed, "typed");
      Objects.requireNonNull(target, "target");
      if ((value == null) == (error == null)) {
        throw new IllegalArgumentException("an outcome has either a value or an error");
      }
    }

    /** Whether the job succeeded. */
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Runs {@code job} for every target, at most {@code parallel} at once, and returns the outcomes
   * in the order the targets were given. {@code onEach} sees each outcome on the calling thread
   * as soon as it and every earlier one are known (for streaming output).
   *
   * @param typed targets as typed (IP literals or host names)
   * @param parallel jobs at once, at least 1
   * @param perTargetBound how long one job may run (e.g. {@link Analysis#bound()})
   * @throws InterruptedException when the calling thread is interrupted (workers are stopped)
   */
  public static <T> List<Outcome<T>> run(List<String> typed, int parallel,
      Duration perTargetBound, Job<T> job, Consumer<Outcome<T>> onEach)
      throws InterruptedException {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
    }
    if (perTargetBound == null || perTargetBound.isNegative() || perTargetBound.isZero()) {
      throw new IllegalArgumentException("the per-target bound must be positive, got "
          + perTargetBound);
    }
    List<Outcome<T>> outcomes = new ArrayList<>();
    if (typed.isEmpty()) {
      return outcomes;
    }
    int threads = Math.min(parallel, typed.size());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> daemon(r, "geofusion-probe"));
    ScheduledExecutorService alarms = Executors.newSingleThreadScheduledExecutor(
        r -> daemon(r, "geofusion-probe-deadline"));
    try {
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (String s : typed) {
        futures.add(submit(pool, alarms, s, perTargetBound, job));
      }
      for (int i = 0; i < futures.size(); i++) {
        Outcome<T> o;
        try {
          o = futures.get(i).get();
        } catch (CancellationException e) {
          o = new Outcome<>(typed.get(i), Optional.empty(), null, new TimeoutException(
              "did not finish within " + perTargetBound.toSeconds() + " s (probes were"
                  + " cancelled)"));
        } catch (ExecutionException e) {
          o = new Outcome<>(typed.get(i), Optional.empty(), null, e.getCause());
        }
        outcomes.add(o);
        onEach.accept(o);
      }
    } finally {
      pool.shutdownNow();
      alarms.shutdownNow();
    }
    return outcomes;
  }

  /** One target's task, which arms its own cancellation when it starts. */
  private static <T> Future<Outcome<T>> submit(ThreadPoolExecutor pool,
      ScheduledExecutorService alarms, String typed, Duration bound, Job<T> job) {
    AtomicReference<Future<?>> self = new AtomicReference<>();
    FutureTask<Outcome<T>> task = new FutureTask<>(() -> {
      ScheduledFuture<?> alarm = alarms.schedule(() -> self.get().cancel(true), bound.toNanos(),
          TimeUnit.NANOSECONDS);
      LiveTarget t = null;
      try {
        t = LiveTarget.resolve(typed);
        return new Outcome<>(typed, Optional.of(t), job.run(t), null);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        return new Outcome<>(typed, Optional.ofNullable(t), null, e);
      } finally {
        alarm.cancel(false);
      }
    });
    self.set(task);
    pool.execute(task);
    return task;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
