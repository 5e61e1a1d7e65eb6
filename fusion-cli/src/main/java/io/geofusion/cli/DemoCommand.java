package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.ProductJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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

  @Option(names = "--json",
      description = "Print one JSON document instead: the folder, the files written and, per"
          + " command run, its arguments, exit code and --json document.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter o = spec.commandLine().getOut();
    List<Path> files = DemoData.write(out, seed);
    List<String[]> steps = steps();
    if (json) {
      return printJson(o, files, steps);
    }
    o.println("Example data written to " + out.toAbsolutePath() + ":");
    for (Path f : files) {
      o.println("  " + f.getFileName());
    }
    o.println();
    if (serve) {
      return DemoServer.serve(out, listen, o);
    }
    CommandLine root = spec.root().commandLine();
    int worst = 0;
    for (String[] step : steps) {
      o.println("$ geofusion " + String.join(" ", step));
      o.flush();
      worst = Math.max(worst, root.getSubcommands().get(step[0]).execute(args(step)));
      o.println();
    }
    o.flush();
    return worst;
  }

  /**
   * {@code --json}: one document {@code {"directory", "files": [...], "commands": [{"command":
   * [...], "exit_code", "output"}]}}, each command run with {@code --json} and its document kept
   * as {@code output} (null when it printed none).
   */
  private int printJson(PrintWriter o, List<Path> files, List<String[]> steps) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("directory", out.toAbsolutePath().toString());
    ArrayNode names = root.putArray("files");
    files.forEach(f -> names.add(f.getFileName().toString()));
    ArrayNode commands = root.putArray("commands");
    int worst = 0;
    for (String[] step : steps) {
      CommandLine sub = spec.root().commandLine().getSubcommands().get(step[0]);
      StringWriter captured = new StringWriter();
      PrintWriter before = sub.getOut();
      sub.setOut(new PrintWriter(captured));
      String[] args = Arrays.copyOf(args(step), step.length);
      args[args.length - 1] = "--json";
      int rc;
      try {
        rc = sub.execute(args);
      } finally {
        sub.setOut(before);
      }
      worst = Math.max(worst, rc);
      ObjectNode c = commands.addObject();
      ArrayNode argv = c.putArray("command").add("geofusion").add(step[0]);
      Arrays.stream(args).forEach(argv::add);
      c.put("exit_code", rc);
      String text = captured.toString().strip();
      c.set("output", text.isEmpty() ? null : ProductJson.fromJson(text, JsonNode.class));
    }
    o.println(ProductJson.toPrettyJson(root));
    o.flush();
    return worst;
  }

  private static String[] args(String[] step) {
    return Arrays.copyOfRange(step, 1, step.length);
  }

  /** The commands the demo runs on its data, each as {name, arguments...}. */
  private List<String[]> steps() {
    List<String[]> steps = new ArrayList<>();
    steps.add(new String[] {"traceroute", "--input", out.resolve("traceroute.json").toString()});
    steps.add(new String[] {"geo-path", "--input", out.resolve("traceroute.json").toString(),
        "--from", DemoData.VANTAGE.lat() + "," + DemoData.VANTAGE.lon(), "--geoip-city",
        out.resolve("geoip-demo.mmdb").toString()});
    steps.add(new String[] {"analyze", "--input", out.resolve("pings.jsonl").toString(),
        "--vantages", out.resolve("vantages.csv").toString(),
        "--geoip-city", out.resolve("geoip-demo.mmdb").toString()});
    if (spec.root().commandLine().getSubcommands().containsKey("eval")) {
      steps.add(new String[] {"eval", "--input", out.resolve("groundtruth.ndjson").toString()});
    }
    return steps;
  }
}
