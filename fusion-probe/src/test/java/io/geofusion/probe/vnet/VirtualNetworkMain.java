package io.geofusion.probe.vnet;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.backend.Probers;
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hosts a virtual network for side-by-side comparisons (fusion-bench/scripts/traceroute-compare.sh).
 *
 * <p>Usage: {@code VirtualNetworkMain SCENARIO DIR}. Writes the namespace name to {@code DIR/ns},
 * then serves requests read line by line from the FIFO {@code DIR/req}, answering each on the
 * FIFO {@code DIR/resp}: {@code trace METHOD [IN_FLIGHT]} runs one traceroute (TraceRequest
 * defaults: 30 hops, 3 queries, {@code -w 5,3,10} as traceroute; 48 in flight unless given)
 * inside the namespace with the automatically selected backend; {@code scenario NAME} switches the emulated path;
 * {@code quit} ends. The namespace is deleted on exit, including on SIGTERM.
 */
public final class VirtualNetworkMain {

  private VirtualNetworkMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: VirtualNetworkMain SCENARIO DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    Scenario scenario = Scenario.load(args[0]);
    VirtualNetwork net = VirtualNetwork.start(scenario);
    try {
      Thread hook = new Thread(() -> {
        try {
          net.close();
        } catch (IOException e) {
          System.err.println("cleanup failed: " + e.getMessage());
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      Path req = dir.resolve("req");
      Path resp = dir.resolve("resp");
      Files.writeString(dir.resolve("ns.tmp"), net.name() + "\n");
      Files.move(dir.resolve("ns.tmp"), dir.resolve("ns"));
      System.err.println("serving " + scenario.name() + " in " + net.name() + " (handler "
          + net.scheduling() + ")");
      while (true) {
        String line;
        try (BufferedReader in = new BufferedReader(new FileReader(req.toFile()))) {
          line = in.readLine();
        }
        if (line == null) {
          continue;
        }
        String[] w = line.trim().split("\\s+");
        String answer;
        if (w[0].equals("quit")) {
          reply(resp, "bye");
          break;
        } else if (w[0].equals("scenario") && w.length == 2) {
          scenario = Scenario.load(w[1]);
          net.emulate(scenario);
          answer = "ok " + scenario.name();
        } else if (w[0].equals("trace")) {
          ProbeMethod m = w.length > 1 ? ProbeMethod.valueOf(w[1].toUpperCase(java.util.Locale.ROOT))
              : ProbeMethod.UDP;
          Scenario s = scenario;
          int inFlight = w.length > 2 ? Integer.parseInt(w[2]) : 48;
          TraceResult r = net.call(() -> {
            TraceRequest t = TraceRequest.builder(s.destinationAddress()).method(m)
                .probesInFlight(inFlight).build();
            Prober p = Probers.select(t).prober();
            return p.trace(t);
          });
          answer = r.backend() + " hops=" + r.path().hops().size() + " reached="
              + r.reachedDestination() + " ms=" + r.elapsed().toNanos() / 1e6;
        } else {
          answer = "unknown request: " + line;
        }
        reply(resp, answer);
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    } finally {
      net.close();
    }
  }

  private static void reply(Path resp, String text) throws IOException {
    try (Writer out = new FileWriter(resp.toFile())) {
      out.write(text + "\n");
    }
  }
}
