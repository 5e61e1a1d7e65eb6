package io.geofusion.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.HostClassification;
import io.geofusion.fusion.HostLocation;
import io.geofusion.graph.Edge;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.GraphEvent;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeKind;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON form of nodes, edges and events (schemas in {@code docs/schemas/}: {@code edge},
 * {@code graph-event}). Field names are snake_case; times are ISO-8601 UTC instants; a host's
 * location is written and read by the same code as {@link FusionJson}'s host-location document
 * (docs/schemas/host-location.schema.json: {@code location_distribution} with covariances and
 * circle, {@code host_class}, {@code alerts}), so a fusion result line
 * {@code {"node":"host:…","location_distribution":{…},"evidence":{…}}} parses as a node update
 * and keeps all of it. {@code mass}, the circle's share in snapshots written before 2026-11-26,
 * is still read when {@code probability} is absent, and centroids without a covariance (older
 * snapshots) are read as components of unknown spread and written back unchanged.
 *
 * <p>Stateless and thread-safe. Parse errors are {@link IllegalArgumentException}s naming the
 * field and what was expected.
 */
public final class GraphJson {

  static final ObjectMapper MAPPER = ProductJson.mapper();
  private static final List<String> PROVENANCE = List.of("rule_id", "confidence_tier",
      "kind_method", "original_kind", "repair_attempts", "context_node_id");
  static final JsonFactory FACTORY = MAPPER.getFactory();

  private GraphJson() {}

  // ---------------------------------------------------------------- writing

  /** One-line JSON of a node. */
  public static String toJson(Node node) {
    return ProductJson.text(g -> writeNode(g, node));
  }

  /** One-line JSON of an edge. */
  public static String toJson(Edge edge) {
    return ProductJson.text(g -> writeEdge(g, edge));
  }

  /** One-line JSON of an event. */
  public static String toJson(GraphEvent event) {
    return ProductJson.text(g -> writeEvent(g, event));
  }

  /** Remembers the last formatted instant (writers repeat batch times); not thread-safe. */
  static final class InstantText {
    private Instant last;
    private String lastText;

    String format(Instant i) {
      if (!i.equals(last)) {
        lastText = i.toString();
        last = i;
      }
      return lastText;
    }
  }

  static void writeNode(JsonGenerator g, Node n) throws IOException {
    writeNode(g, n, new InstantText());
  }

  static void writeNode(JsonGenerator g, Node n, InstantText times) throws IOException {
    g.writeStartObject();
    g.writeStringField("node", n.id());
    g.writeStringField("kind", n.kind().prefix());
    writeStringMap(g, "attributes", n.attributes());
    HostLocation loc = n.location();
    if (loc != null) {
      LocationJson.writeDistribution(g, loc.distribution(), loc.circle(),
          LocationJson.Precision.EXACT);
    }
    if (!n.evidence().isEmpty()) {
      g.writeObjectFieldStart("evidence");
      for (Map.Entry<String, Double> e : n.evidence().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    // Left out when there is nothing to say, so a location without them (an old snapshot, a
    // minimal host-location line) is written as it was read.
    if (loc != null && !loc.alerts().isEmpty()) {
      LocationJson.writeAlerts(g, loc.alerts(), LocationJson.Precision.EXACT);
    }
    if (loc != null && !loc.hostClass().equals(HostClassification.UNKNOWN)) {
      LocationJson.writeHostClass(g, loc.hostClass(), LocationJson.Precision.EXACT);
    }
    g.writeStringField("first_seen", times.format(n.firstSeen()));
    g.writeStringField("last_seen", times.format(n.lastSeen()));
    g.writeEndObject();
  }

  static void writeEdge(JsonGenerator g, Edge e) throws IOException {
    writeEdge(g, e, new InstantText());
  }

  static void writeEdge(JsonGenerator g, Edge e, InstantText times) throws IOException {
    g.writeStartObject();
    g.writeStringField("src", e.src());
    g.writeStringField("kind", e.kind());
    g.writeStringField("dst", e.dst());
    g.writeNumberField("confidence", e.confidence());
    g.writeNumberField("weight", e.weight());
    g.writeStringField("first_seen", times.format(e.firstSeen()));
    g.writeStringField("last_seen", times.format(e.lastSeen()));
    g.writeNumberField("observations", e.observations());
    writeStringMap(g, "attributes", e.attributes());
    g.writeEndObject();
  }

  static void writeEvent(JsonGenerator g, GraphEvent ev) throws IOException {
    g.writeStartObject();
    g.writeNumberField("seq", ev.seq());
    g.writeStringField("at", ev.at().toString());
    g.writeStringField("type", ev.type());
    if (ev instanceof GraphEvent.NodeUpserted n) {
      g.writeFieldName("node");
      writeNode(g, n.node());
    } else if (ev instanceof GraphEvent.EdgeUpserted e) {
      g.writeFieldName("edge");
      writeEdge(g, e.edge());
    } else if (ev instanceof GraphEvent.NodeRemoved n) {
      g.writeStringField("node_id", n.nodeId());
    } else if (ev instanceof GraphEvent.EdgeRemoved e) {
      g.writeObjectFieldStart("edge");
      g.writeStringField("src", e.key().src());
      g.writeStringField("kind", e.key().kind());
      g.writeStringField("dst", e.key().dst());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeStringMap(JsonGenerator g, String field, Map<String, String> m)
      throws IOException {
    if (m.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : m.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- reading

  /** Parses one JSON text into a tree; a syntax error becomes an IllegalArgumentException. */
  public static JsonNode parseTree(String json) {
    try {
      JsonNode n = TextLines.readOneJson(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + TextLines.jsonProblem(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String source does no I/O
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A node as written by {@link #toJson(Node)}. */
  public static Node nodeFromJson(JsonNode j) {
    return nodeFromJson(j, null);
  }

  static Node nodeFromJson(JsonNode j, InstantCache cache) {
    String id = text(j, "node", true);
    String kind = text(j, "kind", false);
    return new Node(id, kind == null ? NodeKind.ofId(id) : NodeKind.parse(kind),
        stringMap(j, "attributes"), LocationJson.read(j), evidence(j),
        instant(j, "first_seen", cache), instant(j, "last_seen", cache));
  }

  /**
   * A node update from a node line or a fusion result line (docs/architecture.md §6: {@code node},
   * {@code location_distribution}, {@code evidence}); times, if present, are ignored. A fusion
   * result with {@code "abstained": true} and no centroids (the engine had no evidence) becomes an
   * update without a location: the host node exists, and a location stored before is kept.
   */
  public static NodeUpdate nodeUpdateFromJson(JsonNode j) {
    String id = text(j, "node", true);
    String kind = text(j, "kind", false);
    return new NodeUpdate(id, kind == null ? null : NodeKind.parse(kind), stringMap(j, "attributes"),
        LocationJson.read(j), evidence(j));
  }

  /** An edge as written by {@link #toJson(Edge)}. */
  public static Edge edgeFromJson(JsonNode j) {
    return edgeFromJson(j, null);
  }

  static Edge edgeFromJson(JsonNode j, InstantCache cache) {
    return new Edge(key(j), number(j, "confidence", 1.0), number(j, "weight", 1.0),
        instant(j, "first_seen", cache), instant(j, "last_seen", cache),
        (long) number(j, "observations", 1), stringMap(j, "attributes"));
  }

  /**
   * An edge update from an edge line: {@code src}, {@code kind}, {@code dst} required;
   * {@code confidence} and {@code weight} default to 1; {@code attributes} optional; top-level
   * {@code rule_id} and the guardrail's provenance fields ({@code confidence_tier},
   * {@code kind_method}, {@code original_kind}, {@code repair_attempts},
   * {@code context_node_id}) are kept as attributes.
   */
  public static EdgeUpdate edgeUpdateFromJson(JsonNode j) {
    Map<String, String> attrs = new TreeMap<>(stringMap(j, "attributes"));
    // Provenance written by the guardrail on accepted edges is kept as attributes.
    for (String f : PROVENANCE) {
      JsonNode v = j.get(f);
      if (v != null && v.isValueNode() && !v.isNull()) {
        attrs.put(f, v.asText());
      }
    }
    return new EdgeUpdate(key(j), number(j, "confidence", 1.0), number(j, "weight", 1.0), attrs);
  }

  /** An event as written by {@link #toJson(GraphEvent)}. */
  public static GraphEvent eventFromJson(JsonNode j) {
    long seq = (long) number(j, "seq", Double.NaN);
    Instant at = instant(j, "at");
    String type = text(j, "type", true);
    switch (type) {
      case "node_upserted":
        return new GraphEvent.NodeUpserted(seq, at, nodeFromJson(object(j, "node")));
      case "edge_upserted":
        return new GraphEvent.EdgeUpserted(seq, at, edgeFromJson(object(j, "edge")));
      case "node_removed":
        return new GraphEvent.NodeRemoved(seq, at, text(j, "node_id", true));
      case "edge_removed":
        return new GraphEvent.EdgeRemoved(seq, at, key(object(j, "edge")));
      default:
        throw new IllegalArgumentException("unknown event type '" + type
            + "', expected node_upserted, edge_upserted, node_removed or edge_removed");
    }
  }

  private static EdgeKey key(JsonNode j) {
    return new EdgeKey(text(j, "src", true), text(j, "kind", true), text(j, "dst", true));
  }

  private static Map<String, Double> evidence(JsonNode j) {
    JsonNode e = j.get("evidence");
    if (e == null || e.isNull()) {
      return Map.of();
    }
    if (!e.isObject()) {
      throw new IllegalArgumentException("evidence must be an object of scores");
    }
    Map<String, Double> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> f : e.properties()) {
      if (!f.getValue().isNumber()) {
        throw new IllegalArgumentException("evidence." + f.getKey() + " must be a number");
      }
      m.put(f.getKey(), f.getValue().doubleValue());
    }
    return m;
  }

  static Map<String, String> stringMap(JsonNode j, String field) {
    JsonNode a = j.get(field);
    if (a == null || a.isNull()) {
      return Map.of();
    }
    if (!a.isObject()) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    Map<String, String> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> f : a.properties()) {
      JsonNode v = f.getValue();
      if (v.isContainerNode() || v.isNull()) {
        throw new IllegalArgumentException(field + "." + f.getKey()
            + " must be a string, number or boolean");
      }
      m.put(f.getKey(), v.asText());
    }
    return m;
  }

  private static JsonNode object(JsonNode j, String field) {
    JsonNode n = j.get(field);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("field '" + field + "' must be an object");
    }
    return n;
  }

  static String text(JsonNode j, String field, boolean required) {
    JsonNode n = j.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new IllegalArgumentException("field '" + field + "' is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string, got " + n);
    }
    return n.textValue();
  }

  static double number(JsonNode j, String field, double dflt) {
    JsonNode n = j.get(field);
    if (n == null || n.isNull()) {
      if (Double.isNaN(dflt)) {
        throw new IllegalArgumentException("field '" + field + "' is required");
      }
      return dflt;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' must be a number, got " + n);
    }
    return n.doubleValue();
  }

  /**
   * Remembers the last parsed instant: snapshots and event files repeat the same times (one per
   * write batch) many times in a row, and {@link Instant#parse} dominates reading them. One per
   * reading thread; not thread-safe.
   */
  static final class InstantCache {
    private String lastText;
    private Instant last;

    Instant parse(String t) {
      if (!t.equals(lastText)) {
        last = Instant.parse(t);
        lastText = t;
      }
      return last;
    }
  }

  private static Instant instant(JsonNode j, String field) {
    return instant(j, field, null);
  }

  private static Instant instant(JsonNode j, String field, InstantCache cache) {
    String t = text(j, field, true);
    try {
      Instant i = cache == null ? Instant.parse(t) : cache.parse(t);
      return i;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field
          + "' must be an ISO-8601 UTC instant like 2026-11-26T03:00:00Z, got '" + t + "'", e);
    }
  }
}
