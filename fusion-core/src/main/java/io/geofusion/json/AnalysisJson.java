package io.geofusion.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LivePing;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.LiveTrace;
import io.geofusion.locate.ProbeChoice;
import io.geofusion.probe.TimestampSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The documents of a live {@link Analysis}: the host-location document plus the live fields
 * (ping, traceroute with each hop's ASN and city, distance model, route stretch and its source,
 * vantage, warnings), and its {@code RECON_LATENCY_ANALYSIS} event. One writer for every front
 * end ({@code geofusion analyze --json/--ndjson} and the server's {@code POST /v1/analyze}).
 *
 * <p>Stateless and thread-safe; returns fresh mutable nodes owned by the caller.
 */
public final class AnalysisJson {

  private AnalysisJson() {}

  /**
   * The {@code RECON_LATENCY_ANALYSIS} event of a result: the ping's metrics and distance, the
   * ping's and the path's anomalies, and the vantage {@link Analysis#LOCAL_VANTAGE} when an RTT
   * was fused from a known position.
   *
   * @param r the result
   * @return the event
   */
  public static LatencyAnalysisEvent latencyEvent(Analysis.Result r) {
    LatencyAnalysisEvent e = PingDocuments.live(r.ping()).toEvent();
    Set<String> anomalies = new LinkedHashSet<>(e.anomalies());
    r.trace().ifPresent(t -> anomalies.addAll(t.analysis().eventAnomalies()));
    return new LatencyAnalysisEvent(e.type(), e.entity(), e.metrics(), e.distance(),
        new ArrayList<>(anomalies), r.vantages().isEmpty() ? null : Analysis.LOCAL_VANTAGE, null,
        e.observedAt(), null);
  }

  /**
   * Adds the live fields to a host-location document {@code d} (or its event): {@code ping},
   * {@code traceroute} (null without a path), {@code distance_model}, {@code route_stretch},
   * {@code route_stretch_source}, {@code vantage} (null when unknown) and {@code warnings}.
   *
   * @param d the document to extend
   * @param r the result
   * @param analysis the analysis that produced it (its vantage and access delay)
   * @param modelName the distance model's name as the user gave it
   * @param wording how a front end words each warning (e.g. in terms of its own options)
   */
  public static void addLiveFields(ObjectNode d, Analysis.Result r, Analysis analysis,
      String modelName, Function<Analysis.Warning, String> wording) {
    LivePing p = r.ping();
    d.set("ping", withProbe(PingDocuments.live(p), probeInfo(r.target(), p.choice(),
        p.result().backend(), p.result().timestampSource())));
    if (r.trace().isPresent()) {
      ObjectNode tn = withProbe(TraceDocuments.live(r.trace().get()), probeInfo(r.trace().get()));
      for (JsonNode hop : tn.withArray("hops")) {
        HostLocator.Lookup g = r.hopLookups().get(hop.path("ttl").asInt());
        ObjectNode h = (ObjectNode) hop;
        h.putNull("asn");
        h.putNull("city");
        if (g != null) {
          g.asn().ifPresent(a -> h.putObject("asn").put("number", a.asn())
              .put("organization", a.organization()));
          g.location().ifPresent(l -> h.putObject("city").put("name", l.city())
              .put("country_iso_code", l.countryIsoCode()).put("lat", l.position().lat())
              .put("lon", l.position().lon()).put("accuracy_radius_km", l.accuracyRadiusKm()));
        }
      }
      d.set("traceroute", tn);
    } else {
      d.putNull("traceroute");
    }
    d.put("distance_model", modelName);
    d.put("route_stretch", r.routeStretch());
    d.put("route_stretch_source", r.stretchSource().jsonName());
    if (analysis.vantage().isPresent()) {
      LatLon v = analysis.vantage().get();
      d.putObject("vantage").put("id", Analysis.LOCAL_VANTAGE).put("lat", v.lat())
          .put("lon", v.lon()).put("local_delay_ms", analysis.localDelayMs());
    } else {
      d.putNull("vantage");
    }
    ArrayNode w = d.putArray("warnings");
    r.warnings().forEach(x -> w.add(wording.apply(x)));
  }

  /**
   * The {@code "probe"} object of live JSON output: how the numbers were taken.
   *
   * @param t the target
   * @param c the backend and method chosen
   * @param backend the backend's name
   * @param timestampSource where the timestamps came from
   * @return target, address, resolved, backend, method, port (null for ICMP), timestamp_source
   */
  public static Map<String, Object> probeInfo(LiveTarget t, ProbeChoice c, String backend,
      TimestampSource timestampSource) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", t.typed());
    m.put("address", t.addressText());
    m.put("resolved", t.byName());
    m.put("backend", backend);
    m.put("method", c.method().name());
    m.put("port", c.port() == 0 ? null : c.port());
    m.put("timestamp_source", timestampSource.name().toLowerCase(Locale.ROOT));
    return m;
  }

  /**
   * The {@code "probe"} object of a live traceroute: {@link #probeInfo(LiveTarget, ProbeChoice,
   * String, TimestampSource)} plus {@code reached_destination} and {@code elapsed_ms}.
   *
   * @param t the trace
   * @return the object's fields
   */
  public static Map<String, Object> probeInfo(LiveTrace t) {
    Map<String, Object> m = probeInfo(t.target(), t.choice(), t.result().backend(),
        t.result().timestampSource());
    m.put("reached_destination", t.result().reachedDestination());
    m.put("elapsed_ms", t.result().elapsed().toNanos() / 1e6);
    return m;
  }

  /**
   * A live document with its {@code "probe"} object, as a JSON tree.
   *
   * @param document a document record or node
   * @param probe the probe object's fields
   * @return a fresh node
   */
  public static ObjectNode withProbe(Object document, Map<String, Object> probe) {
    ObjectNode d = ProductJson.toTree(document);
    d.set("probe", ProductJson.toTree(probe));
    return d;
  }
}
