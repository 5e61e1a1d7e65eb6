package io.geofusion.cli;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Options of live probing shared by {@code probe}, {@code traceroute} and {@code analyze}
 * (a picocli mixin). {@link Ping} and {@link Trace} hold the options of one operation each.
 */
final class LiveOptions {

  /** Upper bound of {@code --parallel}: targets probed at once. */
  static final int MAX_PARALLEL = 16;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
      description = "Probe kind: icmp, udp[:PORT], tcp[:PORT] (SYN-ACK or RST both count), or"
          + " auto: ICMP where a backend can send it here, else UDP, else TCP (default"
          + " ${DEFAULT-VALUE}; config key probe.method).")
  String method;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Destination port for udp/tcp (default: 33434 for udp, 80 for tcp).")
  Integer port;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
      description = "Probing backend: native-raw, native-dgram, tcp-connect, scamper, system, or"
          + " auto: the first that can run here (default ${DEFAULT-VALUE}). Results name it.")
  String backend;

  @Option(names = {"-W", "--timeout"}, paramLabel = "TIME", defaultValue = "2s",
      description = "Per-probe wait for a reply: 500ms, 2s, or plain seconds (default"
          + " ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--targets", paramLabel = "FILE",
      description = "More targets, one per line ('#' starts a comment).")
  Path targetsFile;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "Targets probed at once, 1-" + MAX_PARALLEL + " (default ${DEFAULT-VALUE}).")
  int parallel;

  /** Ping options. */
  static final class Ping {
    @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "5",
        description = "Pings per target, 1-10000 (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"--interval"}, paramLabel = "TIME", defaultValue = "1s",
        description = "Time between pings: 200ms, 1s, or plain seconds (default ${DEFAULT-VALUE};"
            + " below 200ms needs root, as with ping).")
    String interval;
  }

  /** Traceroute options. */
  static final class Trace {
    @Option(names = {"-f", "--first-ttl"}, paramLabel = "TTL", defaultValue = "1",
        description = "First TTL probed (default ${DEFAULT-VALUE}).")
    int firstTtl;

    @Option(names = {"-m", "--max-ttl"}, paramLabel = "TTL", defaultValue = "30",
        description = "Last TTL probed, at most 255 (default ${DEFAULT-VALUE}).")
    int maxTtl;

    @Option(names = {"-q", "--queries"}, paramLabel = "N", defaultValue = "3",
        description = "Probes per hop, 1-10 (default ${DEFAULT-VALUE}).")
    int queries;
  }

  /** The positional targets plus those of {@code --targets}, in that order. */
  List<String> targets(List<String> positional) {
    List<String> all = new ArrayList<>(positional == null ? List.of() : positional);
    if (targetsFile != null) {
      all.addAll(readTargets(targetsFile));
    }
    return all;
  }

  /**
   * The targets of a {@code --targets} file: one per line, blank lines and {@code #} comments
   * ignored.
   */
  static List<String> readTargets(Path file) {
    List<String> lines;
    try {
      lines = TextLines.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new Failure(file + ": no such file; check --targets");
    } catch (TextLines.NotUtf8Exception e) {
      throw new Failure(e.getMessage(), e);
    } catch (IOException e) {
      throw new Failure(file + ": cannot read: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new Failure(file + ": no targets in the file (one per line)");
    }
    return out;
  }

  /** {@code --parallel}, checked. */
  int parallel() {
    if (parallel < 1 || parallel > MAX_PARALLEL) {
      throw new UsageError("--parallel must be in [1, " + MAX_PARALLEL
          + "], got " + parallel);
    }
    return parallel;
  }

  /** The method asked for: empty for auto. */
  MethodChoice methodChoice() {
    String m = method.strip().toLowerCase(Locale.ROOT);
    Integer p = port;
    int colon = m.indexOf(':');
    if (colon >= 0) {
      String ps = m.substring(colon + 1);
      m = m.substring(0, colon);
      int parsed;
      try {
        parsed = Integer.parseInt(ps);
      } catch (NumberFormatException e) {
        throw new UsageError("--method " + method + ": the port must be a"
            + " number in [1, 65535]");
      }
      if (p != null && p != parsed) {
        throw new UsageError("--method " + method + " and --port " + port
            + " disagree; give the port once");
      }
      p = parsed;
    }
    ProbeMethod pm = switch (m) {
      case "auto" -> null;
      case "icmp" -> ProbeMethod.ICMP;
      case "udp" -> ProbeMethod.UDP;
      case "tcp" -> ProbeMethod.TCP;
      default -> throw new UsageError("--method must be icmp, udp[:PORT],"
          + " tcp[:PORT] or auto, got '" + method + "'");
    };
    if (p != null && (pm == ProbeMethod.ICMP || (pm == null && colon >= 0))) {
      throw new UsageError("ICMP probes have no port; use --method udp:PORT or"
          + " tcp:PORT");
    }
    if (p != null && (p < 1 || p > 65535)) {
      throw new UsageError("port must be in [1, 65535], got " + p);
    }
    return new MethodChoice(pm, p);
  }

  /**
   * The method and port asked for.
   *
   * @param method null for auto
   * @param port null for the method's default
   */
  record MethodChoice(ProbeMethod method, Integer port) {
    int portFor(ProbeMethod m) {
      return m == ProbeMethod.ICMP ? 0 : port != null ? port : m.defaultPort();
    }
  }

  /**
   * Parses a duration: {@code 250ms}, {@code 2s}, {@code 1.5} (seconds, as ping's {@code -i} and
   * {@code -W}).
   *
   * @throws UsageError naming the option
   */
  static Duration duration(String option, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double factorMs = 1000;
    if (t.endsWith("ms")) {
      factorMs = 1;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    }
    double v;
    try {
      v = Double.parseDouble(t.strip());
    } catch (NumberFormatException e) {
      throw new UsageError(option + " must be a time such as 500ms, 2s or 0.5"
          + " (seconds), got '" + text + "'");
    }
    double ms = v * factorMs;
    if (!(ms >= 1) || ms > 60_000) {
      throw new UsageError(option + " must be between 1ms and 60s, got '" + text
          + "'");
    }
    return Duration.ofNanos(Math.round(ms * 1e6));
  }
}
