package io.geofusion.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the tests: every call has a deadline. */
final class Http {

  static final Duration DEADLINE = Duration.ofSeconds(60);
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(DEADLINE);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
    return client.send(r, HttpResponse.BodyHandlers.ofString());
  }

  HttpClient client() {
    return client;
  }

  /** One triangulate-shaped target near Frankfurt; GeoIP in Sydney when {@code lying}. */
  static String target(String name, boolean lying) {
    String geo = lying ? "{\"lat\":-33.87,\"lon\":151.21,\"accuracy_radius_km\":20}"
        : "{\"lat\":50.1,\"lon\":8.7,\"accuracy_radius_km\":20}";
    return "{\"target\":\"" + name + "\",\"vantages\":["
        + "{\"id\":\"fra\",\"lat\":50.11,\"lon\":8.68,\"min_rtt_ms\":2.0},"
        + "{\"id\":\"par\",\"lat\":48.85,\"lon\":2.35,\"min_rtt_ms\":9.5},"
        + "{\"id\":\"ams\",\"lat\":52.37,\"lon\":4.9,\"min_rtt_ms\":6.5}],"
        + "\"geoip\":" + geo + "}";
  }
}
