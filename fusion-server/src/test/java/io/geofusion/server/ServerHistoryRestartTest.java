package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.history.HistoryStore;
import io.geofusion.history.Retention;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server recording into a real DuckDB file, stopped and started again on the same file: what
 * it located is still in {@code GET /v1/history/{address}} and {@code GET /v1/locations}.
 */
class ServerHistoryRestartTest {

  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;

  private static GeoFusionServer start(HistoryStore store) {
    return GeoFusionServer.builder(FusionEngine.create())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .history(store, Duration.ofHours(1)).build().start();
  }

  @Test
  void restart_onTheSameFile_keepsHistoryAndLocations() throws Exception {
    Path db = dir.resolve("history.duckdb");
    try (HistoryStore store = HistoryStore.open(db); GeoFusionServer s = start(store)) {
      HttpResponse<String> r = new Http(s.url(), null).post("/v1/locate",
          Http.target("192.0.2.70", false));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    try (HistoryStore store = HistoryStore.builder(db)
        .retention(Retention.keepAll().withMaxAge(Duration.ofDays(30))).open();
        GeoFusionServer s = start(store)) {
      Http http = new Http(s.url(), null);
      JsonNode h = M.readTree(http.get("/v1/history/192.0.2.70").body());
      assertThat(h.get("locations")).hasSize(1);
      assertThat(h.get("measurements").size()).isPositive();
      JsonNode l = M.readTree(http.get("/v1/locations").body());
      assertThat(l.get("results")).hasSize(1);
      JsonNode doc = l.at("/results/0");
      assertThat(doc.get("node").asText()).isEqualTo("host:192.0.2.70");
      assertThat(doc.at("/smoothing/alpha").isNumber()).isTrue();
      assertThat(doc.get("location_distribution").get("centroids").size()).isPositive();
      // the graph knows the host again: its neighbours query answers (404 for unknown nodes)
      assertThat(http.get("/v1/graph/query?neighbours=host:192.0.2.70").statusCode())
          .isEqualTo(200);
    }
  }
}
