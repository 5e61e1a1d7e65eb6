package io.geofusion.graph;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded queue and dispatcher thread. {@link #offer} never blocks; it is called
 * by exactly one publishing thread at a time, in sequence order (see EntityGraph#publish).
 */
final class SubscriberQueue implements Subscription {

  private final String name;
  private final GraphSubscriber subscriber;
  private final OverflowPolicy policy;
  private final long firstSeq;
  /** Holds events plus one reserved slot for the overflow marker. */
  private final ArrayBlockingQueue<Object> queue;
  private final int capacity;
  private static final Object OVERFLOW_MARK = new Object();
  private final Thread thread;
  private final Runnable onEnd;

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile long firstLostSeq;
  private volatile boolean overflowed;
  private volatile boolean closed;
  private volatile boolean ended;

  /** Highest seq that was delivered, dropped or lost; guarded by progressLock for waiters. */
  private volatile long handledSeq;
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progress = progressLock.newCondition();
  private volatile int waiters;

  SubscriberQueue(String name, GraphSubscriber subscriber, OverflowPolicy policy, int capacity,
      long firstSeq, ThreadFactory threads, Runnable onEnd) {
    this.name = name;
    this.subscriber = subscriber;
    this.policy = policy;
    this.firstSeq = firstSeq;
    this.handledSeq = firstSeq - 1;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    this.onEnd = onEnd;
    this.thread = threads.newThread(this::run);
    this.thread.setName("geofusion-graph-subscriber-" + name);
  }

  void start() {
    thread.start();
  }

  /** Hands one event over without blocking; applies the overflow policy when full. */
  void offer(GraphEvent e) {
    if (closed || overflowed || e.seq() < firstSeq) {
      return;
    }
    // Only one thread offers at a time and the dispatcher only removes, so a size below
    // capacity here guarantees the offer succeeds; the spare slot is for the overflow mark.
    if (queue.size() < capacity) {
      queue.offer(e);
      return;
    }
    if (policy == OverflowPolicy.DROP_NEWEST) {
      dropped.incrementAndGet();
      advance(e.seq());
    } else {
      firstLostSeq = e.seq();
      overflowed = true;
      queue.offer(OVERFLOW_MARK);
    }
  }

  private void run() {
    try {
      while (!closed) {
        Object item;
        try {
          item = queue.take();
        } catch (InterruptedException ie) {
          break; // only close() interrupts
        }
        if (item == OVERFLOW_MARK) {
          reportOverflow();
          break;
        }
        deliver((GraphEvent) item);
      }
    } finally {
      ended = true;
      signal();
      onEnd.run();
    }
  }

  private void deliver(GraphEvent e) {
    try {
      subscriber.onEvent(e);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt(); // close() asked us to stop
      failed.incrementAndGet();
    } catch (Exception | LinkageError | AssertionError ex) {
      failed.incrementAndGet();
    } finally {
      delivered.incrementAndGet();
      advance(e.seq());
    }
  }

  private void reportOverflow() {
    try {
      subscriber.onOverflow(firstLostSeq);
    } catch (RuntimeException ex) {
      failed.incrementAndGet();
    }
  }

  private void advance(long seq) {
    if (seq > handledSeq) {
      handledSeq = seq;
    }
    if (waiters > 0) {
      signal();
    }
  }

  private void signal() {
    progressLock.lock();
    try {
      progress.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  @Override
  public boolean awaitHandled(long seq, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    progressLock.lock();
    waiters++;
    try {
      while (handledSeq < seq && !ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return true;
    } finally {
      waiters--;
      progressLock.unlock();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long firstSeq() {
    return firstSeq;
  }

  @Override
  public Stats stats() {
    return new Stats(name, delivered.get(), failed.get(), dropped.get(), overflowed,
        firstLostSeq, Math.min(queue.size(), capacity), capacity);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      thread.interrupt();
    }
  }

  boolean isClosed() {
    return closed;
  }
}
