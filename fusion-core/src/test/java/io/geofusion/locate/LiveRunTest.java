package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link LiveRun}: order, failures, parallelism and the per-target bound, without a network. */
class LiveRunTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void run_mixedTargets_outcomesInTheGivenOrderWithTheirErrors() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    List<LiveRun.Outcome<String>> outcomes = LiveRun.run(
        List.of("192.0.2.3", "nowhere.invalid", "224.0.0.1", "192.0.2.1", "192.0.2.2"), 3, LONG,
        t -> {
          if (t.addressText().equals("192.0.2.2")) {
            throw new IllegalStateException("boom");
          }
          Thread.sleep(t.addressText().equals("192.0.2.3") ? 200 : 0);
          return t.label();
        }, o -> seen.add(o.typed()));

    assertThat(outcomes).extracting(LiveRun.Outcome::typed).containsExactly("192.0.2.3",
        "nowhere.invalid", "224.0.0.1", "192.0.2.1", "192.0.2.2");
    assertThat(seen).containsExactly("192.0.2.3", "nowhere.invalid", "224.0.0.1", "192.0.2.1",
        "192.0.2.2");
    assertThat(outcomes.get(0).value()).isEqualTo("192.0.2.3");
    assertThat(outcomes.get(0).target().orElseThrow().byName()).isFalse();
    assertThat(outcomes.get(1).error()).isInstanceOf(LiveTarget.TargetException.class)
        .hasMessageContaining("cannot resolve 'nowhere.invalid'");
    assertThat(outcomes.get(1).target()).isEmpty();
    assertThat(outcomes.get(2).error()).hasMessageContaining("multicast");
    assertThat(outcomes.get(3).ok()).isTrue();
    assertThat(outcomes.get(4).error()).isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(outcomes.get(4).target()).isPresent();
  }

  @Test
  void run_parallelTwo_neverMoreThanTwoJobsAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<String> targets = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      targets.add("192.0.2." + i);
    }
    // The first two jobs wait (at most 10 s) until both run: two at once by construction, not
    // by the luck of a 30 ms sleep overlapping on a loaded machine. A runner that runs one job
    // at a time never opens the latch and still fails (most = 1).
    CountDownLatch twoRunning = new CountDownLatch(2);
    LiveRun.run(targets, 2, LONG, t -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      twoRunning.countDown();
      twoRunning.await(10, TimeUnit.SECONDS);
      Thread.sleep(30);
      running.decrementAndGet();
      return t;
    }, o -> { });

    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void run_jobPastItsBound_interruptedAndReportedAsTimeout() throws Exception {
    AtomicInteger interrupted = new AtomicInteger();
    long start = System.nanoTime();
    List<LiveRun.Outcome<String>> outcomes = LiveRun.run(List.of("192.0.2.1", "192.0.2.2"), 2,
        Duration.ofSeconds(1), t -> {
          if (t.addressText().equals("192.0.2.2")) {
            return "quick";
          }
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
          return "never";
        }, o -> { });
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(outcomes.get(0).error()).isInstanceOf(TimeoutException.class)
        .hasMessage("did not finish within 1 s (probes were cancelled)");
    assertThat(outcomes.get(1).value()).isEqualTo("quick");
    assertThat(seconds).isBetween(0.9, 10.0);
    // The interrupted thread records it when it next runs, which on a loaded machine can be
    // later than any fixed sleep: wait for it (at most 10 s) instead.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (interrupted.get() == 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(interrupted.get()).as("the job's thread was interrupted").isEqualTo(1);
  }

  @Test
  void run_jobIgnoringTheInterrupt_stillReportedAtItsBound() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    long start = System.nanoTime();
    try {
      List<LiveRun.Outcome<String>> outcomes = LiveRun.run(List.of("192.0.2.1"), 1,
          Duration.ofMillis(300), t -> {
            while (!release.await(10, TimeUnit.MILLISECONDS)) {
              Thread.interrupted(); // like a DNS query: deaf to interrupts
            }
            return "late";
          }, o -> { });
      assertThat(outcomes.get(0).error()).isInstanceOf(TimeoutException.class);
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    } finally {
      release.countDown();
    }
  }

  @Test
  void run_noTargets_noOutcomes() throws Exception {
    assertThat(LiveRun.run(List.of(), 4, LONG, t -> t, o -> { })).isEmpty();
  }

  @Test
  void run_badArguments_refused() {
    assertThatThrownBy(() -> LiveRun.run(List.of("192.0.2.1"), 0, LONG, t -> t, o -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallel");
    assertThatThrownBy(() -> LiveRun.run(List.of("192.0.2.1"), 1, Duration.ZERO, t -> t,
        o -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bound");
  }
}
