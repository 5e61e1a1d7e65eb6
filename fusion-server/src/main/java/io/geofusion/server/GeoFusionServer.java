package io.geofusion.server;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.OverflowPolicy;
import io.geofusion.graph.Subscription;
import io.geofusion.history.HistoryStore;
import io.geofusion.json.GraphJson;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.probe.remote.AgentHandler;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * GeoFusion as an HTTP service (docs/server.md): JSON endpoints over the locate pipeline, a
 * Server-Sent Events stream, and the map page when it is on the class path. Built on Javalin 7
 * and Jetty 12 (docs/decisions/http-server.md); no Javalin or Jetty type appears in this API.
 *
 * <pre>{@code
 * try (GeoFusionServer s = GeoFusionServer.builder(FusionEngine.create()).build().start()) {
 *   System.out.println("listening on " + s.address());
 *   s.awaitStop();
 * }
 * }</pre>
 *
 * <p><b>Safety.</b> It listens on loopback unless told otherwise; any other address needs a bearer
 * token ({@link Builder#token}), checked in constant time on every data endpoint. Every request
 * is bounded by {@link ServerLimits}: body size (413), JSON depth (400), time to send the headers
 * (the connection is closed), time and rate of the body (408), idle time, compute time (503),
 * live analyses at once (429) and their duration (504), event-stream clients (429).
 *
 * <p><b>Thread safety.</b> Requests run in parallel on Jetty's pool; everything shared is
 * thread-safe. {@link #start} once, {@link #close} once.
 */
public final class GeoFusionServer implements AutoCloseable {

  private final Builder b;
  private final EventHub hub;
  private final LiveLocations locations;
  private final ReadDeadlines readDeadlines;
  private final Endpoints endpoints;
  private final Subscription graphEvents;
  private Javalin app;
  private ServerConnector connector;

  private GeoFusionServer(Builder b) {
    this.b = b;
    this.hub = new EventHub(b.limits.sseQueue(), b.limits.maxSseClients(),
        b.limits.replayWindow());
    this.locations = new LiveLocations(hub, b.smoothingTauSeconds, 100_000, b.graph, b.ticker);
    this.readDeadlines = new ReadDeadlines(b.limits.headerDeadline().toNanos(),
        b.limits.bodyDeadline().toNanos(), b.limits.bodyRateGrace().toNanos(),
        b.limits.minBodyRate(), b.ticker);
    this.endpoints = new Endpoints(b, hub, locations, readDeadlines);
    // The graph's own subscriber queue: a burst larger than it drops GRAPH_CHANGE events
    // (counted by the graph) rather than ever slowing a writer.
    this.graphEvents = b.graph.subscribe("geofusion-server-events",
        ev -> hub.publish("GRAPH_CHANGE", GraphJson.toJson(ev)), 8192,
        OverflowPolicy.DROP_NEWEST);
  }

  /**
   * A builder serving {@code engine}'s fusion on {@code 127.0.0.1:8080}, without GeoIP, with an
   * empty graph, this machine's probes chosen automatically and position unknown.
   */
  public static Builder builder(FusionEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return new Builder(() -> engine);
  }

  /**
   * As {@link #builder(FusionEngine)}, with the engine made by {@code engine} on a background
   * thread from {@link Builder#build}: the server listens and answers at once, and the first
   * request that fuses waits until the engine is ready (its population prior takes about a
   * second to load). An engine that cannot be made fails those requests with 500.
   */
  public static Builder builder(Supplier<FusionEngine> engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /**
   * A builder for a server with only the probe-agent endpoint ({@code POST} {@value
   * AgentHandler#PATH}, docs/agents.md): what {@code geofusion agent} runs. No fusion engine is
   * made, no other endpoint, page or stream is served; the handler's bearer token authenticates
   * its requests, so any listen address is accepted (put it behind TLS off a private network).
   */
  public static Builder agentOnly(AgentHandler handler) {
    Builder b = new Builder(() -> {
      throw new IllegalStateException("an agent-only server fuses nothing");
    });
    b.agent(handler);
    b.agentOnly = true;
    return b;
  }

  /**
   * Binds and starts serving.
   *
   * @return this server
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public GeoFusionServer start() {
    if (b.history != null) {
      try {
        locations.seed(b.history::seed);
        b.history.startRetention();
      } catch (Exception e) {
        close();
        throw new IllegalStateException("cannot start from the history file: "
            + Endpoints.oneLine(e), e);
      }
    }
    app = Javalin.create(this::configure);
    try {
      app.start();
    } catch (RuntimeException e) {
      close();
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalStateException("cannot listen on " + text(b.listen) + ": "
          + root.getMessage(), e);
    }
    return this;
  }

  /** Where it listens (the port is the real one when 0 was asked for). */
  public InetSocketAddress address() {
    return new InetSocketAddress(b.listen.getAddress(), connector.getLocalPort());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * Publishes an event on {@code GET /events} as the built-in ones are (numbered, retained for
   * resumption), e.g. from an embedder's own route.
   *
   * @param type the SSE {@code event:} name
   * @param json the event's JSON document, one line
   * @return its id
   */
  public long publish(String type, String json) {
    return hub.publish(type, json);
  }

  /** The id of the last event published, 0 before the first (tests). */
  long lastEventId() {
    return hub.lastId();
  }

  /** Blocks until the server stops (Ctrl-C in the CLI). */
  public void awaitStop() throws InterruptedException {
    app.jettyServer().server().join();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    graphEvents.close();
    if (b.ownsGraph) {
      b.graph.close();
    }
    hub.close();
    if (b.history != null) {
      b.history.close();
    }
    readDeadlines.close();
    endpoints.close();
  }

  private void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.http.maxRequestSize = b.limits.maxBodyBytes();
    c.jetty.addConnector((server, httpConfig) -> {
      httpConfig.setSendServerVersion(false);
      ServerConnector sc = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
      sc.setHost(b.listen.getAddress().getHostAddress());
      sc.setPort(b.listen.getPort());
      sc.setIdleTimeout(b.limits.idleTimeout().toMillis());
      sc.addEventListener(readDeadlines);
      connector = sc;
      return sc;
    });
    if (b.agent != null) {
      c.routes.post(AgentHandler.PATH, this::agent);
    }
    if (!b.agentOnly && GeoFusionServer.class.getClassLoader()
        .getResource(MAP_SITE + "/index.html") != null) {
      c.staticFiles.add(sf -> {
        sf.hostedPath = "/";
        sf.directory = "/" + MAP_SITE;
        sf.location = Location.CLASSPATH;
      });
    }
    c.routes.before(this::authenticate);
    if (!b.agentOnly) {
      endpoints.register(c.routes);
    }
    if (b.history != null) {
      ServerHistory h = b.history;
      endpoints.registerExtra(c.routes, "GET", ServerHistory.PATH, h::history);
    }
    for (Builder.Extra x : b.extra) {
      endpoints.registerExtra(c.routes, x.method, x.path, x.route);
    }
    c.routes.exception(ApiException.class, (e, ctx) -> Endpoints.error(ctx, e.status(),
        e.getMessage()));
    c.routes.exception(HttpResponseException.class, (e, ctx) -> Endpoints.error(ctx,
        e.getStatus(), switch (e.getStatus()) {
          case 413 -> "request body larger than " + b.limits.maxBodyBytes()
              + " bytes; send less (limit --max-body)";
          case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path()
              + notFoundHint();
          default -> e.getMessage();
        }));
    c.routes.exception(Exception.class, (e, ctx) -> Endpoints.error(ctx, 500,
        "internal error: " + Endpoints.oneLine(e)));
    c.routes.error(404, "*", ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        Endpoints.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path()
            + notFoundHint());
      }
    });
  }

  /**
   * {@code POST /v1/agent/ping}: the body (read up to one byte over the handler's cap, so it
   * answers 413 itself) and the {@code Authorization} header go to the handler, whose answer is
   * written back as it is. The request's Jetty thread waits while the handler probes (at most
   * {@code AgentProbeRequest.MAX_DURATION} plus the backend's slack); the handler's own
   * concurrency cap answers 429 beyond it, so at most that many threads wait.
   */
  private void agent(Context ctx) throws Exception {
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(AgentHandler.MAX_BODY_BYTES + 1);
    } catch (Exception e) {
      throw endpoints.slowBody(ctx, e);
    }
    AgentHandler.Response r = b.agent.handle(ctx.header("Authorization"), body);
    r.headers().forEach(ctx::header);
    ctx.status(r.status()).contentType(AgentHandler.CONTENT_TYPE).result(r.body());
  }

  /** What a 404 suggests. */
  private String notFoundHint() {
    return b.agentOnly ? " (this probe agent serves POST " + AgentHandler.PATH + " only)"
        : " (see GET /openapi.json)";
  }

  /** The class-path folder of the map page (the map module puts index.html there). */
  static final String MAP_SITE = "io/geofusion/map/site";

  /** Bearer authentication of every data endpoint when a token is set. */
  private void authenticate(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > b.limits.maxBodyBytes()) {
      throw new ApiException(413, "request body larger than " + b.limits.maxBodyBytes()
          + " bytes; send less (limit --max-body)");
    }
    if (b.token == null || isPublic(ctx.path())
        || (b.agent != null && AgentHandler.PATH.equals(ctx.path()))) {
      // the agent endpoint is authenticated by the agent's own token (AgentHandler)
      return;
    }
    String given = null;
    String h = ctx.header("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = h.substring(7).strip();
    } else if ("GET".equals(ctx.req().getMethod())) {
      given = ctx.queryParam("access_token"); // RFC 6750 §2.3, for EventSource in browsers
    }
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        b.token.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"geofusion\"");
      throw new ApiException(401, given == null
          ? "authentication required: send 'Authorization: Bearer TOKEN' (the token of"
              + " --token-file)"
          : "wrong bearer token: send the token of the server's --token-file");
    }
  }

  /** The page, its assets and the API description carry no data: served without a token. */
  private static boolean isPublic(String path) {
    return !path.startsWith("/v1/") && !path.equals("/events");
  }

  private static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Builds a {@link GeoFusionServer}; not thread-safe. */
  public static final class Builder {
    private final Supplier<FusionEngine> engineSource;
    private FutureTask<FusionEngine> engine;
    InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
    String token;
    ServerLimits limits = ServerLimits.DEFAULTS;
    GeoIpService geoIp = GeoIpService.empty();
    boolean geoIpGiven;
    boolean anonymousIpDatabase;
    EntityGraph graph;
    String graphName = "the server's graph";
    boolean ownsGraph;
    ProbeSelector probes;
    LatLon vantage;
    ServerListener listener = new ServerListener() {};
    HistoryStore historyStore;
    Duration retentionPeriod = Duration.ofHours(1);
    ServerHistory history;
    AgentHandler agent;
    boolean agentOnly;
    double smoothingTauSeconds = 300;
    LongSupplier ticker = System::nanoTime;
    Clock clock = Clock.systemUTC();
    final List<Extra> extra = new ArrayList<>();

    record Extra(String method, String path, ExtraRoute route) {}

    private Builder(Supplier<FusionEngine> engine) {
      this.engineSource = engine;
    }

    /** The engine, waiting for it when it is still being made. */
    FusionEngine engine() {
      try {
        return engine.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(503, "interrupted while the fusion engine was being made");
      } catch (ExecutionException e) {
        throw new IllegalStateException("the fusion engine could not be made: "
            + Endpoints.oneLine(e.getCause()), e.getCause());
      }
    }

    /** Where to listen; port 0 picks a free one. */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The bearer token every data request must carry; required off loopback. */
    public Builder token(String bearerToken) {
      if (bearerToken != null && (bearerToken.isBlank() || bearerToken.length() < 16)) {
        throw new IllegalArgumentException("a bearer token needs at least 16 characters");
      }
      this.token = bearerToken;
      return this;
    }

    /** The request bounds. */
    public Builder limits(ServerLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * The GeoIP, ASN and anonymous-IP databases (closed by the caller after the server).
     *
     * @param anonymousIpDatabase whether an anonymous-IP database is among them
     */
    public Builder geoIp(GeoIpService service, boolean anonymousIpDatabase) {
      this.geoIp = Objects.requireNonNull(service, "service");
      this.geoIpGiven = true;
      this.anonymousIpDatabase = anonymousIpDatabase;
      return this;
    }

    /**
     * The entity graph that {@code GET /v1/graph/query} reads and located hosts are added to
     * (e.g. one loaded from a snapshot); its events are streamed as {@code GRAPH_CHANGE}.
     *
     * @param name how error messages name it (e.g. the snapshot's file name)
     */
    public Builder graph(EntityGraph g, String name) {
      this.graph = Objects.requireNonNull(g, "graph");
      this.graphName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How live analyses choose their probes (default: {@code Probers.selector("auto", …)}). */
    public Builder probes(ProbeSelector selector) {
      this.probes = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /** Where this machine is, so live analyses can place their RTTs. */
    public Builder vantage(LatLon at) {
      this.vantage = at;
      return this;
    }

    /** Hears every measurement and location result (e.g. a history store). */
    public Builder listener(ServerListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Wires a history file in (docs/history.md): every {@code POST /v1/locate} target and
     * {@code POST /v1/analyze} is recorded into it before the response is sent (a failed write
     * is counted in {@code /v1/status} as a listener failure, never the request's); {@code GET
     * /v1/history/{address}?since=T} answers what {@code geofusion history --json} prints;
     * {@code GET /v1/locations} starts from the newest located result of each recorded address,
     * seeded into the smoother at its age; the store's retention is applied at {@link #start}
     * and then every {@code retentionPeriod}. The store stays the caller's: close it after the
     * server.
     *
     * @param retentionPeriod how often to apply retention, at least one second
     */
    public Builder history(HistoryStore store, Duration retentionPeriod) {
      Objects.requireNonNull(store, "store");
      if (retentionPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("the retention period must be at least 1 s, got "
            + retentionPeriod);
      }
      if (store.readOnly()) {
        throw new IllegalArgumentException("the history file " + store.file()
            + " is open read-only; the server records into it");
      }
      this.historyStore = store;
      this.retentionPeriod = retentionPeriod;
      return this;
    }

    /**
     * Mounts a probe agent at {@code POST} {@value AgentHandler#PATH} (docs/agents.md), so this
     * server also answers {@code analyze --agents} of other installations. Its requests carry
     * the agent's bearer token, checked by the handler (not the server's token); its body cap
     * ({@value AgentHandler#MAX_BODY_BYTES} bytes) and concurrency cap are the handler's.
     */
    public Builder agent(AgentHandler handler) {
      this.agent = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** τ of the temporal smoothing of {@code HOST_LOCATION} (default 300 s). */
    public Builder smoothingTauSeconds(double tau) {
      if (!(tau > 0) || Double.isInfinite(tau)) {
        throw new IllegalArgumentException("the smoothing time constant must be > 0 s, got "
            + tau);
      }
      this.smoothingTauSeconds = tau;
      return this;
    }

    /**
     * Adds a route (e.g. {@code GET /v1/history/{address}}) behind the same authentication,
     * limits and JSON errors.
     *
     * @param method {@code GET} or {@code POST}
     * @param path a Javalin path with {@code {name}} parameters
     */
    public Builder route(String method, String path, ExtraRoute route) {
      if (!"GET".equals(method) && !"POST".equals(method)) {
        throw new IllegalArgumentException("extra routes are GET or POST, got " + method);
      }
      extra.add(new Extra(method, Objects.requireNonNull(path, "path"),
          Objects.requireNonNull(route, "route")));
      return this;
    }

    /** The monotonic clock of smoothing and deadlines (tests). */
    Builder ticker(LongSupplier t) {
      this.ticker = t;
      return this;
    }

    /**
     * Checks the combination and builds the server (not started).
     *
     * @throws IllegalStateException when the address is not loopback and no token is set
     */
    public GeoFusionServer build() {
      if (!listen.getAddress().isLoopbackAddress() && token == null && !agentOnly) {
        throw new IllegalStateException("refusing to listen on " + text(listen)
            + " without a bearer token: give --token-file FILE, or listen on 127.0.0.1");
      }
      if (graph == null) {
        // The server replays its own event window, not the graph's: keep few graph events.
        graph = EntityGraph.builder().retainEvents(1024).build();
        ownsGraph = true;
      }
      if (historyStore != null && history == null) {
        history = new ServerHistory(historyStore, anonymousIpDatabase, retentionPeriod);
        ServerListener user = listener;
        listener = new ServerListener() {
          @Override
          public void onMeasurement(String target, VantageObservation o, Instant at) {
            user.onMeasurement(target, o, at);
          }

          @Override
          public void onAnalysis(Analysis analysis, Analysis.Result result, Instant at) {
            try {
              history.onAnalysis(analysis, result, at);
            } finally {
              user.onAnalysis(analysis, result, at);
            }
          }

          @Override
          public void onLocation(String target, FusionResult result, Instant at) {
            user.onLocation(target, result, at);
          }

          @Override
          public void onFused(String target, List<VantageObservation> vantages,
              FusionResult result, Instant at) {
            try {
              history.onFused(target, vantages, result, at);
            } finally {
              user.onFused(target, vantages, result, at);
            }
          }
        };
      }
      engine = new FutureTask<>(engineSource::get);
      if (!agentOnly) {
        Thread t = new Thread(engine, "geofusion-engine");
        t.setDaemon(true);
        t.start();
      }
      return new GeoFusionServer(this);
    }
  }
}
