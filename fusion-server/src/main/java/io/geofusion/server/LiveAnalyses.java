package io.geofusion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.json.AnalysisJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.backend.Probers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/analyze}: one target measured live from this machine with the library's
 * {@link Analysis} (ping → traceroute → route stretch → fusion), under the CLI's target guards
 * ({@link LiveTarget}: malformed, unresolvable and refused targets — unspecified, multicast,
 * broadcast — are 422s), at most {@link ServerLimits#maxLiveProbes} at once (429 beyond) and
 * within {@link ServerLimits#maxAnalysisBound} (504 beyond).
 *
 * <p>Body: {@code {"target": "192.0.2.7", "count": 3, "interval_ms": 1000, "timeout_ms": 1000,
 * "max_ttl": 30, "queries": 1}}; all but {@code target} optional, with those defaults.
 */
final class LiveAnalyses implements AutoCloseable {

  /** Defaults for the server: fewer and shorter probes than the CLI, one query per hop. */
  static final PingSettings PING = new PingSettings(3, Duration.ofSeconds(1),
      Duration.ofSeconds(1));
  static final TraceSettings TRACE = new TraceSettings(1, 30, 1, Duration.ofSeconds(1));

  private final GeoFusionServer.Builder b;
  private final JsonBodies bodies;
  private final LiveLocations locations;
  private final EventHub hub;
  private volatile HostLocator locator;
  private final ProbeSelector probes;
  private final Semaphore slots;

  LiveAnalyses(GeoFusionServer.Builder b, JsonBodies bodies, LiveLocations locations,
      EventHub hub) {
    this.b = b;
    this.bodies = bodies;
    this.locations = locations;
    this.hub = hub;
    this.probes = b.probes != null ? b.probes : Probers.selector("auto", null, null);
    this.slots = new Semaphore(b.limits.maxLiveProbes());
  }

  /** Analyses running now. */
  int running() {
    return b.limits.maxLiveProbes() - slots.availablePermits();
  }

  String analyze(String body) throws InterruptedException {
    JsonNode req = bodies.one(body);
    if (!req.isObject() || !req.path("target").isTextual()) {
      throw new ApiException(422, "give the target to measure: {\"target\": \"192.0.2.7\"}");
    }
    String typed = req.get("target").asText();
    try {
      LiveTarget.literal(typed); // malformed or refused literals before anything is sent
    } catch (LiveTarget.TargetException e) {
      throw new ApiException(422, Endpoints.oneLine(e));
    }
    Analysis analysis = analysis(req);
    Duration bound = analysis.bound().compareTo(b.limits.maxAnalysisBound()) < 0
        ? analysis.bound() : b.limits.maxAnalysisBound();
    if (!slots.tryAcquire()) {
      throw new ApiException(429, "too many live analyses at once (limit "
          + b.limits.maxLiveProbes() + "); try again when one has finished");
    }
    LiveRun.Outcome<Analysis.Result> o;
    try {
      o = LiveRun.run(List.of(typed), 1, bound, analysis::analyse, x -> { }).get(0);
    } finally {
      slots.release();
    }
    if (!o.ok()) {
      Throwable e = o.error();
      if (e instanceof TimeoutException) {
        throw new ApiException(504, typed + ": " + Endpoints.oneLine(e));
      }
      if (e instanceof LiveTarget.TargetException) {
        throw new ApiException(422, Endpoints.oneLine(e));
      }
      if (e instanceof ProbeUnavailableException) {
        throw new ApiException(503, typed + ": " + Endpoints.oneLine(e));
      }
      throw new ApiException(500, typed + ": " + Endpoints.oneLine(e));
    }
    return document(o.value(), analysis);
  }

  private String document(Analysis.Result r, Analysis analysis) {
    Instant at = b.clock.instant();
    ObjectNode doc = HostReportJson.document(r.report(), b.anonymousIpDatabase);
    hub.publish(LatencyAnalysisEvent.TYPE, ProductJson.toJson(latencyEvent(r, analysis)));
    locations.accept(r.report().result(), doc.deepCopy());
    AnalysisJson.addLiveFields(doc, r, analysis, analysis.distanceModel().name(), w -> w.text());
    for (VantageObservation v : r.vantages()) {
      safely(() -> b.listener.onMeasurement(r.target().typed(), v, at));
    }
    safely(() -> b.listener.onAnalysis(analysis, r, at));
    safely(() -> b.listener.onLocation(r.target().typed(), r.report().result(), at));
    return HostReportJson.results(List.of(doc));
  }

  /**
   * The analysis's {@code RECON_LATENCY_ANALYSIS} event, with {@code vantage_location} (this
   * machine's position, when known) so the map can draw the vantage's RTT disk around it.
   */
  static ObjectNode latencyEvent(Analysis.Result r, Analysis analysis) {
    ObjectNode e = ProductJson.toTree(AnalysisJson.latencyEvent(r));
    analysis.vantage().ifPresent(v -> e.putObject("vantage_location").put("lat", v.lat())
        .put("lon", v.lon()));
    return e;
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // a listener's failure is its own (ServerListener); the response goes out
    }
  }

  /** The analysis the body asks for: the server's defaults with its overrides. */
  private Analysis analysis(JsonNode req) {
    try {
      PingSettings ping = new PingSettings(intField(req, "count", PING.count()),
          Duration.ofMillis(intField(req, "interval_ms", (int) PING.interval().toMillis())),
          Duration.ofMillis(intField(req, "timeout_ms", (int) PING.timeout().toMillis())));
      TraceSettings trace = new TraceSettings(TRACE.firstTtl(),
          intField(req, "max_ttl", TRACE.maxTtl()), intField(req, "queries",
          TRACE.queriesPerHop()), ping.timeout());
      Analysis.Builder ab = Analysis.builder(locator(), probes).ping(ping).trace(trace);
      if (b.vantage != null) {
        ab.vantage(b.vantage);
      }
      return ab.build();
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, Endpoints.oneLine(e));
    }
  }

  /** The locator over the server's engine and databases, made on first use. */
  private HostLocator locator() {
    HostLocator l = locator;
    if (l == null) {
      l = HostLocator.builder(b.engine()).geoIp(b.geoIp).build();
      locator = l;
    }
    return l;
  }

  private static int intField(JsonNode req, String name, int dflt) {
    JsonNode v = req.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new ApiException(422, name + " must be a whole number, got " + v);
    }
    return v.asInt();
  }

  @Override
  public void close() {
    // nothing held: LiveRun's pools end with each run
  }
}
