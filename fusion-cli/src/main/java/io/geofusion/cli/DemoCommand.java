package io.geofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion demo}: writes a small example data set made by the project itself (see
 * {@link DemoData}) and runs the main analyses on it, printing each command before its output so
 * a new user can re-run and vary them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Write example data (a recorded traceroute with the classic slow-ICMP artifact, pings, a"
          + " ground-truth set) and run the analyses on it.",
      "Nothing is probed: the data is synthetic and generated locally."
    })
final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "geofusion-demo",
      description = "Folder for the example files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "20261126",
      description = "Seed of the synthetic RTT noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--serve",
      description = "Instead of running the analyses, serve the example data over HTTP"
          + " (docs/server.md): the demo GeoIP database, the vantage, and the ground-truth"
          + " targets located once so /v1/locations and the map have something to show.")
  boolean serve;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      description = "With --serve: where to listen (default ${DEFAULT-VALUE}; loopback only).")
  String listen;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter o = spec.commandLine().getOut();
    List<Path> files = DemoData.write(out, seed);
    o.println("Example data written to " + out.toAbsolutePath() + ":");
    for (Path f : files) {
      o.println("  " + f.getFileName());
    }
    o.println();
    if (serve) {
      return DemoServer.serve(out, listen, o);
    }
    List<String[]> steps = new ArrayList<>();
    steps.add(new String[] {"traceroute", "--input", out.resolve("traceroute.json").toString()});
    steps.add(new String[] {"geo-path", "--input", out.resolve("traceroute.json").toString(),
        "--from", DemoData.VANTAGE.lat() + "," + DemoData.VANTAGE.lon(), "--geoip-city",
        out.resolve("geoip-demo.mmdb").toString()});
    steps.add(new String[] {"analyze", "--input", out.resolve("pings.jsonl").toString(),
        "--vantages", out.resolve("vantages.csv").toString(),
        "--geoip-city", out.resolve("geoip-demo.mmdb").toString()});
    CommandLine root = spec.root().commandLine();
    if (root.getSubcommands().containsKey("eval")) {
      steps.add(new String[] {"eval", "--input", out.resolve("groundtruth.ndjson").toString()});
    }
    int worst = 0;
    for (String[] step : steps) {
      o.println("$ geofusion " + String.join(" ", step));
      o.flush();
      CommandLine sub = root.getSubcommands().get(step[0]);
      String[] args = new String[step.length - 1];
      System.arraycopy(step, 1, args, 0, args.length);
      int rc = sub.execute(args);
      worst = Math.max(worst, rc);
      o.println();
    }
    o.flush();
    return worst;
  }
}
