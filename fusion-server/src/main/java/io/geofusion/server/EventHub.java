package io.geofusion.server;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event stream behind {@code GET /events}: numbers every event (1, 2, …; the SSE {@code id}),
 * keeps the last {@code replayWindow} for resumption, and fans them out to clients through
 * bounded per-client queues, each drained by the client's own writer thread.
 *
 * <p><b>Never stalls.</b> {@link #publish} only appends to the window and offers to each queue;
 * it never waits for a client. A client whose queue is full is cut off (as the graph's {@code
 * DISCONNECT} subscribers are): it still receives everything queued before the overflow, then its
 * stream ends, the lost events are counted, and it resumes with {@code Last-Event-ID} from the
 * replay window, so what it sees has no gap. A client that does not read at all blocks only its
 * own writer thread until the connection's idle timeout fails the write.
 *
 * <p><b>Resumption.</b> A client that sends {@code Last-Event-ID: n} gets every retained event
 * after {@code n}, then the live ones, registered under the same lock as {@link #publish} so
 * nothing falls between. When {@code n} is older than the window (or from an earlier run of the
 * server: larger than the last id), the client first gets a {@code RESYNC} event without an id
 * ({@code {"type":"RESYNC","requested_after":n,"oldest_available":o,"last_id":l}}), then the whole
 * window: it should reload its state from {@code GET /v1/locations}. A client without {@code
 * Last-Event-ID} is subscribed as if it had sent the last id of the moment its request arrived,
 * taken before its response headers are sent, so it misses nothing published after them.
 *
 * <p>Thread-safe.
 */
final class EventHub implements AutoCloseable {

  /** The event type sent before a replay that cannot be gap-free. */
  static final String RESYNC = "RESYNC";

  /** Seconds between keep-alive comments on an idle stream (below every idle timeout). */
  static final long KEEPALIVE_SECONDS = 10;

  /** One numbered event. */
  record Event(long id, String type, String data) {}

  /** Where a client's events go (the SSE connection). */
  interface Sink {
    /** Sends one event; an event with id 0 is sent without an id. */
    void send(Event e) throws IOException;

    /** Sends a comment line (keep-alive). */
    void comment(String text) throws IOException;

    /** Ends the stream. */
    void close();
  }

  private final int queueCapacity;
  private final int maxClients;
  private final int windowSize;
  private final ArrayDeque<Event> window = new ArrayDeque<>();
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> daemon(r,
      "geofusion-sse-closer"));
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong cut = new AtomicLong();
  private long lastId;

  EventHub(int queueCapacity, int maxClients, int windowSize) {
    this.queueCapacity = queueCapacity;
    this.maxClients = maxClients;
    this.windowSize = windowSize;
  }

  /** Numbers {@code data} as the next event of {@code type} and hands it to every client. */
  synchronized long publish(String type, String data) {
    Event e = new Event(++lastId, type, data);
    window.addLast(e);
    if (window.size() > windowSize) {
      window.removeFirst();
    }
    for (Client c : clients) {
      if (!c.queue.offer(e)) {
        dropped.incrementAndGet();
        cutOff(c);
      }
    }
    return e.id;
  }

  /**
   * Registers a client and starts its writer.
   *
   * @param lastEventId the client's {@code Last-Event-ID}, or the last id when its request
   *     arrived (taken before its response headers are sent, so nothing falls between them and
   *     this registration), or null for the events published from now on
   * @throws ApiException 429 when {@link #maxClients} are connected
   */
  Client subscribe(Long lastEventId, Sink sink) {
    List<Event> replay = new ArrayList<>();
    Client c;
    synchronized (this) {
      if (clients.size() >= maxClients) {
        throw new ApiException(429, "too many event-stream clients (limit " + maxClients
            + "); try again later");
      }
      if (lastEventId != null) {
        long oldest = window.isEmpty() ? lastId + 1 : window.peekFirst().id;
        if (lastEventId < oldest - 1 || lastEventId > lastId) {
          replay.add(new Event(0, RESYNC, "{\"type\":\"RESYNC\",\"requested_after\":"
              + lastEventId + ",\"oldest_available\":" + oldest + ",\"last_id\":" + lastId
              + "}"));
        }
        boolean all = lastEventId > lastId;
        for (Event e : window) {
          if (all || e.id > lastEventId) {
            replay.add(e);
          }
        }
      }
      c = new Client(sink, new ArrayBlockingQueue<>(queueCapacity), replay);
      clients.add(c);
    }
    Thread t = new Thread(c::run, "geofusion-sse-" + c.hashCode());
    t.setDaemon(true);
    t.start();
    return c;
  }

  /** The id of the last event, 0 before the first. */
  synchronized long lastId() {
    return lastId;
  }

  /** The id of the oldest retained event, {@code lastId() + 1} when none is retained. */
  synchronized long oldestId() {
    return window.isEmpty() ? lastId + 1 : window.peekFirst().id;
  }

  /** Clients connected now. */
  int clients() {
    return clients.size();
  }

  /** Events that did not fit in a client's queue. */
  long droppedEvents() {
    return dropped.get();
  }

  /** Clients cut off because their queue overflowed. */
  long cutClients() {
    return cut.get();
  }

  private void cutOff(Client c) {
    if (clients.remove(c)) {
      cut.incrementAndGet();
      c.cut = true;
    }
  }

  @Override
  public void close() {
    for (Client c : clients) {
      c.stop();
    }
    clients.clear();
    closer.shutdown();
    try {
      closer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** One connected client: its queue, its replay and its writer. */
  final class Client {
    private final Sink sink;
    private final BlockingQueue<Event> queue;
    private final List<Event> replay;
    private volatile boolean cut;
    private volatile boolean stopped;

    private Client(Sink sink, BlockingQueue<Event> queue, List<Event> replay) {
      this.sink = sink;
      this.queue = queue;
      this.replay = replay;
    }

    /** Ends this client's stream (it closed, or the server stops). */
    void stop() {
      stopped = true;
      clients.remove(this);
    }

    private void run() {
      try {
        for (Event e : replay) {
          sink.send(e);
        }
        replay.clear();
        while (!stopped) {
          if (cut && queue.isEmpty()) {
            break; // everything queued before the overflow was delivered
          }
          Event e = queue.poll(cut ? 0 : KEEPALIVE_SECONDS, TimeUnit.SECONDS);
          if (e != null) {
            sink.send(e);
          } else if (!cut) {
            sink.comment("keep-alive");
          }
        }
      } catch (IOException | RuntimeException e) {
        // the client went away or its connection failed: nothing to tell anyone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stop();
        try {
          closer.execute(sink::close);
        } catch (RuntimeException e) {
          sink.close();
        }
      }
    }
  }
}
