package io.geofusion.map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A deliberately small stand-in for {@code geofusion serve} (fusion-server is built on another
 * branch): the JDK's HTTP server on loopback serving the {@link MapSite} folder at {@code /},
 * {@code GET /v1/locations} with a fixed body, and {@code GET /events} as server-sent events of
 * whatever the test {@link #publish}es, in the shape the server contract gives (docs/map.md).
 * Once fusion-server has landed, the live-page test should run against it instead.
 */
final class SiteFixtureServer implements AutoCloseable {

  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "json", "application/json");
  private static final String END = "\u0000end";

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "site-fixture");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private long seq;

  /** Serves on 127.0.0.1 at a free port; {@code locations} is the body of /v1/locations. */
  SiteFixtureServer(String locations) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(pool);
    server.createContext("/v1/locations", ex -> send(ex, 200, "application/json",
        locations.getBytes(StandardCharsets.UTF_8)));
    server.createContext("/events", this::stream);
    server.createContext("/", this::site);
    server.start();
  }

  /** The page's URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Sends one event to the (one) open stream: {@code event: type}, {@code data: json}. */
  synchronized void publish(String type, String json) {
    if (json.contains("\n")) {
      throw new IllegalArgumentException("an SSE data line cannot hold a newline");
    }
    events.add("id: " + (++seq) + "\nevent: " + type + "\ndata: " + json + "\n\n");
  }

  private void site(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring(1);
    Optional<URL> file = MapSite.resource(path.isEmpty() ? "index.html" : path);
    if (file.isEmpty()) {
      send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] body;
    try (InputStream in = file.get().openStream()) {
      body = in.readAllBytes();
    }
    String name = file.get().getPath();
    send(ex, 200, TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1),
        "application/octet-stream"), body);
  }

  private void stream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (String e = events.take(); !END.equals(e); e = events.take()) {
        out.write(e.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the browser went away: nothing to send to
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    events.add(END);
    server.stop(0);
    pool.shutdownNow();
  }
}
