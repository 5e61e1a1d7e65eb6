package io.geofusion.cli;

import io.geofusion.geoip.GeoIpService;
import io.geofusion.graph.EntityGraph;
import io.geofusion.history.HistoryStore;
import io.geofusion.history.Retention;
import io.geofusion.history.Times;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.server.GeoFusionServer;
import io.geofusion.server.ServerLimits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion serve}: the library's HTTP server ({@link GeoFusionServer}, docs/server.md)
 * with the options turned into its builder's calls; nothing else happens here.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve GeoFusion over HTTP: JSON endpoints (locate, analyze, geo-path, GeoIP,"
        + " graph query, locations), a Server-Sent Events stream at /events, the OpenAPI"
        + " description at /openapi.json (docs/server.md).",
        "Listens on loopback unless --listen says otherwise; any other address needs"
            + " --token-file. Stop it with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      description = "Address and port (default ${DEFAULT-VALUE}; port 0 picks a free one).")
  String listen;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File whose first line is the bearer token every /v1/ and /events request"
          + " must carry (at least 16 characters); required off loopback.")
  Path tokenFile;

  @Option(names = "--graph", paramLabel = "SNAPSHOT",
      description = "Graph snapshot for /v1/graph/query (from 'geofusion graph load'); located"
          + " hosts are added to it in memory, never written back.")
  Path graph;

  @Option(names = {"--from", "--vantage"}, paramLabel = "LAT,LON",
      description = "Where this machine is, so /v1/analyze can place its RTTs.")
  String from;

  @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(names = "--body-deadline", paramLabel = "TIME", defaultValue = "60s",
      description = "Longest the server waits for one request body, counting only the time it"
          + " waits for bytes (default ${DEFAULT-VALUE}); then 408 and the connection is closed.")
  String bodyDeadline;

  @Option(names = "--min-body-rate", paramLabel = "BYTES_PER_S", defaultValue = "1024",
      description = "Slowest a request body may arrive, averaged after 5 s of waiting (default"
          + " ${DEFAULT-VALUE} bytes/s; 0: no minimum); slower gets 408.")
  long minBodyRate;

  @Option(names = "--max-live-probes", paramLabel = "N", defaultValue = "2",
      description = "Live analyses at once (default ${DEFAULT-VALUE}); more get 429.")
  int maxLiveProbes;

  @Option(names = "--db", paramLabel = "FILE",
      description = "Record every measurement and location result into this history file"
          + " (DuckDB, created when absent), answer GET /v1/history/{address} from it, and start"
          + " /v1/locations from what it holds (docs/history.md).")
  Path db;

  @Option(names = "--retention", paramLabel = "AGE",
      description = "With --db: delete what is older than AGE (e.g. 30d, 12h) at start-up and"
          + " every hour. Default: keep everything.")
  String retention;

  @Option(names = "--agent-token-file", paramLabel = "FILE",
      description = "Also serve as a probe agent (POST /v1/agent/ping, as 'geofusion agent'):"
          + " requests must carry the bearer token on this file's first line (docs/agents.md).")
  Path agentTokenFile;

  @CommandLine.Mixin GeoIpOptions geoipOptions;

  @CommandLine.Mixin AnonymousIpOption anonymousIp = new AnonymousIpOption();

  @CommandLine.Mixin FusionOptions fusion = new FusionOptions();

  @Override
  public Integer call() throws IOException, InterruptedException {
    fusion.parameters(); // bad fusion options: a usage error before anything listens
    GeoFusionServer.Builder b = GeoFusionServer.builder(fusion::engine)
        .listen(Serving.address(listen)).vantage(LatLonOption.parse(from, "--from"))
        .limits(limits());
    if (tokenFile != null) {
      b.token(token(tokenFile));
    }
    if (agentTokenFile != null) {
      b.agent(Serving.agent(agentTokenFile, "auto", AgentHandler.DEFAULT_MAX_CONCURRENT));
    }
    Retention keep = retention();
    try (HistoryStore history = db == null ? null
            : HistoryStore.builder(db).retention(keep).open();
        GeoIpService geoip = geoipOptions.open(anonymousIp);
        EntityGraph g = graph == null ? null : EntityGraph.builder()
            .buildFrom(graph, GraphSnapshots.FORMAT)) {
      if (!geoipOptions.none() || anonymousIp.given()) {
        b.geoIp(geoip, anonymousIp.given());
      }
      if (g != null) {
        b.graph(g, graph.toString());
      }
      if (history != null) {
        b.history(history, RETENTION_PERIOD);
      }
      return run(b, spec.commandLine().getOut(), history);
    } catch (NoSuchFileException e) {
      throw new Failure(e.getFile() + ": no such file; check --graph");
    }
  }

  /**
   * Builds, starts, says where, and serves until stopped; on Ctrl-C the server stops first, then
   * {@code history} (when not null) is closed, so its file is checkpointed before the JVM exits.
   */
  static int run(GeoFusionServer.Builder b, PrintWriter out, HistoryStore history)
      throws InterruptedException {
    GeoFusionServer server;
    try {
      server = b.build().start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    try (server) {
      out.println("geofusion: serving on " + server.url() + " (docs/server.md; Ctrl-C stops)");
      out.flush();
      GeoFusionServer s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        s.close();
        if (history != null) {
          try {
            history.close();
          } catch (IOException e) {
            // the write-ahead log is replayed at the next open
          }
        }
      }, "geofusion-serve-stop"));
      server.awaitStop();
    }
    return 0;
  }

  /** How often a server with {@code --db} applies its retention. */
  static final Duration RETENTION_PERIOD = Duration.ofHours(1);

  private Retention retention() {
    if (retention == null) {
      return Retention.keepAll();
    }
    if (db == null) {
      throw new UsageError("--retention needs --db FILE (the history file it applies to)");
    }
    try {
      return Retention.keepAll().withMaxAge(Times.duration(retention));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--retention: " + e.getMessage());
    }
  }

  private ServerLimits limits() {
    try {
      Duration deadline;
      try {
        deadline = Times.duration(bodyDeadline);
      } catch (IllegalArgumentException e) {
        throw new UsageError("--body-deadline: " + e.getMessage());
      }
      if (minBodyRate < 0) {
        throw new UsageError("--min-body-rate: give bytes per second >= 0 (0: no minimum), got "
            + minBodyRate);
      }
      ServerLimits d = ServerLimits.DEFAULTS;
      return d.withMaxBodyBytes(maxBody).withMaxLiveProbes(maxLiveProbes)
          .withBodyDeadline(deadline, minBodyRate, d.bodyRateGrace());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** The first line of the token file. */
  static String token(Path file) {
    List<String> lines;
    try {
      lines = TextLines.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new UsageError(file + ": no such file; check --token-file");
    } catch (IOException e) {
      throw new Failure(file + ": cannot read the token: " + e.getMessage(), e);
    }
    String t = lines.isEmpty() ? "" : lines.get(0).strip();
    if (t.length() < 16) {
      throw new UsageError(file + ": the token must be one line of at least 16 characters"
          + " (e.g. from 'openssl rand -hex 24')");
    }
    return t;
  }
}
