package io.geofusion.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Cuts off clients that trickle a request's headers (slowloris). Jetty's idle timeout restarts
 * with every byte, so a client sending one header byte every few seconds would hold a connection
 * for ever; this listener gives each request {@code deadline} from its first byte (or, for the
 * first request, from the connection's opening) to complete its headers, checked every 250 ms,
 * and closes the connection otherwise. Bodies are bounded by the idle timeout and the body size.
 *
 * <p>It reads the HTTP/1.1 parser's state through Jetty's {@code HttpConnection}, a public class
 * of an internal package (Jetty 12 has no header deadline of its own); on other connections only
 * the first request is timed.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {

  private final long deadlineNanos;
  private final LongSupplier ticker;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final AtomicLong cut = new AtomicLong();
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "geofusion-header-deadline");
    t.setDaemon(true);
    return t;
  });

  /** When the current request's headers started and which request that was. */
  private static final class Watch {
    long since;
    long messages;

    Watch(long since) {
      this.since = since;
    }
  }

  HeaderDeadline(long deadlineNanos, LongSupplier ticker) {
    this.deadlineNanos = deadlineNanos;
    this.ticker = ticker;
    sweeper.scheduleWithFixedDelay(this::sweep, 250, 250, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch(ticker.getAsLong()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** Connections closed because their headers were late. */
  long cut() {
    return cut.get();
  }

  private void sweep() {
    long now = ticker.getAsLong();
    for (Map.Entry<Connection, Watch> e : open.entrySet()) {
      Connection c = e.getKey();
      Watch w = e.getValue();
      boolean inHeaders;
      if (c instanceof HttpConnection h) {
        HttpParser p = h.getParser();
        inHeaders = p.inHeaderState() && (!p.isStart() || c.getMessagesIn() == 0);
      } else {
        inHeaders = c.getMessagesIn() == 0;
      }
      if (!inHeaders) {
        w.since = now;
        w.messages = c.getMessagesIn();
        continue;
      }
      if (c.getMessagesIn() != w.messages) {
        w.since = now;
        w.messages = c.getMessagesIn();
      }
      if (now - w.since > deadlineNanos) {
        cut.incrementAndGet();
        open.remove(c);
        c.getEndPoint().close();
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
