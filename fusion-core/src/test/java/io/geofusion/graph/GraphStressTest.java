package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.json.GraphSnapshots;
import io.geofusion.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers, readers, a slow subscriber, a lossy subscriber, a fast subscriber and a snapshotter
 * hammer one graph for a bounded time (2 s of work, not sleeps): no deadlock, gap-free sequence
 * numbers, every event delivered exactly once and in order to each subscriber that did not
 * overflow, and overflow counted for those that did.
 */
@ExtendWith(Seeds.class)
class GraphStressTest {

  private static final SnapshotFormat FORMAT = GraphSnapshots.FORMAT;

  @TempDir Path dir;

  /** Records the seqs one subscriber saw; written by its dispatcher thread only. */
  static final class Recorder implements GraphSubscriber {
    long[] seqs = new long[1 << 16];
    int n;
    final long slowNanos;
    final java.util.concurrent.CountDownLatch gate;
    volatile long overflowAt;

    /** Handles an event every {@code slowNanos}; the first waits for {@code gate} (if any). */
    Recorder(long slowNanos, java.util.concurrent.CountDownLatch gate) {
      this.slowNanos = slowNanos;
      this.gate = gate;
    }

    @Override
    public void onEvent(GraphEvent e) throws InterruptedException {
      if (n == 0 && gate != null) {
        // Stuck until the writers are done, so the overflow does not depend on machine load.
        gate.await(120, java.util.concurrent.TimeUnit.SECONDS);
      }
      if (n == seqs.length) {
        seqs = Arrays.copyOf(seqs, n * 2);
      }
      seqs[n++] = e.seq();
      if (slowNanos > 0) {
        LockSupport.parkNanos(slowNanos); // simulates a slow consumer, not synchronisation
      }
    }

    @Override
    public void onOverflow(long firstLostSeq) {
      overflowAt = firstLostSeq;
    }
  }

  @Test
  void concurrentWritersReadersSubscribersAndSnapshots_keepEveryGuarantee() throws Exception {
    long seed = Seeds.seed();
    String ctx = "seed " + seed;
    EntityGraph g = EntityGraph.builder().retainEvents(8_000_000).build();
    java.util.concurrent.CountDownLatch writersDone = new java.util.concurrent.CountDownLatch(1);
    Recorder fast = new Recorder(0, null);
    Recorder slow = new Recorder(200_000, writersDone);
    Recorder lossy = new Recorder(100_000, writersDone);
    Subscription fastSub = g.subscribe("fast", fast, 4_000_000, OverflowPolicy.DISCONNECT);
    Subscription slowSub = g.subscribe("slow", slow, 64, OverflowPolicy.DISCONNECT);
    Subscription lossySub = g.subscribe("lossy", lossy, 64, OverflowPolicy.DROP_NEWEST);

    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      SplittableRandom r = new SplittableRandom(seed + w);
      int id = w;
      threads.add(new Thread(() -> {
        while (System.nanoTime() < deadline) {
          String a = "host:10.0." + id + "." + r.nextInt(200);
          String b = "host:10.1." + r.nextInt(4) + "." + r.nextInt(200);
          int op = r.nextInt(100);
          if (op < 80) {
            g.upsertEdge(new EdgeUpdate(new EdgeKey(a, "K" + r.nextInt(3), b), r.nextDouble(), 1,
                Map.of()));
          } else if (op < 95) {
            g.upsertNode(NodeUpdate.of(a));
          } else {
            g.removeNode(b);
          }
        }
      }, "writer-" + w));
    }
    for (int rd = 0; rd < 2; rd++) {
      SplittableRandom r = new SplittableRandom(seed + 100 + rd);
      threads.add(new Thread(() -> {
        while (System.nanoTime() < deadline) {
          String b = "host:10.1." + r.nextInt(4) + "." + r.nextInt(200);
          for (Edge e : g.edges(b, null, Direction.BOTH)) {
            assertThat(e.dst().equals(b) || e.src().equals(b)).isTrue();
          }
          g.stats();
        }
      }, "reader-" + rd));
    }
    Path snap = dir.resolve("stress.snap");
    threads.add(new Thread(() -> {
      while (System.nanoTime() < deadline) {
        try {
          g.snapshot(snap, FORMAT);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    }, "snapshotter"));
    for (Thread t : threads) {
      t.setUncaughtExceptionHandler((th, ex) -> errors.add(ex));
      t.start();
    }
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(60).toMillis());
      if (t.isAlive()) {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((th, st) -> dump.append(th.getName()).append(' ')
            .append(th.getState()).append(' ').append(Arrays.toString(st)).append('\n'));
        throw new AssertionError(ctx + ": " + t.getName() + " still running (deadlock?)\n" + dump);
      }
    }
    writersDone.countDown();
    assertThat(errors).as(ctx).isEmpty();

    long last = g.lastSeq();
    assertThat(last).as(ctx).isGreaterThan(1000);
    // Gap-free log: replay returns exactly 1..last.
    long[] expect = {1};
    g.replay(1, e -> {
      assertThat(e.seq()).as(ctx).isEqualTo(expect[0]);
      expect[0]++;
    });
    assertThat(expect[0]).as(ctx).isEqualTo(last + 1);

    for (Subscription s : List.of(fastSub, slowSub, lossySub)) {
      assertThat(s.awaitHandled(last, Duration.ofSeconds(120))).as(ctx + " " + s.name()).isTrue();
    }
    checkDisconnect(ctx + " fast", fast, fastSub, last);
    checkDisconnect(ctx + " slow", slow, slowSub, last);
    // The slow subscriber (stuck, then 0.2 ms per event, 64 slots) cannot keep up.
    assertThat(slowSub.stats().overflowed()).as(ctx).isTrue();
    // Lossy: strictly increasing, and delivered + dropped accounts for every event.
    for (int i = 1; i < lossy.n; i++) {
      assertThat(lossy.seqs[i]).as(ctx).isGreaterThan(lossy.seqs[i - 1]);
    }
    assertThat(lossy.n + lossySub.stats().dropped()).as(ctx).isEqualTo(last);
    assertThat(lossySub.stats().dropped()).as(ctx).isPositive();

    // The last snapshot loads and is internally consistent (the loader checks endpoints).
    EntityGraph loaded = EntityGraph.builder().buildFrom(snap, FORMAT);
    assertThat(loaded.lastSeq()).as(ctx).isLessThanOrEqualTo(last);
    g.close();
  }

  private static void checkDisconnect(String ctx, Recorder r, Subscription s, long last) {
    Subscription.Stats st = s.stats();
    long upTo = st.overflowed() ? st.firstLostSeq() - 1 : last;
    assertThat((long) r.n).as(ctx + " delivered count").isEqualTo(upTo);
    for (int i = 0; i < r.n; i++) {
      if (r.seqs[i] != i + 1) {
        throw new AssertionError(ctx + ": event " + (i + 1) + " delivered as " + r.seqs[i]);
      }
    }
    if (st.overflowed()) {
      assertThat(r.overflowAt).as(ctx).isEqualTo(st.firstLostSeq());
    }
  }
}
