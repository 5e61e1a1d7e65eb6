package io.geofusion.cli;

import io.geofusion.locate.LiveRun;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeChoice;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.backend.Probers;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Live probing for the commands: the library's settings and backend selection from the options,
 * and the library's {@link LiveRun} with a progress bar and one error line per failed target.
 */
final class LiveProbing {

  private LiveProbing() {}

  /**
   * Live or recorded: the targets to probe now, or null when {@code --input} was given.
   *
   * @throws UsageError when both or neither were given
   */
  static List<String> liveTargets(Path input, List<String> positional, LiveOptions o) {
    boolean any = (positional != null && !positional.isEmpty()) || o.targetsFile != null;
    if (input != null && any) {
      throw new UsageError("give either TARGET... / --targets FILE (probe now)"
          + " or --input FILE (recorded measurements), not both");
    }
    if (input != null) {
      return null;
    }
    if (!any) {
      throw new UsageError("nothing to do: give TARGET... or --targets FILE to"
          + " probe now, or --input FILE to read recorded measurements");
    }
    return o.targets(positional);
  }

  /** Whether {@code --verbose} was given (it is inherited from the root command). */
  static boolean verbose(CommandLine.Model.CommandSpec spec) {
    for (CommandLine.Model.CommandSpec s = spec; s != null; s = s.parent()) {
      CommandLine.Model.OptionSpec v = s.findOption("--verbose");
      if (v != null && Boolean.TRUE.equals(v.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Checks the shape of the options before anything is sent (usage errors exit 2). */
  static void validate(LiveOptions o, LiveOptions.Ping ping, LiveOptions.Trace trace) {
    o.parallel();
    LiveOptions.MethodChoice mc = o.methodChoice();
    if (!"auto".equals(o.backend)) {
      try {
        Probers.byName(o.backend);
      } catch (IllegalArgumentException e) {
        throw new UsageError("--backend: " + e.getMessage() + " or auto");
      }
    }
    InetAddress probeAddress = InetAddress.getLoopbackAddress();
    ProbeMethod m = mc.method() == null ? ProbeMethod.ICMP : mc.method();
    try {
      if (ping != null) {
        pingSettings(o, ping).request(probeAddress, m, mc.portFor(m));
      }
      if (trace != null) {
        traceSettings(o, trace).request(probeAddress, m, mc.portFor(m));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** {@code --count}, {@code --interval} and {@code --timeout}; a bad value is a usage error. */
  static PingSettings pingSettings(LiveOptions o, LiveOptions.Ping p) {
    Duration interval = LiveOptions.duration("--interval", p.interval);
    Duration timeout = LiveOptions.duration("--timeout", o.timeout);
    try {
      return new PingSettings(p.count, interval, timeout);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** The TTL range, {@code --queries} and {@code --timeout}; a bad value is a usage error. */
  static TraceSettings traceSettings(LiveOptions o, LiveOptions.Trace t) {
    Duration wait = LiveOptions.duration("--timeout", o.timeout);
    try {
      return new TraceSettings(t.firstTtl, t.maxTtl, t.queries, wait);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /**
   * The backend and method for each operation ({@link Probers#selector}): the named backend or
   * the first that can run, with the named method or ICMP, then UDP, then TCP for auto.
   */
  static ProbeSelector selector(LiveOptions o) {
    LiveOptions.MethodChoice mc = o.methodChoice();
    return Probers.selector(o.backend, mc.method(), mc.port());
  }

  /**
   * Runs {@code job} for every target with {@link LiveRun#run}: a progress bar on a terminal,
   * one error line per failed target as it is reached (with its stack trace under {@code
   * --verbose}), and {@code onDone} for each successful one, on the calling thread, in order.
   *
   * <p>With a single target whose text is malformed or refused, the run stops with a usage
   * error (exit 2): the whole command line was wrong.
   */
  static <T> List<LiveRun.Outcome<T>> run(List<String> typed, int parallel, Duration bound,
      PrintWriter err, boolean verbose, LiveRun.Job<T> job,
      Consumer<LiveRun.Outcome<T>> onDone) throws InterruptedException {
    if (typed.size() == 1) {
      try {
        LiveTarget.literal(typed.get(0));
      } catch (LiveTarget.TargetException e) {
        throw new UsageError(e.getMessage());
      }
    }
    List<LiveRun.Outcome<T>> outcomes;
    try (Progress progress = Progress.forTerminal(err, typed.size()).begin()) {
      outcomes = LiveRun.run(typed, parallel, bound, job, o -> {
        if (o.ok()) {
          progress.step(o.typed(), true);
          onDone.accept(o);
          return;
        }
        if (verbose) {
          o.error().printStackTrace(err);
        }
        // Name the target unless the message already does ("cannot resolve 'x.invalid'").
        String msg = message(o.error());
        progress.println("geofusion: error: " + (msg.contains(o.typed().strip()) ? ""
            : o.typed() + ": ") + msg);
        progress.step(o.typed(), false);
      });
    }
    err.flush();
    return outcomes;
  }

  /** Under {@code --verbose}, why preferred backends and methods were passed over. */
  static void notePassedOver(PrintWriter err, boolean verbose, String typed, ProbeChoice c) {
    if (verbose) {
      c.skipped().forEach(s -> err.println("geofusion: note: " + typed + ": passed over " + s));
    }
  }

  /**
   * Ends a live run: for several targets, a summary line naming the failed ones; the exit code
   * (1 when any target failed).
   */
  static <T> int finish(List<LiveRun.Outcome<T>> outcomes, PrintWriter err) {
    List<String> failed = new ArrayList<>();
    for (LiveRun.Outcome<T> o : outcomes) {
      if (!o.ok()) {
        failed.add(o.typed());
      }
    }
    if (outcomes.size() > 1) {
      err.println("geofusion: " + (outcomes.size() - failed.size()) + " of " + outcomes.size()
          + " targets done" + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed)));
    }
    err.flush();
    return failed.isEmpty() ? 0 : 1;
  }

  /** One line for a failure, with a hint for the common network errors. */
  static String message(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String lower = msg.toLowerCase(Locale.ROOT);
    if (lower.contains("network is unreachable") || lower.contains("network unreachable")
        || lower.contains("no route to host") || lower.contains("errno 101")
        || lower.contains("errno 113")) {
      msg += " (no route to the target: is the network up, and is there a default route?)";
    } else if (lower.contains("operation not permitted") || lower.contains("permission denied")
        || lower.contains("errno 1)") || lower.contains("errno 13)")) {
      msg += " (no permission: see docs/probing.md for the privileges each backend needs)";
    }
    return msg.replace('\n', ' ');
  }
}
