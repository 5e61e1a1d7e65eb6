package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies sent slowly (slow POST) on a real server, by raw-socket clients that send one
 * byte a second: they are answered 408 with a JSON error and their connection closed, never
 * before the grace or deadline has passed (one-sided: the server only counts time it waited),
 * and long before the 30 s idle timeout (which a 1 byte/s trickle never reaches anyway).
 */
class SlowBodyTest {

  private static final ObjectMapper M = new ObjectMapper();
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(4);
  /** Generous for a loaded machine; without the deadlines a 1 byte/s body is never cut. */
  private static final Duration LATEST = Duration.ofSeconds(20);
  private static GeoFusionServer rate;
  private static GeoFusionServer total;
  private static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    // one server checks the rate after a 2 s grace, the other only a 4 s total deadline
    rate = GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .limits(ServerLimits.DEFAULTS.withBodyDeadline(Duration.ofSeconds(60), 1024, GRACE))
        .build().start();
    total = GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .limits(ServerLimits.DEFAULTS.withBodyDeadline(DEADLINE, 0, Duration.ZERO))
        .build().start();
    api = new OpenApiCheck(new Http(rate.url(), null).get("/openapi.json").body());
  }

  @AfterAll
  static void stop() {
    rate.close();
    total.close();
  }

  @Test
  void body_underTheMinimumRate_is408AfterTheGrace() throws Exception {
    long before = slowBodies(rate);
    Trickle t = trickle(rate, "/v1/locate", false);
    assertThat(t.status).isEqualTo(408);
    assertThat(t.error).startsWith("the request body arrived at ")
        .endsWith("under the minimum of 1024 bytes/s; send it faster (limit --min-body-rate)");
    assertThat(t.closed).as("connection closed after the 408").isTrue();
    assertThat(t.elapsed).isGreaterThanOrEqualTo(GRACE).isLessThan(LATEST);
    api.check("POST", "/v1/locate", 408, t.body);
    assertThat(slowBodies(rate)).isEqualTo(before + 1);
  }

  @Test
  void body_overTheTotalDeadline_is408AfterTheDeadline() throws Exception {
    Trickle t = trickle(total, "/v1/geo-path?from=50.11,8.68", false);
    assertThat(t.status).isEqualTo(408);
    assertThat(t.error).isEqualTo("the request body took longer than 4 s to arrive; send it"
        + " faster or send less (limit --body-deadline)");
    assertThat(t.closed).isTrue();
    assertThat(t.elapsed).isGreaterThanOrEqualTo(DEADLINE).isLessThan(LATEST);
    api.check("POST", "/v1/geo-path", 408, t.body);
  }

  @Test
  void body_secondRequestOnAKeptConnection_isTimedFromItsOwnStart() throws Exception {
    Trickle t = trickle(rate, "/v1/locate", true);
    assertThat(t.status).isEqualTo(408);
    assertThat(t.elapsed).isGreaterThanOrEqualTo(GRACE).isLessThan(LATEST);
  }

  @Test
  void slowBodies_manyAtOnce_neitherStallTheServerNorEachOther() throws Exception {
    int n = 6;
    CountDownLatch trickling = new CountDownLatch(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Trickle>> slow = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        slow.add(pool.submit(() -> trickle(rate, "/v1/locate", false, trickling)));
      }
      // once all of them trickle (more of them than compute threads), a normal request is
      // answered
      assertThat(trickling.await(30, TimeUnit.SECONDS)).as("every slow client started").isTrue();
      HttpResponse<String> ok = new Http(rate.url(), null).post("/v1/locate",
          Http.target("192.0.2.9", false));
      assertThat(ok.statusCode()).isEqualTo(200);
      for (Future<Trickle> f : slow) {
        Trickle t = f.get(60, TimeUnit.SECONDS);
        assertThat(t.status).isEqualTo(408);
        assertThat(t.elapsed).isGreaterThanOrEqualTo(GRACE).isLessThan(LATEST);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void body_sentSteadilyAboveTheRate_isAnswered() throws Exception {
    // about 120 kB in 4 kB pieces every 100 ms (40 kB/s): past the grace, above the minimum
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; sb.length() < 120_000; i++) {
      sb.append(i == 0 ? "" : ",").append(Http.target("192.0.2." + (i % 250 + 1), false));
    }
    byte[] body = sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), rate.address().getPort())) {
      s.setSoTimeout((int) Http.DEADLINE.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/locate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      for (int off = 0; off < body.length; off += 4096) {
        out.write(body, off, Math.min(4096, body.length - off));
        out.flush();
        Thread.sleep(100);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(GRACE);
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200");
    }
  }

  /** What a trickling client saw. */
  private record Trickle(int status, String error, String body, boolean closed,
      Duration elapsed) {}

  /**
   * Sends a request whose body (a locate target, 300-odd bytes) goes at one byte a second and
   * reads what comes back; {@code keptAlive} first sends a whole request on the connection.
   */
  private static Trickle trickle(GeoFusionServer server, String path, boolean keptAlive)
      throws IOException, InterruptedException {
    return trickle(server, path, keptAlive, new CountDownLatch(1));
  }

  /** As above; {@code trickling} counts down once the head and the body's first byte are sent. */
  private static Trickle trickle(GeoFusionServer server, String path, boolean keptAlive,
      CountDownLatch trickling) throws IOException, InterruptedException {
    byte[] body = Http.target("192.0.2.1", false).getBytes(StandardCharsets.US_ASCII);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      if (keptAlive) {
        out.write(head("/v1/locate", body.length));
        out.write(body);
        out.flush();
        s.setSoTimeout((int) Http.DEADLINE.toMillis());
        String first = readResponse(in);
        assertThat(first).startsWith("HTTP/1.1 200");
      }
      out.write(head(path, body.length));
      out.flush();
      long start = System.nanoTime();
      s.setSoTimeout(1000);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      for (int i = 0; i < body.length && System.nanoTime() - start < LATEST.toNanos(); i++) {
        try {
          out.write(body[i]);
          out.flush();
          trickling.countDown();
        } catch (SocketException e) {
          break; // closed by the server: what it answered is read below
        }
        try {
          int c = in.read();
          if (c == -1) {
            break;
          }
          got.write(c);
          break;
        } catch (SocketTimeoutException e) {
          // nothing yet: one more byte (a second has passed)
        } catch (SocketException e) {
          break; // reset: whatever was received is read below
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      s.setSoTimeout((int) Http.DEADLINE.toMillis());
      boolean closed;
      byte[] buf = new byte[4096];
      try {
        // chunk by chunk: a reset after the answer (the client kept sending after the server
        // closed) must not lose what was read before it, as readAllBytes would
        for (int n = in.read(buf); n != -1; n = in.read(buf)) {
          got.write(buf, 0, n);
        }
        closed = true;
      } catch (SocketException e) {
        closed = true; // reset after the answer
      } catch (SocketTimeoutException e) {
        closed = false;
      }
      String response = got.toString(StandardCharsets.UTF_8);
      assertThat(response).as("an HTTP response").startsWith("HTTP/1.1 ");
      int status = Integer.parseInt(response.substring(9, 12));
      String json = response.substring(response.indexOf("\r\n\r\n") + 4);
      JsonNode e = M.readTree(json);
      return new Trickle(status, e.path("error").asText(), json, closed, elapsed);
    }
  }

  private static byte[] head(String path, int length) {
    return ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** One response with a {@code Content-Length} body, leaving the connection open. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int length = -1;
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      String text = b.toString(StandardCharsets.US_ASCII);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        if (length < 0) {
          String lower = text.toLowerCase(java.util.Locale.ROOT);
          int at = lower.indexOf("content-length: ") + 16;
          length = Integer.parseInt(lower.substring(at, lower.indexOf("\r\n", at)).strip());
          b.write(in.readNBytes(length));
          return b.toString(StandardCharsets.UTF_8);
        }
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static long slowBodies(GeoFusionServer server) throws Exception {
    return M.readTree(new Http(server.url(), null).get("/v1/status").body())
        .path("slow_clients").path("bodies").asLong();
  }
}
