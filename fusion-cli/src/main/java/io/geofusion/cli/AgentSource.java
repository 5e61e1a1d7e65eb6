package io.geofusion.cli;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.remote.AgentFleet;
import io.geofusion.probe.remote.AgentVantage;
import io.geofusion.probe.remote.AgentVantagesFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code analyze TARGET --agents FILE}: the library's {@link AgentFleet} over the agents of a
 * vantages file, pinging as the local ping does, with one stderr line per agent and target
 * saying whether it answered, failed or timed out.
 */
final class AgentSource {

  private AgentSource() {}

  /** The fleet of {@code file}; bad files and settings are one-line errors. */
  static AgentFleet fleet(Path file, LiveOptions live, LiveOptions.Ping ping, PrintWriter err)
      throws IOException {
    List<AgentVantage> agents;
    try {
      agents = AgentVantagesFile.read(file);
    } catch (AgentVantagesFile.AgentFileException e) {
      throw new Failure(e.getMessage(), e);
    }
    LiveOptions.MethodChoice mc = live.methodChoice();
    ProbeMethod m = mc.method() == null ? ProbeMethod.ICMP : mc.method();
    Duration interval = LiveOptions.duration("--interval", ping.interval);
    Duration timeout = LiveOptions.duration("--timeout", live.timeout);
    try {
      return AgentFleet.builder(agents).method(m, m == ProbeMethod.ICMP ? null : mc.port())
          .ping(ping.count, interval, timeout).listener(r -> report(r, err)).build();
    } catch (IllegalArgumentException e) {
      throw new UsageError("--agents: " + e.getMessage());
    }
  }

  private static void report(AgentFleet.Report r, PrintWriter err) {
    long answered = r.outcomes().stream().filter(o -> o.status() == AgentFleet.Status.ANSWERED)
        .count();
    StringBuilder b = new StringBuilder();
    b.append("geofusion: agents for ").append(r.target().addressText()).append(": ")
        .append(answered).append(" of ").append(r.outcomes().size()).append(" answered");
    for (AgentFleet.Outcome o : r.outcomes()) {
      b.append(System.lineSeparator()).append("geofusion:   ").append(o.agent().id())
          .append(' ').append(o.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append(": ").append(o.detail());
    }
    synchronized (err) {
      err.println(b);
      err.flush();
    }
  }
}
