package io.geofusion.history.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.RttSummary;
import io.geofusion.geo.LatLon;
import io.geofusion.history.AddressHistory;
import io.geofusion.history.RecordedLocation;
import io.geofusion.history.RecordedMeasurement;
import io.geofusion.json.GraphJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The history of an address as JSON: one document ({@link #document},
 * docs/schemas/history.schema.json) or NDJSON events ({@link #events}: {@code
 * HISTORY_MEASUREMENT} and {@code HISTORY_LOCATION} lines in time order, each with the same
 * fields as the document's entries plus {@code type} and {@code address}).
 *
 * <p>Unknown values are {@code null}, never invented. Numbers are rounded for people: RTTs to
 * 0.001 ms, degrees to 5 decimals (≈ 1 m), km to 0.1. The stored host-location document is
 * embedded as {@code host_location}, exactly as the library's writer produced it. Stateless and
 * thread-safe.
 */
public final class HistoryJson {

  /** The {@code type} of a measurement event. */
  public static final String MEASUREMENT_EVENT = "HISTORY_MEASUREMENT";
  /** The {@code type} of a location event. */
  public static final String LOCATION_EVENT = "HISTORY_LOCATION";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private HistoryJson() {}

  /**
   * The history document: {@code address}, {@code since}, {@code truncated}, {@code
   * measurements[]} and {@code locations[]} (oldest first).
   */
  public static ObjectNode document(AddressHistory h) {
    ObjectNode d = F.objectNode();
    d.put("address", h.address());
    d.put("since", h.since().toString());
    d.put("truncated", h.truncated());
    ArrayNode ms = d.putArray("measurements");
    for (RecordedMeasurement m : h.measurements()) {
      ms.add(measurement(F.objectNode(), m));
    }
    ArrayNode ls = d.putArray("locations");
    for (int i = 0; i < h.locations().size(); i++) {
      ls.add(location(F.objectNode(), h.locations().get(i), h.movedKm(i)));
    }
    return d;
  }

  /** The history as events, oldest first (a measurement before a location at the same time). */
  public static List<ObjectNode> events(AddressHistory h) {
    List<ObjectNode> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    List<RecordedMeasurement> ms = h.measurements();
    List<RecordedLocation> ls = h.locations();
    while (i < ms.size() || j < ls.size()) {
      boolean takeMeasurement = j >= ls.size()
          || (i < ms.size() && !ms.get(i).at().isAfter(ls.get(j).at()));
      ObjectNode e = F.objectNode();
      if (takeMeasurement) {
        e.put("type", MEASUREMENT_EVENT).put("address", h.address());
        measurement(e, ms.get(i++));
      } else {
        e.put("type", LOCATION_EVENT).put("address", h.address());
        location(e, ls.get(j), h.movedKm(j));
        j++;
      }
      out.add(e);
    }
    return out;
  }

  private static ObjectNode measurement(ObjectNode n, RecordedMeasurement m) {
    n.put("at", m.at().toString());
    n.put("vantage_id", m.vantageId());
    latLon(n, "vantage", m.vantage());
    if (m.method().isPresent()) {
      n.put("method", m.method().get().name());
    } else {
      n.putNull("method");
    }
    Optional<RttSummary> s = m.rtt();
    if (s.isPresent()) {
      n.put("sent", s.get().sent());
      n.put("received", s.get().received());
    } else {
      n.putNull("sent");
      n.putNull("received");
    }
    number(n, "min_rtt_ms", m.minRttMs(), 3);
    number(n, "avg_rtt_ms", s.map(RttSummary::meanMs).orElse(Double.NaN), 3);
    number(n, "max_rtt_ms", s.map(RttSummary::maxMs).orElse(Double.NaN), 3);
    number(n, "stddev_rtt_ms", s.map(RttSummary::stddevMs).orElse(Double.NaN), 3);
    number(n, "local_delay_ms", m.localDelayMs(), 3);
    return n;
  }

  private static ObjectNode location(ObjectNode n, RecordedLocation l, OptionalDouble moved) {
    n.put("at", l.at().toString());
    n.put("abstained", l.abstained());
    latLon(n, "estimate", l.estimate());
    number(n, "radius_50_km", l.radius50Km(), 1);
    number(n, "radius_90_km", l.radius90Km(), 1);
    number(n, "moved_km", moved.orElse(Double.NaN), 1);
    n.put("host_class", l.hostClass());
    ArrayNode a = n.putArray("alerts");
    l.alerts().forEach(a::add);
    JsonNode doc = GraphJson.parseTree(l.document());
    n.set("host_location", doc);
    return n;
  }

  private static void latLon(ObjectNode n, String field, Optional<LatLon> p) {
    if (p.isEmpty()) {
      n.putNull(field);
      return;
    }
    n.putObject(field).put("lat", round(p.get().lat(), 5)).put("lon", round(p.get().lon(), 5));
  }

  private static void number(ObjectNode n, String field, double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, round(v, digits));
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
