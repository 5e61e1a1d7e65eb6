package io.geofusion.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends whole records to a file that several processes append to at once (a log such as
 * {@code guardrail --training-log}): each {@link #append} writes its bytes while holding an OS
 * lock on the file ({@link FileChannel#tryLock}), so records of different processes never
 * interleave, however long they are. (A buffered writer on an {@code O_APPEND} file issues one
 * {@code write} per 8 KiB, and the pieces of two processes' lines could alternate.)
 *
 * <p>The lock is held only while one record is written. Waiting for it is bounded by {@link
 * PathLock#configuredTimeout()} (default 10 min, {@code -Dgeofusion.lockTimeout}); the OS releases
 * it when a holder dies. Thread-safe; threads of one JVM appending to one file through different
 * appenders take turns on a per-file monitor (two channels of one JVM cannot both lock a file).
 */
public final class LockedAppender implements AutoCloseable {

  private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final Object monitor;
  private final Duration timeout;

  private LockedAppender(Path file, FileChannel channel, Duration timeout) throws IOException {
    this.file = file;
    this.channel = channel;
    this.timeout = timeout;
    this.monitor = MONITORS.computeIfAbsent(file.toRealPath(), k -> new Object());
  }

  /**
   * Opens {@code file} for appending, creating it when missing; a symlink at the name is not
   * followed (the open fails).
   */
  public static LockedAppender open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    try {
      return new LockedAppender(file, ch, PathLock.configuredTimeout());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Appends {@code record} whole, under the file lock. */
  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  public void append(byte[] record) throws IOException {
    synchronized (monitor) {
      try (FileLock lock = lockWithin(timeout)) {
        ByteBuffer b = ByteBuffer.wrap(record);
        while (b.hasRemaining()) {
          channel.write(b);
        }
      }
    }
  }

  private FileLock lockWithin(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    long sleepMs = 1;
    while (true) {
      FileLock l = channel.tryLock();
      if (l != null) {
        return l;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IOException(file + ": another process held the lock on this file for more"
            + " than " + wait.toSeconds() + " s; nothing was appended (wait longer with"
            + " -D" + PathLock.TIMEOUT_PROPERTY + "=PT30M)");
      }
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting to append to " + file);
      }
      sleepMs = Math.min(20, sleepMs * 2);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
