package io.geofusion.probe.internal;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeFailedException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TimestampSource;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import java.io.File;
import java.io.IOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The portable fallback: the system's iputils {@code ping} and Linux {@code traceroute} (2.1)
 * run as processes and their text read back ({@link SystemToolParser}). RTTs have the tools'
 * printed resolution (ping: 3 significant digits, traceroute: 1 µs). The process is killed at
 * the request's deadline; what it printed until then is kept. Stateless, thread-safe.
 */
public final class SystemToolProber implements Prober {

  @Override
  public String name() {
    return "system";
  }

  @Override
  public Optional<String> unavailableReason(Operation operation, ProbeMethod method, boolean ipv6) {
    if (operation == Operation.PING) {
      if (method != ProbeMethod.ICMP) {
        return Optional.of("system ping sends ICMP only (asked for " + method + ")");
      }
      return ToolRunner.find("ping").isPresent() ? Optional.empty()
          : Optional.of("`ping` is not installed (Debian/Ubuntu: apt install iputils-ping)");
    }
    if (ToolRunner.find("traceroute").isEmpty()) {
      return Optional.of("`traceroute` is not installed (Debian/Ubuntu: apt install traceroute)");
    }
    if (method != ProbeMethod.UDP && !Privileges.privileged()) {
      return Optional.of("traceroute -" + (method == ProbeMethod.ICMP ? "I" : "T")
          + " needs root (raw sockets)");
    }
    return Optional.empty();
  }

  private void require(Operation op, ProbeMethod m, boolean v6) throws ProbeUnavailableException {
    Optional<String> why = unavailableReason(op, m, v6);
    if (why.isPresent()) {
      throw new ProbeUnavailableException(name() + ": " + why.get());
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  @Override
  public PingResult ping(PingRequest r) throws ProbeException, InterruptedException {
    boolean v6 = r.target() instanceof Inet6Address;
    require(Operation.PING, r.method(), v6);
    if (r.interval().compareTo(PingRequest.MIN_UNPRIVILEGED_INTERVAL) < 0
        && !Privileges.privileged()) {
      throw new IllegalArgumentException("an interval below 200 ms needs root (as with ping), got "
          + r.interval().toMillis() + " ms");
    }
    File ping = ToolRunner.find("ping").orElseThrow();
    long deadlineS = Math.max(1, (r.deadline().toMillis() + 999) / 1000);
    List<String> cmd = List.of(ping.getPath(), v6 ? "-6" : "-4", "-n", "-c",
        Integer.toString(r.count()), "-i", seconds(r.interval()), "-W", seconds(r.timeout()),
        "-s", Integer.toString(r.payloadBytes()), "-t",
        Integer.toString(r.ttl()), AddressText.of(r.target()));
    // No -w: with a deadline iputils ping stops at the first ICMP error ("if (deadline &&
    // nerrors) break" in its main loop), so later probes would go unreported. The process is
    // killed at the deadline instead, keeping what it printed.
    Instant started = Instant.now();
    ToolRunner.Output out;
    try {
      out = ToolRunner.run(cmd, Duration.ofSeconds(deadlineS + 1).toNanos());
    } catch (IOException e) {
      throw new ProbeFailedException(name() + ": cannot run " + cmd.get(0) + ": " + e.getMessage(),
          e);
    }
    // iputils ping exits 1 when some probes got no reply and 2 on other errors.
    if (out.exitCode() == 2 || (out.exitCode() != 0 && !out.stdout().contains("PING"))) {
      throw new ProbeFailedException(name() + ": " + String.join(" ", cmd) + " failed (exit "
          + out.exitCode() + "): " + firstLine(out.stderr()));
    }
    SystemToolParser.PingLines lines = SystemToolParser.parsePing(out.stdout(), r.count());
    List<Double> rtts = new ArrayList<>();
    for (double v : lines.rttsMs()) {
      rtts.add(v);
    }
    return new PingResult(AddressText.of(r.target()), r.method(), name(),
        TimestampSource.EXTERNAL_TOOL, started, rtts, Arrays.asList(lines.responders()),
        Arrays.asList(lines.errors()));
  }

  @Override
  public TraceResult trace(TraceRequest r) throws ProbeException, InterruptedException {
    boolean v6 = r.target() instanceof Inet6Address;
    require(Operation.TRACE, r.method(), v6);
    File tr = ToolRunner.find("traceroute").orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(tr.getPath(), v6 ? "-6" : "-4", "-n", "-e",
        "-q", Integer.toString(r.queriesPerHop()),
        "-w", seconds(r.probeWait()) + "," + r.hereFactor() + "," + r.nearFactor(),
        "-f", Integer.toString(r.firstTtl()), "-m", Integer.toString(r.maxTtl()),
        "-N", Integer.toString(Math.min(r.probesInFlight(), 255))));
    switch (r.method()) {
      case ICMP -> cmd.add("-I");
      case TCP -> cmd.addAll(List.of("-T", "-p", Integer.toString(r.port())));
      case UDP -> cmd.addAll(List.of("-p", Integer.toString(r.port())));
      default -> throw new AssertionError(r.method());
    }
    cmd.add(AddressText.of(r.target()));
    int headers = (v6 ? 40 : 20) + (r.method() == ProbeMethod.TCP ? 20 : 8);
    cmd.add(Integer.toString(headers + r.payloadBytes()));
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    ToolRunner.Output out;
    try {
      out = ToolRunner.run(cmd, r.deadline().toNanos());
    } catch (IOException e) {
      throw new ProbeFailedException(name() + ": cannot run " + cmd.get(0) + ": " + e.getMessage(),
          e);
    }
    if (!out.killed() && out.exitCode() != 0) {
      throw new ProbeFailedException(name() + ": " + String.join(" ", cmd) + " failed (exit "
          + out.exitCode() + "): " + firstLine(out.stderr()));
    }
    List<Hop> hops = SystemToolParser.parseTraceroute(out.stdout(), r.queriesPerHop());
    String target = AddressText.of(r.target());
    boolean reached = false;
    for (Hop h : hops) {
      for (HopReply x : h.replies()) {
        reached |= x.answered() && sameAddress(x.address(), target);
      }
    }
    return new TraceResult(new TracePath(null, target, hops), r.method(), name(),
        TimestampSource.EXTERNAL_TOOL, started, Duration.ofNanos(System.nanoTime() - t0), reached);
  }

  /** Compares two IP literals; never resolves names (anything not literal-shaped is unequal). */
  static boolean sameAddress(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    String ca = AddressText.canonical(a);
    return (ca.indexOf(':') >= 0 || ca.indexOf('.') >= 0) && ca.equals(AddressText.canonical(b));
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
