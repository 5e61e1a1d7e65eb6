package io.geofusion.cli;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.server.GeoFusionServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code geofusion demo --serve}: the server over the demo data. The ground-truth targets are
 * posted to the server's own {@code POST /v1/locate} once it listens, as any client would, so
 * {@code GET /v1/locations} and the event stream's replay have them.
 */
final class DemoServer {

  private DemoServer() {}

  static int serve(Path dir, String listen, PrintWriter out)
      throws IOException, InterruptedException {
    InetSocketAddress at = Serving.address(listen);
    if (!at.getAddress().isLoopbackAddress()) {
      throw new UsageError("demo --serve listens on loopback only; use 'geofusion serve"
          + " --token-file FILE' to serve elsewhere");
    }
    try (GeoIpService geoip = GeoIpOptions.open(dir.resolve("geoip-demo.mmdb"), null, null,
        null)) {
      GeoFusionServer.Builder b = GeoFusionServer.builder(FusionEngine::create).listen(at)
          .geoIp(geoip, false).vantage(DemoData.VANTAGE);
      GeoFusionServer server;
      try {
        server = b.build().start();
      } catch (IllegalStateException e) {
        throw new UsageError(e.getMessage());
      }
      try (server) {
        out.println("geofusion: serving the demo on " + server.url()
            + " (docs/server.md; Ctrl-C stops)");
        out.println("  try: curl " + server.url() + "/v1/locations");
        out.flush();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/v1/locate")).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve("groundtruth.ndjson")))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new Failure("the demo's targets could not be located: " + r.body());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "geofusion-demo-stop"));
        server.awaitStop();
      }
    }
    return 0;
  }
}
