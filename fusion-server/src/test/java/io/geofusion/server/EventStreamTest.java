package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SSE stream: event kinds, resumption with Last-Event-ID, and slow clients. */
class EventStreamTest {

  private static final ObjectMapper M = new ObjectMapper();
  private GeoFusionServer server;

  private GeoFusionServer start(ServerLimits limits) {
    server = GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).limits(limits)
        .build().start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One parsed SSE event. */
  record Sse(String id, String event, String data) {}

  /** Reads SSE events from a stream. */
  static final class Reader implements AutoCloseable {
    private final InputStream in;
    private final BufferedReader lines;

    Reader(InputStream in) {
      this.in = in;
      this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    Sse next() throws IOException {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String l = lines.readLine(); l != null; l = lines.readLine()) {
        if (l.isEmpty()) {
          if (event != null || data.length() > 0) {
            return new Sse(id, event, data.toString());
          }
        } else if (l.startsWith("id: ")) {
          id = l.substring(4);
        } else if (l.startsWith("event: ")) {
          event = l.substring(7);
        } else if (l.startsWith("data: ")) {
          data.append(l.substring(6));
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private Reader open(Http http, String lastEventId) throws Exception {
    var b = http.request("/events").header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> r = http.client().send(b.GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    return new Reader(r.body());
  }

  /** Waits until {@code n} stream clients are registered (a raw-socket one is not awaited). */
  private static void awaitClients(Http http, int n) throws Exception {
    for (int i = 0; i < 800 && M.readTree(http.get("/v1/status").body()).at("/sse/clients")
        .asInt() < n; i++) {
      Thread.sleep(25);
    }
  }

  @Test
  void events_locateAndResume_withoutGap() throws Exception {
    start(ServerLimits.DEFAULTS);
    Http http = new Http(server.url(), null);
    List<Sse> seen = new ArrayList<>();
    try (Reader r = open(http, null)) {
      // no waiting for the registration: what is published after the headers arrive is streamed
      http.post("/v1/locate", Http.target("192.0.2.1", true));
      // HOST_LOCATION, ALERT and GRAPH_CHANGE of the one result, in id order
      for (int i = 0; i < 3; i++) {
        seen.add(r.next());
      }
    }
    assertThat(seen).extracting(Sse::event).contains("HOST_LOCATION", "ALERT", "GRAPH_CHANGE");
    for (int i = 0; i < seen.size(); i++) {
      assertThat(Long.parseLong(seen.get(i).id())).isEqualTo(i + 1);
    }
    JsonNode host = M.readTree(seen.stream().filter(s -> s.event().equals("HOST_LOCATION"))
        .findFirst().orElseThrow().data());
    assertThat(host.get("type").asText()).isEqualTo("HOST_LOCATION");
    assertThat(host.get("node").asText()).isEqualTo("host:192.0.2.1");
    // while nobody listens, more happens; a client resuming from id 2 gets 3, 4, … in order
    http.post("/v1/locate", Http.target("192.0.2.2", false));
    http.post("/v1/locate", Http.target("192.0.2.3", false));
    long last = M.readTree(http.get("/v1/status").body()).at("/events/last_id").asLong();
    try (Reader r = open(http, "2")) {
      for (long want = 3; want <= last; want++) {
        assertThat(Long.parseLong(r.next().id())).isEqualTo(want);
      }
      http.post("/v1/locate", Http.target("192.0.2.4", false));
      assertThat(Long.parseLong(r.next().id())).isEqualTo(last + 1);
    }
  }

  @Test
  void events_resumeOlderThanTheWindow_getsResyncThenTheWindow() throws Exception {
    start(ServerLimits.DEFAULTS.withEvents(64, 4));
    for (int i = 0; i < 10; i++) {
      server.publish("TEST", "{\"i\":" + i + "}");
    }
    try (Reader r = open(new Http(server.url(), null), "1")) {
      Sse resync = r.next();
      assertThat(resync.event()).isEqualTo("RESYNC");
      assertThat(resync.id()).isNull();
      assertThat(M.readTree(resync.data()).get("oldest_available").asLong()).isEqualTo(7);
      for (long want = 7; want <= 10; want++) {
        assertThat(Long.parseLong(r.next().id())).isEqualTo(want);
      }
    }
  }

  @Test
  void events_clientThatNeverReads_delaysNeitherPublishersNorOthers() throws Exception {
    start(ServerLimits.DEFAULTS.withEvents(16, 10_000));
    Http http = new Http(server.url(), null);
    try (Socket stuck = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        Reader fast = open(http, null)) {
      stuck.setReceiveBufferSize(4096);
      OutputStream o = stuck.getOutputStream();
      o.write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      awaitClients(http, 2);
      String payload = "{\"pad\":\"" + "x".repeat(8000) + "\"}";
      int n = 2000; // 16 MB: far beyond any socket buffer of the stuck client
      List<Long> got = new java.util.concurrent.CopyOnWriteArrayList<>();
      Reader[] current = {fast};
      // The fast client reads as fast as it can, but a publisher in a tight loop outruns any
      // socket: when its queue overflows it is cut off too, and it resumes with Last-Event-ID.
      Thread reader = new Thread(() -> {
        try {
          while (got.size() < n) {
            Sse e = current[0].next();
            if (e == null) {
              current[0].close();
              current[0] = open(http, Long.toString(got.get(got.size() - 1)));
            } else {
              got.add(Long.parseLong(e.id()));
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      reader.start();
      for (int i = 0; i < n; i++) {
        server.publish("TEST", payload); // never waits for a client
      }
      reader.join(120_000);
      current[0].close();
      assertThat(got).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(got.get(i)).isEqualTo(i + 1L);
      }
      JsonNode status = M.readTree(http.get("/v1/status").body());
      assertThat(status.at("/sse/cut_clients").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(status.at("/sse/dropped_events").asLong()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void events_connectWhilePublishing_missesNothingAfterItsHeaders() throws Exception {
    start(ServerLimits.DEFAULTS);
    Http http = new Http(server.url(), null);
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread publisher = new Thread(() -> {
      while (publishing.get()) {
        server.publish("TEST", "{}");
        LockSupport.parkNanos(200_000);
      }
    });
    publisher.start();
    int clients = 64;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> problems = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int client = i;
        problems.add(pool.submit(() -> {
          // no Last-Event-ID: the stream starts with live events, and "live" must begin no
          // later than the moment its response headers arrived
          try (Reader r = open(http, null)) {
            long lastWhenHeadersArrived = server.lastEventId();
            long first = Long.parseLong(r.next().id());
            if (first > lastWhenHeadersArrived + 1) {
              return "client " + client + ": first event " + first + ", but event "
                  + (lastWhenHeadersArrived + 1) + " was published after its headers arrived";
            }
            long previous = first;
            for (int k = 0; k < 40; k++) {
              long id = Long.parseLong(r.next().id());
              if (id != previous + 1) {
                return "client " + client + ": event " + id + " after " + previous;
              }
              previous = id;
            }
            return null;
          }
        }));
      }
      for (Future<String> f : problems) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isNull();
      }
    } finally {
      publishing.set(false);
      publisher.join(10_000);
      pool.shutdownNow();
    }
    assertThat(M.readTree(http.get("/v1/status").body()).at("/sse/cut_clients").asLong())
        .isZero();
  }
}
