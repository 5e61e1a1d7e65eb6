package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication, the loopback rule and the slowloris deadline, on a real server. */
class ServerSafetyTest {

  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final ObjectMapper M = new ObjectMapper();
  private static GeoFusionServer server;
  private static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    server = GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).token(TOKEN)
        .limits(ServerLimits.DEFAULTS.withHeaderDeadline(Duration.ofSeconds(1)))
        .build().start();
    api = new OpenApiCheck(new Http(server.url(), null).get("/openapi.json").body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void token_missingOrWrong_is401_rightIs200() throws Exception {
    HttpResponse<String> none = new Http(server.url(), null).post("/v1/locate",
        Http.target("192.0.2.1", false));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"geofusion\"");
    api.check("POST", "/v1/locate", 401, none.body());
    assertThat(M.readTree(none.body()).get("error").asText()).startsWith("authentication"
        + " required");
    HttpResponse<String> wrong = new Http(server.url(), "wrong-token-0123456789").get(
        "/v1/locations");
    assertThat(wrong.statusCode()).isEqualTo(401);
    api.check("GET", "/v1/locations", 401, wrong.body());
    HttpResponse<String> events = new Http(server.url(), null).get("/events");
    assertThat(events.statusCode()).isEqualTo(401);
    HttpResponse<String> right = new Http(server.url(), TOKEN).get("/v1/locations");
    assertThat(right.statusCode()).isEqualTo(200);
    HttpResponse<String> query = new Http(server.url(), null).get("/v1/status?access_token="
        + TOKEN);
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(new Http(server.url(), null).get("/openapi.json").statusCode()).isEqualTo(200);
  }

  @Test
  void build_offLoopbackWithoutToken_isRefused() {
    assertThatThrownBy(() -> GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress("0.0.0.0", 0)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("refusing to listen on 0.0.0.0:0 without a bearer token: give --token-file"
            + " FILE, or listen on 127.0.0.1");
  }

  @Test
  void slowloris_tricklingHeaders_isCutOffByTheDeadline() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      s.setSoTimeout(200);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] request = ("GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: "
          + "a".repeat(400) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      // One byte every 100 ms would take 40 s; the 1 s header deadline must end it long before.
      boolean closed = false;
      long start = System.nanoTime();
      for (int i = 0; i < request.length && !closed; i++) {
        try {
          out.write(request[i]);
          out.flush();
          if (in.read() == -1) {
            closed = true;
          }
        } catch (java.net.SocketTimeoutException e) {
          // nothing to read yet: keep trickling
        } catch (SocketException e) {
          closed = true;
        }
        Thread.sleep(100 - Math.min(100, (System.nanoTime() - start) / 1_000_000 % 100));
      }
      assertThat(closed).as("the server closed the trickling connection").isTrue();
    }
    // the server still answers others, and counts the cut
    HttpResponse<String> status = new Http(server.url(), TOKEN).get("/v1/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(M.readTree(status.body()).path("slow_clients").path("headers").asLong())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void slowloris_secondRequestOnAKeptConnection_isCutOffToo() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
          + "\r\n\r\nGET /v1/sta").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the first response arrives; then, the second request never completing, the
      // connection ends (read returns -1) instead of waiting for the 30 s idle timeout
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      String all = "";
      long start = System.nanoTime();
      int n;
      try {
        while ((n = in.read(buf)) != -1) {
          all += new String(buf, 0, n, StandardCharsets.US_ASCII);
        }
      } catch (IOException e) {
        // reset by the server: also closed
      }
      assertThat(all).startsWith("HTTP/1.1 200");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }
}
