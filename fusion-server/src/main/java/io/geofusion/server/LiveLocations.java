package io.geofusion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.TemporalSmoother;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.json.GraphJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The current smoothed location of every entity the server has located, and the events that
 * announce it: each located result is blended into the entity's state with the library's {@link
 * TemporalSmoother} and published as {@code HOST_LOCATION} (the smoothed host-location document,
 * {@link HostReportJson#smoothed}); each of its alerts as {@code ALERT}; and the host node is
 * upserted into the graph, whose events the server publishes as {@code GRAPH_CHANGE}. An
 * abstention changes nothing. At most {@code maxEntities} entities are kept (the smoother's
 * bound: the least recently updated go first). Thread-safe.
 */
final class LiveLocations {

  /**
   * The event type of one alert of a located result: {@code {"type":"ALERT","node":"host:…",
   * "alert":{…}}}, the alert as the host-location document's {@code alerts} has it.
   */
  static final String ALERT = "ALERT";

  private final EventHub hub;
  private final TemporalSmoother smoother;
  private final double tauSeconds;
  private final int maxEntities;
  private final EntityGraph graph;
  private final LongSupplier ticker;
  private final Map<String, ObjectNode> current = new ConcurrentHashMap<>();

  LiveLocations(EventHub hub, double tauSeconds, int maxEntities, EntityGraph graph,
      LongSupplier ticker) {
    this.hub = hub;
    this.smoother = new TemporalSmoother(tauSeconds, 4, maxEntities);
    this.tauSeconds = tauSeconds;
    this.maxEntities = maxEntities;
    this.graph = graph;
    this.ticker = ticker;
  }

  /**
   * Takes one result and its host-location document (as the response carries it): smooths,
   * publishes, and updates the graph.
   */
  void accept(FusionResult result, ObjectNode document) {
    if (!(result instanceof FusionResult.Located located)) {
      return;
    }
    TemporalSmoother.Smoothed s = smoother.update(result, ticker.getAsLong());
    ObjectNode doc = HostReportJson.smoothed(document, s, tauSeconds);
    String entity = result.entity();
    current.put(entity, doc);
    if (current.size() > maxEntities) {
      current.keySet().removeIf(k -> smoother.current(k).isEmpty());
    }
    hub.publish(HostReportJson.HOST_LOCATION, ProductJson.toJson(HostReportJson.event(doc)));
    for (JsonNode alert : document.path("alerts")) {
      ObjectNode a = JsonNodeFactory.instance.objectNode();
      a.put("type", ALERT);
      a.set("node", document.get("node"));
      a.set("alert", alert.deepCopy());
      hub.publish(ALERT, ProductJson.toJson(a));
    }
    graph.upsertNode(NodeUpdate.host(document.path("node").asText(), located.location(),
        result.evidence()));
  }

  /**
   * Starts from recorded states: {@code seeds} seeds the smoother and returns the latest
   * host-location document (compact JSON) of each entity it seeded; each becomes the entity's
   * current smoothed document, and its host node is upserted into the graph. Call before
   * serving.
   *
   * @return how many entities were seeded
   */
  int seed(Seeds seeds) throws Exception {
    Map<String, String> docs = seeds.seed(smoother, ticker.getAsLong());
    int n = 0;
    for (Map.Entry<String, String> e : docs.entrySet()) {
      Optional<TemporalSmoother.Smoothed> s = smoother.current(e.getKey());
      if (s.isEmpty() || !(GraphJson.parseTree(e.getValue()) instanceof ObjectNode latest)) {
        continue;
      }
      current.put(e.getKey(), HostReportJson.smoothed(latest, s.get(), tauSeconds));
      graph.upsertNode(GraphJson.nodeUpdateFromJson(latest));
      n++;
    }
    return n;
  }

  /** What {@link #seed} starts from (a history file). */
  @FunctionalInterface
  interface Seeds {
    Map<String, String> seed(TemporalSmoother smoother, long nowNanos) throws Exception;
  }

  /** {@code {"results":[...]}}: the smoothed document of every entity, by node id. */
  String results() {
    List<String> keys = new ArrayList<>(current.keySet());
    keys.sort(null);
    List<ObjectNode> docs = new ArrayList<>();
    for (String k : keys) {
      ObjectNode d = current.get(k);
      if (d != null) {
        docs.add(d);
      }
    }
    return HostReportJson.results(docs);
  }
}
