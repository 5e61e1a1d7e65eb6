package io.geofusion.text;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one file across processes and threads, for a read-modify-write cycle
 * ({@code graph load} and {@code pcap --graph} on a snapshot, a download into a staging folder):
 * hold it from reading the file until the new one is renamed into place, and no concurrent
 * writer's changes are lost. The lock is an OS file lock ({@link FileChannel#tryLock}) on the
 * sibling file {@code <name>.lock} (opened without following a symlink), which stays
 * on disk (deleting it while held would let a second process lock a new inode); within one JVM a
 * {@link ReentrantLock} per path serialises threads and lets the holder re-enter (the snapshot
 * writer takes it again to clean stale temporary files).
 *
 * <p>Waiting is bounded: {@link #acquire(Path, Duration)} polls every 10–100 ms until the
 * deadline, then fails with an {@link IOException} naming the file and the deadline. The OS
 * releases the lock when the holder dies ({@code kill -9} included), so a crash never leaves
 * the file locked.
 */
public final class PathLock implements AutoCloseable {

  /** System property: how long to wait for another writer (ISO-8601, default PT10M). */
  public static final String TIMEOUT_PROPERTY = "geofusion.lockTimeout";
  /** The default wait for another writer of the same file. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final Map<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

  private static final class Holder {
    final ReentrantLock jvm = new ReentrantLock();
    FileChannel channel; // guarded by jvm
    FileLock lock; // guarded by jvm
  }

  private final Path key;
  private final Holder holder;
  private boolean released;

  private PathLock(Path key, Holder holder) {
    this.key = key;
    this.holder = holder;
  }

  /** The wait {@value #TIMEOUT_PROPERTY} sets, else {@link #DEFAULT_TIMEOUT}. */
  public static Duration configuredTimeout() {
    String v = System.getProperty(TIMEOUT_PROPERTY);
    if (v == null || v.isBlank()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      Duration d = Duration.parse(v.trim());
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + v
          + " is not an ISO-8601 duration such as PT10M");
    }
  }

  /** Locks {@code file} with the {@linkplain #configuredTimeout() configured} wait. */
  public static PathLock acquire(Path file) throws IOException {
    return acquire(file, configuredTimeout());
  }

  /**
   * Locks {@code file} for this thread, waiting at most {@code timeout} for other threads
   * and processes.
   *
   * @throws IOException when the lock file cannot be created or the wait exceeds {@code timeout}
   */
  public static PathLock acquire(Path file, Duration timeout) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    Holder h = HOLDERS.computeIfAbsent(key, k -> new Holder());
    try {
      if (!h.jvm.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut(file, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the lock on " + file);
    }
    boolean ok = false;
    try {
      if (h.jvm.getHoldCount() == 1) {
        lockFile(h, key, file, timeout, deadline);
      }
      ok = true;
      return new PathLock(key, h);
    } finally {
      if (!ok) {
        h.jvm.unlock();
      }
    }
  }

  private static void lockFile(Holder h, Path key, Path file, Duration timeout,
      long deadline) throws IOException {
    Files.createDirectories(key.getParent());
    Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
    FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      long sleepMs = 10;
      while (true) {
        FileLock fl = ch.tryLock();
        if (fl != null) {
          h.channel = ch;
          h.lock = fl;
          return;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw timedOut(file, timeout);
        }
        try {
          Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException(
              "interrupted waiting for the lock on " + file);
        }
        sleepMs = Math.min(100, sleepMs * 2);
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static IOException timedOut(Path file, Duration timeout) {
    return new IOException(file + ": another process is writing this file; waited "
        + timeout + " (raise with -D" + TIMEOUT_PROPERTY + "=PT30M)");
  }

  /** Releases this hold; the file lock goes when the outermost hold of the thread is released. */
  @Override
  public void close() throws IOException {
    if (released) {
      return;
    }
    released = true;
    try {
      if (holder.jvm.getHoldCount() == 1 && holder.channel != null) {
        try {
          holder.lock.release();
        } finally {
          holder.channel.close();
          holder.channel = null;
          holder.lock = null;
        }
      }
    } finally {
      holder.jvm.unlock();
    }
  }

  @Override
  public String toString() {
    return "PathLock[" + key + "]";
  }
}
