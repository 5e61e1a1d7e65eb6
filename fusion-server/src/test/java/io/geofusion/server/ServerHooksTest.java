package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What an embedder plugs in: the listener, extra routes, and the map page at {@code /}. */
class ServerHooksTest {

  @Test
  void listenerRouteAndSite_areWiredIn() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    ServerListener listener = new ServerListener() {
      @Override
      public void onMeasurement(String target, VantageObservation o, Instant at) {
        heard.add("rtt " + target + " " + o.id());
      }

      @Override
      public void onLocation(String target, FusionResult r, Instant at) {
        heard.add("location " + target);
      }
    };
    try (GeoFusionServer s = GeoFusionServer.builder(FusionEngine::create)
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).listener(listener)
        .route("GET", "/v1/history/{address}", req -> {
          if (req.pathParams().get("address").equals("nope")) {
            throw new ApiException(404, "no history for nope");
          }
          return "{\"address\":\"" + req.pathParams().get("address") + "\",\"since\":\""
              + req.queryParams().get("since") + "\"}";
        })
        .build().start()) {
      Http http = new Http(s.url(), null);
      assertThat(http.post("/v1/locate", Http.target("192.0.2.5", false)).statusCode())
          .isEqualTo(200);
      assertThat(heard).containsExactly("rtt 192.0.2.5 fra", "rtt 192.0.2.5 par",
          "rtt 192.0.2.5 ams", "location 192.0.2.5");
      HttpResponse<String> h = http.get("/v1/history/192.0.2.5?since=2026-01-01T00:00:00Z");
      assertThat(h.statusCode()).isEqualTo(200);
      assertThat(h.body()).isEqualTo("{\"address\":\"192.0.2.5\",\"since\":"
          + "\"2026-01-01T00:00:00Z\"}");
      HttpResponse<String> miss = http.get("/v1/history/nope");
      assertThat(miss.statusCode()).isEqualTo(404);
      assertThat(miss.body()).isEqualTo("{\"error\":\"no history for nope\",\"status\":404}");
      HttpResponse<String> page = http.get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(page.body()).contains("<title>test page</title>");
      assertThat(http.get("/v1/nothing").statusCode()).isEqualTo(404);
    }
  }
}
