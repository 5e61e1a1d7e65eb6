package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.json.GraphSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphSubscriberTest {

  private static final SnapshotFormat FORMAT = GraphSnapshots.FORMAT;

  @TempDir Path dir;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void subscriber_receivesEventsInOrderAfterRegistrationOnly() throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    g.upsertNode(NodeUpdate.of("host:before"));
    List<Long> seen = new CopyOnWriteArrayList<>();
    Subscription s = g.subscribe(e -> seen.add(e.seq()));
    assertThat(s.firstSeq()).isEqualTo(2);
    for (int i = 0; i < 100; i++) {
      g.upsertNode(NodeUpdate.of("host:" + i));
    }
    assertThat(s.awaitHandled(g.lastSeq(), WAIT)).isTrue();
    assertThat(seen).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(seen.get(i)).isEqualTo(i + 2L);
    }
    g.close();
  }

  @Test
  void subscriber_calledOutsideTheLock_canReadAndWriteTheGraph() throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    AtomicLong readBack = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    g.subscribe(e -> {
      if (e instanceof GraphEvent.NodeUpserted n && n.node().id().equals("host:a")) {
        readBack.set(g.nodeCount()); // would deadlock if called under the write lock... or not:
        g.upsertNode(NodeUpdate.of("host:from-subscriber")); // this one surely would
        done.countDown();
      }
    });
    g.upsertNode(NodeUpdate.of("host:a"));
    assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(readBack.get()).isEqualTo(1);
    assertThat(g.containsNode("host:from-subscriber")).isTrue();
    g.close();
  }

  @Test
  void throwingSubscriber_isCountedAndKeepsReceiving() throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    Subscription s = g.subscribe(e -> {
      if (e.seq() % 2 == 0) {
        throw new IllegalStateException("boom");
      }
    });
    for (int i = 0; i < 10; i++) {
      g.upsertNode(NodeUpdate.of("host:" + i));
    }
    assertThat(s.awaitHandled(10, WAIT)).isTrue();
    assertThat(s.stats().delivered()).isEqualTo(10);
    assertThat(s.stats().failed()).isEqualTo(5);
    g.close();
  }

  @Test
  void blockedSubscriber_neverStallsWritersReadersOrSnapshots_andDisconnectsOnOverflow()
      throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicLong overflowAt = new AtomicLong();
    List<Long> got = new CopyOnWriteArrayList<>();
    Subscription blocked = g.subscribe("blocked", new GraphSubscriber() {
      @Override
      public void onEvent(GraphEvent e) throws InterruptedException {
        entered.countDown();
        release.await(); // blocks until the test is done writing
        got.add(e.seq());
      }

      @Override
      public void onOverflow(long firstLostSeq) {
        overflowAt.set(firstLostSeq);
      }
    }, 4, OverflowPolicy.DISCONNECT);
    Subscription healthy = g.subscribe("healthy", e -> { }, 100_000, OverflowPolicy.DISCONNECT);

    g.upsertNode(NodeUpdate.of("host:0"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    // The subscriber holds event 1; 4 more fit in its queue; the 6th write overflows it.
    for (int i = 1; i < 1000; i++) {
      g.upsertNode(NodeUpdate.of("host:" + i));
    }
    assertThat(g.nodeCount()).isEqualTo(1000);
    assertThat(g.snapshot(dir.resolve("s.snap"), FORMAT).nodes()).isEqualTo(1000);
    assertThat(blocked.stats().overflowed()).isTrue();
    assertThat(blocked.stats().firstLostSeq()).isEqualTo(6);
    release.countDown();
    assertThat(blocked.awaitHandled(1000, WAIT)).isTrue();
    assertThat(got).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(overflowAt.get()).isEqualTo(6);
    assertThat(healthy.awaitHandled(1000, WAIT)).isTrue();
    assertThat(healthy.stats().delivered()).isEqualTo(1000);
    g.close();
  }

  @Test
  void dropNewest_countsDropsAndKeepsDelivering() throws Exception {
    EntityGraph g = EntityGraph.builder().build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    List<Long> got = new CopyOnWriteArrayList<>();
    Subscription s = g.subscribe("lossy", e -> {
      entered.countDown();
      release.await();
      got.add(e.seq());
    }, 2, OverflowPolicy.DROP_NEWEST);
    g.upsertNode(NodeUpdate.of("host:0"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < 10; i++) {
      g.upsertNode(NodeUpdate.of("host:" + i));
    }
    release.countDown();
    assertThat(s.awaitHandled(10, WAIT)).isTrue();
    assertThat(got).containsExactly(1L, 2L, 3L);
    assertThat(s.stats().dropped()).isEqualTo(7);
    assertThat(s.stats().overflowed()).isFalse();
    g.upsertNode(NodeUpdate.of("host:late"));
    assertThat(s.awaitHandled(11, WAIT)).isTrue();
    assertThat(got).endsWith(11L);
    g.close();
  }

  @Test
  void close_stopsDelivery() throws IOException, InterruptedException {
    EntityGraph g = EntityGraph.builder().build();
    AtomicLong n = new AtomicLong();
    Subscription s = g.subscribe(e -> n.incrementAndGet());
    s.close();
    g.upsertNode(NodeUpdate.of("host:a"));
    assertThat(s.awaitHandled(1, WAIT)).isTrue(); // ended
    assertThat(n.get()).isZero();
    assertThat(g.stats().subscriptions()).isEmpty();
  }
}
