package io.geofusion.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.geofusion.probe.backend.Probers;
import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion agent}: this machine as a probe agent for other GeoFusion installations
 * ({@code analyze --agents}), until the server ({@code geofusion serve}) mounts the same
 * {@link AgentHandler}. A JDK HTTP server; the handler does all the checking.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Serve as a probe agent: answer authenticated ping requests from other"
        + " GeoFusion installations (analyze --agents) with this machine's RTTs"
        + " (protocol: docs/agents.md). Plain HTTP: put it behind TLS (a reverse proxy) on a"
        + " public network."})
final class AgentCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8473",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--token-file", paramLabel = "FILE", required = true,
      description = "File whose first line is the bearer token clients must send.")
  Path tokenFile;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
      description = "Probing backend (as in probe), or auto (default).")
  String backend;

  @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "4",
      description = "Requests probing at once, 1-64 (default ${DEFAULT-VALUE}).")
  int maxConcurrent;

  @Override
  public Integer call() throws IOException, InterruptedException {
    HttpServer server = start(handler(), address(listen));
    PrintWriter err = spec.commandLine().getErr();
    err.println("geofusion: agent listening on http://" + listen + AgentHandler.PATH);
    err.flush();
    new CountDownLatch(1).await(); // until the process is stopped
    server.stop(0);
    return 0;
  }

  private AgentHandler handler() throws IOException {
    AgentHandler.Builder b;
    try {
      b = AgentHandler.builder(token(tokenFile)).maxConcurrent(maxConcurrent);
      if (!"auto".equals(backend)) {
        b.prober(Probers.byName(backend));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    return b.build();
  }

  private static String token(Path file) throws IOException {
    try {
      for (String l : TextLines.readAllLines(file)) {
        if (!l.isBlank()) {
          return l.strip();
        }
      }
    } catch (NoSuchFileException e) {
      throw new Failure(file + ": no such file; check --token-file");
    } catch (TextLines.NotUtf8Exception e) {
      throw new Failure(e.getMessage(), e);
    }
    throw new Failure(file + ": empty; put the token on its first line");
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      return new InetSocketAddress(host, port);
    } catch (RuntimeException e) {
      throw new UsageError("--listen must be HOST:PORT, got '" + hostPort + "'");
    }
  }

  /** Serves {@code handler} at {@link AgentHandler#PATH} on {@code at}; stop it when done. */
  static HttpServer start(AgentHandler handler, InetSocketAddress at) throws IOException {
    HttpServer server = HttpServer.create(at, 16);
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "geofusion-agent");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext(AgentHandler.PATH, ex -> {
      try (ex) {
        serve(handler, ex);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    return server;
  }

  private static void serve(AgentHandler handler, HttpExchange ex)
      throws IOException, InterruptedException {
    AgentHandler.Response r;
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "POST");
      ex.sendResponseHeaders(405, -1);
      return;
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(AgentHandler.MAX_BODY_BYTES + 1);
      r = handler.handle(ex.getRequestHeaders().getFirst("Authorization"), body);
    }
    byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", AgentHandler.CONTENT_TYPE);
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(r.status(), out.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(out);
    }
  }
}
