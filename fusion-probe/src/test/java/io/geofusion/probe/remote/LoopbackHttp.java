package io.geofusion.probe.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback for contract tests: answers per path (the longest registered
 * prefix wins), records every request, and can stall an answer half-way until it is closed.
 */
@SuppressWarnings("exports") // a test helper: HttpExchange in its signatures is fine
public final class LoopbackHttp implements AutoCloseable {

  /** One answer to one request. */
  @FunctionalInterface
  public interface Responder {
    void respond(HttpExchange ex, String body) throws IOException;
  }

  /** A recorded request. */
  public record Request(String method, String pathAndQuery, Map<String, List<String>> headers,
      String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-http");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closed = new CountDownLatch(1);

  public LoopbackHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(pool);
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String pq = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI()
          .getRawQuery());
      requests.add(new Request(ex.getRequestMethod(), pq, Map.copyOf(ex.getRequestHeaders()),
          body));
      Responder r = null;
      int best = -1;
      for (Map.Entry<String, Responder> e : routes.entrySet()) {
        if (pq.startsWith(e.getKey()) && e.getKey().length() > best) {
          r = e.getValue();
          best = e.getKey().length();
        }
      }
      try {
        if (r == null) {
          send(ex, 404, "{\"error\":{\"status\":404,\"title\":\"Not Found\","
              + "\"detail\":\"Not found.\"}}");
        } else {
          r.respond(ex, body);
        }
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  /** Answers requests whose path and query start with {@code prefix}. */
  public LoopbackHttp on(String prefix, Responder r) {
    routes.put(prefix, r);
    return this;
  }

  public URI base() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/");
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public static void send(HttpExchange ex, int status, String json) throws IOException {
    send(ex, status, json, Map.of());
  }

  public static void send(HttpExchange ex, int status, String json, Map<String, String> headers)
      throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  /** A responder that sends headers and the first bytes, then stalls until the server closes. */
  public Responder stall() {
    return (ex, body) -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 1000);
      OutputStream o = ex.getResponseBody();
      o.write("[{\"prb_id\":".getBytes(StandardCharsets.UTF_8));
      o.flush();
      try {
        closed.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * A responder whose chunked body of spaces does not end: {@code chunkBytes} at a time, up to
   * {@code maxBytes} (a bound for the test only), until the client stops reading.
   */
  public static Responder endless(int chunkBytes, long maxBytes) {
    return (ex, body) -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[chunkBytes];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try (OutputStream o = ex.getResponseBody()) {
        for (long sent = 0; sent < maxBytes; sent += chunkBytes) {
          o.write(chunk);
        }
      } catch (IOException clientGone) {
        // the client stopped reading at its limit
      }
    };
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
