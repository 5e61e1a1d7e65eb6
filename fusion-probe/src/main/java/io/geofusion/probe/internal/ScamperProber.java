package io.geofusion.probe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import io.geofusion.probe.ErrorReply;
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
import io.geofusion.text.JsonTrees;
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
 * scamper (CAIDA; Debian package {@code scamper}) run as a process with {@code -O json}: ping
 * (icmp-echo, udp, tcp-syn) and Paris traceroute (icmp-paris, udp-paris, tcp), one JSON object
 * per line. scamper needs raw sockets, so root (or its setuid install). scamper traces hop by hop
 * rather than in parallel and waits in whole seconds ({@code -w}), so its traces take longer than
 * the native backends'. Stateless, thread-safe.
 */
public final class ScamperProber implements Prober {


  @Override
  public String name() {
    return "scamper";
  }

  @Override
  public Optional<String> unavailableReason(Operation operation, ProbeMethod method, boolean ipv6) {
    if (ToolRunner.find("scamper").isEmpty()) {
      return Optional.of("`scamper` is not installed (Debian/Ubuntu: apt install scamper)");
    }
    if (!Privileges.privileged()) {
      return Optional.of("scamper needs root for its raw sockets");
    }
    return Optional.empty();
  }

  private void require(Operation op, ProbeMethod m, boolean v6) throws ProbeUnavailableException {
    Optional<String> why = unavailableReason(op, m, v6);
    if (why.isPresent()) {
      throw new ProbeUnavailableException(name() + ": " + why.get());
    }
  }

  @Override
  public PingResult ping(PingRequest r) throws ProbeException, InterruptedException {
    require(Operation.PING, r.method(), r.target() instanceof Inet6Address);
    String method = switch (r.method()) {
      case ICMP -> "icmp-echo";
      case UDP -> "udp -d " + r.port();
      case TCP -> "tcp-syn -d " + r.port();
    };
    int size = (r.target() instanceof Inet6Address ? 40 : 20)
        + (r.method() == ProbeMethod.TCP ? 20 : 8) + r.payloadBytes();
    // scamper 20211212 reads only one decimal digit of -i ("0.05" becomes 0.5 s), so the interval
    // is rounded up to a tenth of a second (at least 0.1 s) and the deadline follows it.
    long tenths = Math.max(1, (r.interval().toMillis() + 99) / 100);
    String cmd = String.format(Locale.ROOT, "ping -c %d -i %d.%d -W %d -m %d -s %d -P %s",
        r.count(), tenths / 10, tenths % 10, Math.max(1, (r.timeout().toMillis() + 999) / 1000),
        r.ttl(), size, method);
    Instant started = Instant.now();
    Duration deadline = Duration.ofMillis(100 * tenths * (r.count() - 1L))
        .plus(Duration.ofSeconds(Math.max(1, (r.timeout().toMillis() + 999) / 1000)))
        .plusSeconds(2);
    // scamper paces all probing at -p packets per second (default 20): follow the interval.
    int pps = (int) Math.max(20, Math.ceil(10.0 / tenths));
    JsonNode ping = runOne(cmd, AddressText.of(r.target()), "ping", deadline.toNanos(), pps);
    double[] rtts = new double[r.count()];
    Arrays.fill(rtts, Double.NaN);
    String[] responders = new String[r.count()];
    ErrorReply[] errors = new ErrorReply[r.count()];
    boolean v6 = r.target() instanceof Inet6Address;
    for (JsonNode resp : ping.path("responses")) {
      int seq = resp.path("seq").asInt(-1);
      if (seq < 0 || seq >= r.count() || responders[seq] != null) {
        continue;
      }
      responders[seq] = AddressText.canonical(resp.path("from").asText(null));
      int type = resp.path("icmp_type").asInt(-1);
      int code = resp.path("icmp_code").asInt(-1);
      // A UDP probe's answer is the target's port unreachable (v4 3/3, v6 1/4).
      boolean portUnreachable = v6 ? type == 1 && code == 4 : type == 3 && code == 3;
      boolean error = resp.has("icmp_type") && type != 0 && type != 129
          && !(r.method() == ProbeMethod.UDP && portUnreachable);
      if (error) {
        errors[seq] = ErrorReply.icmp(responders[seq], v6, type, Math.max(0, code));
      } else {
        rtts[seq] = resp.path("rtt").asDouble(Double.NaN);
      }
    }
    List<Double> list = new ArrayList<>();
    for (double v : rtts) {
      list.add(v);
    }
    return new PingResult(AddressText.of(r.target()), r.method(), name(),
        TimestampSource.EXTERNAL_TOOL, started, list, Arrays.asList(responders),
        Arrays.asList(errors));
  }

  @Override
  public TraceResult trace(TraceRequest r) throws ProbeException, InterruptedException {
    require(Operation.TRACE, r.method(), r.target() instanceof Inet6Address);
    String method = switch (r.method()) {
      case ICMP -> "icmp-paris";
      case UDP -> "udp-paris -d " + r.port();
      case TCP -> "tcp -d " + r.port();
    };
    String cmd = String.format(Locale.ROOT, "trace -Q -l 0 -q %d -w %d -f %d -m %d -g 255 -P %s",
        r.queriesPerHop(), Math.max(1, (r.probeWait().toMillis() + 999) / 1000), r.firstTtl(),
        r.maxTtl(), method);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    JsonNode trace;
    try {
      trace = runOne(cmd, AddressText.of(r.target()), "trace", r.deadline().toNanos(), 100);
    } catch (ProbeFailedException e) {
      if (System.nanoTime() - t0 >= r.deadline().toNanos()) {
        // Deadline reached before scamper printed its trace: report every probe as unanswered.
        trace = JsonNodeFactory.instance.objectNode();
      } else {
        throw e;
      }
    }
    List<Hop> hops = traceHops(trace, r.firstTtl(), r.queriesPerHop(),
        r.target() instanceof Inet6Address);
    String target = AddressText.of(r.target());
    boolean reached = false;
    for (Hop h : hops) {
      for (HopReply x : h.replies()) {
        reached |= x.answered() && SystemToolProber.sameAddress(x.address(), target);
      }
    }
    return new TraceResult(new TracePath(null, target, hops), r.method(), name(),
        TimestampSource.EXTERNAL_TOOL, started, Duration.ofNanos(System.nanoTime() - t0), reached);
  }

  /** Hops from a scamper JSON trace object: attempts not listed are timeouts. */
  public static List<Hop> traceHops(JsonNode trace, int firstTtl, int queries, boolean v6) {
    int maxTtl = firstTtl - 1;
    for (JsonNode h : trace.path("hops")) {
      maxTtl = Math.max(maxTtl, h.path("probe_ttl").asInt(0));
    }
    List<Hop> hops = new ArrayList<>();
    for (int ttl = firstTtl; ttl <= maxTtl; ttl++) {
      HopReply[] rep = new HopReply[queries];
      for (JsonNode h : trace.path("hops")) {
        int id = h.path("probe_id").asInt(0) - 1;
        if (h.path("probe_ttl").asInt(0) != ttl || id < 0 || id >= queries || rep[id] != null) {
          continue;
        }
        List<MplsLabel> labels = new ArrayList<>();
        for (JsonNode ext : h.path("icmpext")) {
          for (JsonNode l : ext.path("mpls_labels")) {
            labels.add(new MplsLabel(l.path("mpls_label").asInt(), l.path("mpls_exp").asInt(),
                l.path("mpls_s").asInt() == 1, l.path("mpls_ttl").asInt()));
          }
        }
        rep[id] = new HopReply(AddressText.canonical(h.path("addr").asText()), h.path("rtt").asDouble(), labels,
            flag(v6, h.path("icmp_type").asInt(-1), h.path("icmp_code").asInt(-1)));
      }
      List<HopReply> list = new ArrayList<>();
      for (HopReply x : rep) {
        list.add(x == null ? HopReply.timeout() : x);
      }
      hops.add(new Hop(ttl, list));
    }
    return hops;
  }

  private static String flag(boolean v6, int type, int code) {
    if (!v6 && type == 3) {
      return switch (code) {
        case 0 -> "!N";
        case 1 -> "!H";
        case 2 -> "!P";
        case 3 -> null;
        case 4 -> "!F";
        case 9, 10, 13 -> "!X";
        default -> "!<" + code + ">";
      };
    }
    if (v6 && type == 1) {
      return switch (code) {
        case 0 -> "!N";
        case 1 -> "!X";
        case 3 -> "!H";
        case 4 -> null;
        default -> "!<" + code + ">";
      };
    }
    return null;
  }

  private JsonNode runOne(String command, String target, String type, long deadlineNanos,
      int pps)
      throws ProbeException, InterruptedException {
    File scamper = ToolRunner.find("scamper").orElseThrow();
    List<String> cmd = List.of(scamper.getPath(), "-O", "json", "-p", Integer.toString(pps), "-c",
        command, "-i", target);
    ToolRunner.Output out;
    try {
      out = ToolRunner.run(cmd, deadlineNanos);
    } catch (IOException e) {
      throw new ProbeFailedException(name() + ": cannot run scamper: " + e.getMessage(), e);
    }
    for (String line : out.stdout().split("\\R")) {
      if (!line.startsWith("{")) {
        continue;
      }
      try {
        JsonNode n = JsonTrees.read(line);
        if (type.equals(n.path("type").asText())) {
          return n;
        }
      } catch (IOException e) {
        throw new ProbeFailedException(name() + ": unreadable JSON from scamper: " + line, e);
      }
    }
    String why = out.killed() ? " before the deadline"
        : out.exitCode() > 128 ? " (it died of signal " + (out.exitCode() - 128) + ")"
        : " (exit " + out.exitCode() + "): " + SystemToolProber.firstLine(out.stderr());
    throw new ProbeFailedException(name() + ": scamper printed no " + type + " result" + why);
  }
}
