package io.geofusion.graph;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded queue and dispatcher thread.
 *
 * <p>{@link #offer} never blocks: it takes this queue's own small lock for O(1) work (never held
 * while the subscriber runs) and applies the overflow policy when the queue is full. It is called
 * by one publishing thread at a time, in sequence order (see EntityGraph#publish). Keeping queue,
 * in-flight flag and progress under one lock makes {@link #awaitHandled} exact: an event counts as
 * handled once delivered, dropped, or lost to an overflow.
 */
final class SubscriberQueue implements Subscription {

  private final String name;
  private final GraphSubscriber subscriber;
  private final OverflowPolicy policy;
  private final long firstSeq;
  private final int capacity;
  private final Thread thread;
  private final Runnable onEnd;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition progress = lock.newCondition();
  // ---- guarded by lock
  private final ArrayDeque<GraphEvent> queue = new ArrayDeque<>();
  private boolean inFlight;
  private long handledSeq;
  private long droppedUpTo;
  private long delivered;
  private long failed;
  private long dropped;
  private long firstLostSeq;
  private boolean overflowed;
  private boolean closed;
  private boolean ended;
  // ----

  SubscriberQueue(String name, GraphSubscriber subscriber, OverflowPolicy policy, int capacity,
      long firstSeq, ThreadFactory threads, Runnable onEnd) {
    this.name = name;
    this.subscriber = subscriber;
    this.policy = policy;
    this.firstSeq = firstSeq;
    this.capacity = capacity;
    this.handledSeq = firstSeq - 1;
    this.onEnd = onEnd;
    this.thread = threads.newThread(this::run);
    this.thread.setName("geofusion-graph-subscriber-" + name);
  }

  void start() {
    thread.start();
  }

  /** Hands one event over without waiting for the subscriber; applies the overflow policy. */
  void offer(GraphEvent e) {
    lock.lock();
    try {
      if (closed || overflowed || e.seq() < firstSeq) {
        return;
      }
      if (queue.size() < capacity) {
        queue.addLast(e);
        notEmpty.signal();
      } else if (policy == OverflowPolicy.DROP_NEWEST) {
        dropped++;
        droppedUpTo = e.seq();
      } else {
        overflowed = true;
        firstLostSeq = e.seq();
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        GraphEvent e;
        lock.lock();
        try {
          while (queue.isEmpty() && !closed && !overflowed) {
            notEmpty.awaitUninterruptibly();
          }
          if (closed) {
            return;
          }
          e = queue.pollFirst();
          if (e == null) { // overflowed and drained
            break;
          }
          inFlight = true;
        } finally {
          lock.unlock();
        }
        boolean threw = false;
        try {
          subscriber.onEvent(e);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          threw = true;
        } catch (Exception | LinkageError | AssertionError ex) {
          threw = true;
        }
        finished(e, threw);
      }
      try {
        subscriber.onOverflow(firstLostSeqLocked());
      } catch (RuntimeException ex) {
        lock.lock();
        try {
          failed++;
        } finally {
          lock.unlock();
        }
      }
    } finally {
      onEnd.run(); // leave the graph's list before anyone is told the subscription ended
      lock.lock();
      try {
        ended = true;
        inFlight = false;
        progress.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private long firstLostSeqLocked() {
    lock.lock();
    try {
      return firstLostSeq;
    } finally {
      lock.unlock();
    }
  }

  private void finished(GraphEvent e, boolean threw) {
    lock.lock();
    try {
      delivered++;
      if (threw) {
        failed++;
      }
      inFlight = false;
      handledSeq = e.seq();
      if (queue.isEmpty() && droppedUpTo > handledSeq) {
        handledSeq = droppedUpTo; // everything after e was dropped
      }
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitHandled(long seq, Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!ended && handledSeq < seq
          && !(queue.isEmpty() && !inFlight && droppedUpTo >= seq)) {
        if (left <= 0) {
          return false;
        }
        left = progress.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      return new Stats(name, delivered, failed, dropped, overflowed, firstLostSeq, queue.size(),
          capacity);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    onEnd.run(); // stop receiving offers now, not when the thread gets round to exiting
  }
}
