package io.geofusion.cli;

import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.server.GeoFusionServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion agent}: this machine as a probe agent for other GeoFusion installations
 * ({@code analyze --agents}): the library's server ({@link GeoFusionServer#agentOnly}) with only
 * the {@link AgentHandler} endpoint, the one {@code serve --agent-token-file} mounts.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Serve as a probe agent: answer authenticated ping requests from other"
        + " GeoFusion installations (analyze --agents) with this machine's RTTs"
        + " (protocol: docs/agents.md). Plain HTTP: put it behind TLS (a reverse proxy) on a"
        + " public network. 'geofusion serve --agent-token-file FILE' serves the same endpoint"
        + " beside the others."})
final class AgentCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8473",
      description = "Address to listen on (default ${DEFAULT-VALUE}; port 0 picks a free one).")
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
    GeoFusionServer server = start(Serving.agent(tokenFile, backend, maxConcurrent),
        Serving.address(listen));
    try (server) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("geofusion: agent listening on " + server.url() + AgentHandler.PATH);
      err.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "geofusion-agent-stop"));
      server.awaitStop();
    }
    return 0;
  }

  /** Serves {@code handler} alone at {@link AgentHandler#PATH} on {@code at}; close it when done. */
  static GeoFusionServer start(AgentHandler handler, InetSocketAddress at) {
    try {
      return GeoFusionServer.agentOnly(handler).listen(at).build().start();
    } catch (IllegalStateException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
