package io.geofusion.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Cuts off clients that trickle a request (slowloris, slow POST). Jetty's idle timeout restarts
 * with every byte, so a client sending one byte every few seconds would hold a connection and a
 * request thread for ever. Every 250 ms this listener looks at each connection's HTTP/1.1
 * parser:
 *
 * <ul>
 *   <li><b>headers</b>: a request has {@code headerDeadline} from its first byte (the first
 *       request: from the connection's opening) to complete its headers; then the connection is
 *       closed;
 *   <li><b>body</b>: while the server waits for a body's bytes (the request is parsing content
 *       and the connection is interested in reading), the waiting time is added up; when it
 *       exceeds {@code bodyDeadline}, or exceeds {@code bodyGrace} with fewer than {@code
 *       minBodyRate} bytes per second of waiting received, the request's read fails with a
 *       {@link SlowBody} (Jetty's idle-timeout path, so the handler still answers: 408), and the
 *       connection is closed 5 s later if it is still reading.
 * </ul>
 *
 * <p>Only the time the server spends waiting for the client counts, so a busy server that is
 * slow to read a body never blames its client, and a cut never comes before the deadline (or
 * grace) has passed in real time; the 250 ms period bounds how late it comes.
 *
 * <p>Jetty 12's own minimum data rate does not serve here: {@code
 * HttpConfiguration.setMinRequestDataRate} is kept but read by nothing in 12.1, and {@code
 * MinimumDataRateHandler} divides the bytes read by the whole handler (all requests) by one
 * request's time, has no grace and no total deadline (docs/server.md, "Limits").
 *
 * <p>It reads the parser's state through Jetty's {@code HttpConnection}, a public class of an
 * internal package; on other connections only the first request's headers are timed.
 */
final class ReadDeadlines implements Connection.Listener, AutoCloseable {

  private static final long PERIOD_MS = 250;
  private static final long CLOSE_AFTER_FAIL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final long headerDeadlineNanos;
  private final long bodyDeadlineNanos;
  private final long bodyGraceNanos;
  private final long minBodyRate;
  private final LongSupplier ticker;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final AtomicLong slowHeaders = new AtomicLong();
  private final AtomicLong slowBodies = new AtomicLong();
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "geofusion-read-deadlines");
    t.setDaemon(true);
    return t;
  });

  /**
   * The failure a too-slow body's read gets; the server answers it with 408 and this message.
   */
  static final class SlowBody extends TimeoutException {
    private static final long serialVersionUID = 1L;

    SlowBody(String message) {
      super(message);
    }
  }

  /** One connection's current request: which one, and how far its reading has come. */
  private static final class Watch {
    long messages;
    long headersSince;
    boolean inBody;
    long bodyBytesAtStart;
    long bodyWaitedNanos;
    long lastSweep;
    long failedAt = -1;

    Watch(long now) {
      this.headersSince = now;
    }
  }

  /**
   * @param minBodyRate bytes per second of waiting a body must average after {@code bodyGrace};
   *     0 checks no rate
   */
  ReadDeadlines(long headerDeadlineNanos, long bodyDeadlineNanos, long bodyGraceNanos,
      long minBodyRate, LongSupplier ticker) {
    this.headerDeadlineNanos = headerDeadlineNanos;
    this.bodyDeadlineNanos = bodyDeadlineNanos;
    this.bodyGraceNanos = bodyGraceNanos;
    this.minBodyRate = minBodyRate;
    this.ticker = ticker;
    sweeper.scheduleWithFixedDelay(this::sweep, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch(ticker.getAsLong()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** Connections closed because a request's headers were late. */
  long slowHeaders() {
    return slowHeaders.get();
  }

  /** Requests failed (408) because their body was late or too slow. */
  long slowBodies() {
    return slowBodies.get();
  }

  private void sweep() {
    long now = ticker.getAsLong();
    for (Map.Entry<Connection, Watch> e : open.entrySet()) {
      try {
        check(e.getKey(), e.getValue(), now);
      } catch (RuntimeException x) {
        // a connection closing under us; the next sweep sees it gone
      }
    }
  }

  private void check(Connection c, Watch w, long now) {
    boolean inHeaders;
    boolean inBody = false;
    if (c instanceof HttpConnection h) {
      HttpParser p = h.getParser();
      inHeaders = p.inHeaderState() && (!p.isStart() || c.getMessagesIn() == 0);
      inBody = p.inContentState();
    } else {
      inHeaders = c.getMessagesIn() == 0;
    }
    boolean newRequest = c.getMessagesIn() != w.messages;
    w.messages = c.getMessagesIn();
    if (!inBody || newRequest) {
      w.inBody = false;
      w.failedAt = -1;
    }
    if (!inHeaders || newRequest) {
      w.headersSince = now;
    }
    if (inHeaders) {
      if (now - w.headersSince > headerDeadlineNanos) {
        slowHeaders.incrementAndGet();
        open.remove(c);
        c.getEndPoint().close();
      }
      return;
    }
    if (!inBody) {
      return;
    }
    if (!w.inBody) {
      w.inBody = true;
      w.bodyBytesAtStart = c.getBytesIn();
      w.bodyWaitedNanos = 0;
      w.lastSweep = now;
      return;
    }
    if (w.failedAt >= 0) {
      if (now - w.failedAt > CLOSE_AFTER_FAIL_NANOS) {
        open.remove(c);
        c.getEndPoint().close(); // the handler did not give up reading: end it here
      }
      return;
    }
    if (c.getEndPoint().isFillInterested()) {
      w.bodyWaitedNanos += now - w.lastSweep;
    }
    w.lastSweep = now;
    long received = c.getBytesIn() - w.bodyBytesAtStart;
    String why = null;
    if (w.bodyWaitedNanos > bodyDeadlineNanos) {
      why = "the request body took longer than " + seconds(bodyDeadlineNanos)
          + " to arrive; send it faster or send less (limit --body-deadline)";
    } else if (minBodyRate > 0 && w.bodyWaitedNanos > bodyGraceNanos
        && received * 1_000_000_000.0 / w.bodyWaitedNanos < minBodyRate) {
      why = String.format(java.util.Locale.ROOT, "the request body arrived at %.0f bytes/s,"
          + " under the minimum of %d bytes/s; send it faster (limit --min-body-rate)",
          received * 1_000_000_000.0 / w.bodyWaitedNanos, minBodyRate);
    }
    if (why != null) {
      slowBodies.incrementAndGet();
      w.failedAt = now;
      // Jetty's idle-timeout path: a blocked read fails with this exception, the request's
      // handler answers it (408); when no request is being handled, Jetty closes the connection.
      if (c.onIdleExpired(new SlowBody(why))) {
        open.remove(c);
        c.getEndPoint().close();
      }
    }
  }

  private static String seconds(long nanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
