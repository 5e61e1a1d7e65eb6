package io.geofusion.graph;

import java.time.Duration;

/** A registered subscriber. Thread-safe. Closing it stops its dispatcher thread. */
public interface Subscription extends AutoCloseable {

  /** The subscriber's name (used for its thread and in statistics). */
  String name();

  /** The first sequence number this subscription receives (last seq at registration + 1). */
  long firstSeq();

  /** Counters for this subscription. */
  Stats stats();

  /**
   * Waits until every event up to {@code seq} has been handled (delivered, dropped or lost to an
   * overflow), or the subscription ended, at most {@code timeout}.
   *
   * @return true if that point was reached before the deadline
   */
  boolean awaitHandled(long seq, Duration timeout) throws InterruptedException;

  /** Stops delivery; events still queued are discarded. Idempotent. */
  @Override
  void close();

  /**
   * Counters of one subscription.
   *
   * @param name the subscriber's name
   * @param delivered events passed to {@code onEvent} (including those that threw)
   * @param failed {@code onEvent} calls that threw
   * @param dropped events dropped under {@link OverflowPolicy#DROP_NEWEST}
   * @param overflowed whether a {@link OverflowPolicy#DISCONNECT} subscription was cut off
   * @param firstLostSeq the first sequence number not delivered after an overflow, or 0
   * @param queued events waiting in the queue now
   * @param capacity the queue's capacity
   */
  record Stats(String name, long delivered, long failed, long dropped, boolean overflowed,
      long firstLostSeq, int queued, int capacity) {}
}
