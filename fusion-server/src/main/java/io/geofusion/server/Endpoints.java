package io.geofusion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathLocator;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.fusion.eval.GroundTruthReader;
import io.geofusion.fusion.eval.GroundTruthTarget;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.graph.Direction;
import io.geofusion.graph.GeoRegion;
import io.geofusion.graph.Node;
import io.geofusion.json.FusionJson;
import io.geofusion.json.GeoIpLookupJson;
import io.geofusion.json.GeoPathJson;
import io.geofusion.json.GraphJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.rtt.DistanceModel;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built-in routes: each parses its request, calls the library, and writes the library's
 * documents. Errors are {@link ApiException}s with the CLI's one-line messages.
 */
final class Endpoints implements AutoCloseable {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final GeoFusionServer.Builder b;
  private final EventHub hub;
  private final LiveLocations locations;
  private final JsonBodies bodies;
  private final LiveAnalyses live;
  private final ThreadPoolExecutor compute;
  private final ReadDeadlines deadlines;

  Endpoints(GeoFusionServer.Builder b, EventHub hub, LiveLocations locations,
      ReadDeadlines deadlines) {
    this.b = b;
    this.deadlines = deadlines;
    this.hub = hub;
    this.locations = locations;
    this.bodies = new JsonBodies(b.limits.maxJsonDepth());
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.compute = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(256), r -> {
          Thread t = new Thread(r, "geofusion-compute");
          t.setDaemon(true);
          return t;
        });
    this.live = new LiveAnalyses(b, bodies, locations, hub);
  }

  void register(RoutesConfig r) {
    r.post("/v1/locate", ctx -> {
      String body = text(ctx); // on this request's thread, never a compute thread
      json(ctx, bounded(() -> locate(body)));
    });
    r.post("/v1/analyze", ctx -> json(ctx, live.analyze(text(ctx))));
    r.post("/v1/geo-path", ctx -> {
      String from = ctx.queryParam("from");
      String model = ctx.queryParam("model");
      byte[] body = body(ctx);
      json(ctx, bounded(() -> geoPath(body, from, model)));
    });
    r.get("/v1/geoip/{address}", ctx -> json(ctx, geoip(ctx.pathParam("address"))));
    r.get("/v1/graph/query", ctx -> json(ctx, bounded(() -> graphQuery(ctx))));
    r.get("/v1/locations", ctx -> json(ctx, locations.results()));
    r.get("/v1/status", ctx -> json(ctx, status()));
    r.get("/openapi.json", ctx -> json(ctx, resource("openapi.json")));
    r.get("/schemas/{name}", ctx -> {
      String name = ctx.pathParam("name");
      if (!name.matches("[a-z0-9-]+\\.schema\\.json")) {
        throw new ApiException(404, "no such schema: " + name);
      }
      json(ctx, resource("schemas/" + name));
    });
    r.before("/events", ctx -> {
      if (hub.clients() >= b.limits.maxSseClients()) {
        throw new ApiException(429, "too many event-stream clients (limit "
            + b.limits.maxSseClients() + "); try again later");
      }
      // Where the stream starts is fixed here, before Javalin sends the response headers: a
      // client without Last-Event-ID resumes from the last id of this moment, so an event
      // published between its headers and its registration comes from the replay window.
      ctx.attribute(EVENTS_AFTER, lastEventId(ctx.header("Last-Event-ID"), hub.lastId()));
    });
    r.sse("/events", this::events);
  }

  void registerExtra(RoutesConfig r, String method, String path, ExtraRoute route) {
    io.javalin.http.Handler h = ctx -> {
      Map<String, String> q = new HashMap<>();
      ctx.queryParamMap().forEach((k, v) -> q.put(k, v.isEmpty() ? "" : v.get(0)));
      String body = "POST".equals(method) ? text(ctx) : "";
      json(ctx, route.handle(new ExtraRoute.Request(ctx.pathParamMap(), q, body)));
    };
    if ("GET".equals(method)) {
      r.get(path, h);
    } else {
      r.post(path, h);
    }
  }

  /**
   * The request's body. A body that misses its deadline or minimum rate ({@link ReadDeadlines})
   * or stalls past the idle timeout is a 408 saying which, and the connection is closed.
   */
  byte[] body(Context ctx) throws Exception {
    try {
      return ctx.bodyAsBytes();
    } catch (Exception e) {
      throw slowBody(ctx, e);
    }
  }

  /** The request's body as UTF-8 text, as {@link #body}. */
  String text(Context ctx) throws Exception {
    return new String(body(ctx), StandardCharsets.UTF_8);
  }

  /**
   * {@code e} as a 408 when a timeout made the body's read fail (Javalin would otherwise answer
   * an empty 408 itself), else {@code e}.
   */
  Exception slowBody(Context ctx, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        ctx.header("Connection", "close");
        return new ApiException(408, t instanceof ReadDeadlines.SlowBody ? t.getMessage()
            : "the request body stalled for longer than the idle timeout ("
                + b.limits.idleTimeout().toSeconds() + " s); send it without pauses");
      }
    }
    return e;
  }

  /** Writes a JSON error: {@code {"error": message, "status": status}}. */
  static void error(Context ctx, int status, String message) {
    ObjectNode e = F.objectNode();
    e.put("error", message);
    e.put("status", status);
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(ProductJson.toJson(e));
  }

  /** The first line of an exception's message (its class when it has none). */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName()
        : m.lines().findFirst().orElse("").strip();
  }

  private static void json(Context ctx, String body) {
    ctx.contentType("application/json");
    ctx.result(body);
  }

  /** Runs a computation under {@link ServerLimits#requestDeadline}; 503 when late or busy. */
  private String bounded(Callable<String> job) throws Exception {
    Future<String> f;
    try {
      f = compute.submit(job);
    } catch (RejectedExecutionException e) {
      throw new ApiException(503, "server busy: too many requests computing; try again later");
    }
    try {
      return f.get(b.limits.requestDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ApiException(503, "the request took longer than "
          + b.limits.requestDeadline().toSeconds() + " s and was stopped; send less at once");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }

  /** {@code POST /v1/locate}: the triangulate input shape in, host-location documents out. */
  private String locate(String body) {
    List<JsonNode> nodes = bodies.objects(body);
    List<GroundTruthTarget> targets = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      try {
        targets.add(GroundTruthReader.parse(nodes.get(i)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new ApiException(422, "target " + (i + 1) + ": " + oneLine(e) + " (expected the"
            + " triangulate input shape of docs/evaluation.md)");
      }
    }
    Instant at = b.clock.instant();
    FusionEngine engine = b.engine();
    List<ObjectNode> docs = new ArrayList<>();
    for (GroundTruthTarget t : targets) {
      for (VantageObservation v : t.vantages()) {
        safely(() -> b.listener.onMeasurement(t.target(), v, at));
      }
      FusionResult r = engine.fuse(t.input());
      ObjectNode doc = FusionJson.toJson(r);
      safely(() -> b.listener.onLocation(t.target(), r, at));
      safely(() -> b.listener.onFused(t.target(), t.vantages(), r, at));
      locations.accept(r, doc);
      docs.add(doc);
    }
    return HostReportJson.results(docs);
  }

  /** {@code POST /v1/geo-path}: recorded traceroutes in, geo-path documents out. */
  private String geoPath(byte[] body, String from, String model) throws IOException {
    LatLon vantage = null;
    if (from != null) {
      try {
        vantage = LatLon.parse(from);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "from: " + oneLine(e));
      }
    }
    DistanceModel dm;
    try {
      dm = DistanceModel.byName(model == null ? "fiber_2_3" : model);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "model: " + oneLine(e));
    }
    GeoPathLocator locator = GeoPathLocator.of(HopAnalyzer.builder().distanceModel(dm).build());
    ArrayNode paths = F.arrayNode();
    InputStream in = new ByteArrayInputStream(body);
    try (MeasurementReader reader = MeasurementReader.open(in, "body", null)) {
      for (Measurement m : reader) {
        if (m instanceof TraceMeasurement t) {
          paths.add(GeoPathJson.document(locate(t.path(), locator, vantage), t.vantageId(),
              t.timestamp(), t.origin().name()));
        } else if (m instanceof TraceSummary s) {
          paths.add(GeoPathJson.document(locate(s.bestReplyPath(), locator, vantage), null,
              s.timestamp(), s.origin().name()));
        }
      }
    } catch (UncheckedIOException e) {
      throw new ApiException(422, "body: " + oneLine(e.getCause()));
    } catch (io.geofusion.formats.MeasurementFormatException e) {
      throw new ApiException(422, oneLine(e));
    }
    ObjectNode root = F.objectNode();
    root.set("geo_paths", paths);
    return ProductJson.toPrettyJson(root);
  }

  private GeoPath locate(io.geofusion.path.TracePath path, GeoPathLocator locator,
      LatLon vantage) {
    try {
      return locator.locate(path, b.geoIp, vantage);
    } catch (GeoIpException e) {
      throw new ApiException(500, oneLine(e));
    }
  }

  /** {@code GET /v1/geoip/{address}}: the geoip lookup document. */
  private String geoip(String address) throws GeoIpException {
    if (!b.geoIpGiven) {
      throw new ApiException(503, "no GeoIP database: start the server with --geoip-city,"
          + " --geoip-asn, --geoip-overlay or --geoip-anonymous");
    }
    InetAddress ip;
    try {
      ip = IpAddresses.parse(address);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, oneLine(e));
    }
    return ProductJson.toJson(GeoIpLookupJson.document(address, b.geoIp.locate(ip),
        b.geoIp.asn(ip), b.geoIp.anonymousIp(ip), b.anonymousIpDatabase));
  }

  /** {@code GET /v1/graph/query}: neighbours, hosts in a network, or hosts in a region. */
  private String graphQuery(Context ctx) {
    String neighbours = ctx.queryParam("neighbours");
    String hostsIn = ctx.queryParam("hosts_in");
    String region = ctx.queryParam("region");
    int given = (neighbours != null ? 1 : 0) + (hostsIn != null ? 1 : 0)
        + (region != null ? 1 : 0);
    if (given != 1) {
      throw new ApiException(400, "give exactly one of neighbours=NODE, hosts_in=ASN_OR_ORG or"
          + " region=disk:LAT,LON,RADIUS_KM|box:SOUTH,WEST,NORTH,EAST");
    }
    List<Node> nodes;
    if (neighbours != null) {
      if (!b.graph.containsNode(neighbours)) {
        throw new ApiException(404, "node " + neighbours + " is not in " + b.graphName);
      }
      Direction d;
      try {
        String dir = ctx.queryParam("direction");
        d = dir == null ? Direction.BOTH : Direction.valueOf(dir.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "direction must be OUT, IN or BOTH");
      }
      nodes = b.graph.neighbours(neighbours, ctx.queryParam("kind"), d);
    } else if (hostsIn != null) {
      nodes = b.graph.hostsIn(hostsIn);
    } else {
      GeoRegion g;
      try {
        g = GeoRegion.parse(region);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "region: " + oneLine(e));
      }
      nodes = b.graph.hostsIntersecting(g);
    }
    StringBuilder sb = new StringBuilder("{\"nodes\":[");
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(GraphJson.toJson(nodes.get(i)));
    }
    return sb.append("]}").toString();
  }

  private String status() {
    ObjectNode s = F.objectNode();
    s.putObject("events").put("last_id", hub.lastId()).put("oldest_id", hub.oldestId());
    s.putObject("sse").put("clients", hub.clients()).put("dropped_events", hub.droppedEvents())
        .put("cut_clients", hub.cutClients());
    s.putObject("live_probes").put("running", live.running())
        .put("limit", b.limits.maxLiveProbes());
    s.putObject("slow_clients").put("headers", deadlines.slowHeaders())
        .put("bodies", deadlines.slowBodies());
    s.put("listener_failures", listenerFailures.get());
    return ProductJson.toJson(s);
  }

  private final java.util.concurrent.atomic.AtomicLong listenerFailures =
      new java.util.concurrent.atomic.AtomicLong();

  /** Calls a listener; a failure is counted, never the request's. */
  void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      listenerFailures.incrementAndGet();
    }
  }

  /** The request attribute holding the id after which a stream starts. */
  private static final String EVENTS_AFTER = "geofusion.events.after";

  /**
   * The id after which a stream starts: the client's {@code Last-Event-ID}, or {@code now} (the
   * last id when the request arrived) without one.
   */
  private static long lastEventId(String header, long now) {
    if (header == null || header.isBlank()) {
      return now;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1L; // not ours: replay the window after a RESYNC
    }
  }

  /** {@code GET /events}: the SSE stream, resumable with {@code Last-Event-ID}. */
  private void events(SseClient client) {
    Long after = client.ctx().attribute(EVENTS_AFTER);
    long lastId = after != null ? after
        : lastEventId(client.ctx().header("Last-Event-ID"), hub.lastId());
    client.keepAlive();
    EventHub.Client[] self = new EventHub.Client[1];
    client.onClose(() -> {
      if (self[0] != null) {
        self[0].stop();
      }
    });
    try {
      self[0] = hub.subscribe(lastId, new EventHub.Sink() {
        @Override
        public void send(EventHub.Event e) throws IOException {
          if (client.terminated()) {
            throw new IOException("closed");
          }
          client.sendEvent(e.type(), e.data(), e.id() == 0 ? null : Long.toString(e.id()));
        }

        @Override
        public void comment(String text) throws IOException {
          if (client.terminated()) {
            throw new IOException("closed");
          }
          client.sendComment(text);
        }

        @Override
        public void close() {
          client.close();
        }
      });
    } catch (ApiException e) {
      client.sendEvent("error", "{\"error\":\"" + e.getMessage() + "\",\"status\":429}", null);
      client.close();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Endpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ApiException(404, "not found: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    compute.shutdownNow();
    live.close();
  }
}
