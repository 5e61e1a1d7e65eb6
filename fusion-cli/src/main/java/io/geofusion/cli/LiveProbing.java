package io.geofusion.cli;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.backend.Probers;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs live probes for the CLI: picks backend and method, builds requests from the options, and
 * runs many targets concurrently (at most {@code --parallel} at once) with per-target failures
 * reported on one line each while the others complete.
 *
 * <p>Worker threads are created by the calling thread, so they inherit its network namespace
 * (Linux namespaces are per thread and copied to threads it creates), which is how the
 * end-to-end tests probe inside their virtual network.
 */
final class LiveProbing {

  private LiveProbing() {}

  /**
   * The backend and method chosen for one operation towards one target.
   *
   * @param skipped why preferred backends/methods were passed over (for {@code --verbose})
   */
  record Choice(Prober prober, ProbeMethod method, int port, List<String> skipped) {}

  /** What one target's job produced: a value, or a one-line error. */
  record Outcome<T>(String typed, LiveTargets.Target target, T value, String error) {
    boolean ok() {
      return error == null;
    }
  }

  /** A job run for one resolved target on a worker thread. */
  interface Job<T> {
    T run(LiveTargets.Target target) throws Exception;
  }

  /**
   * Live or recorded: the targets to probe now, or null when {@code --input} was given.
   *
   * @throws GeoFusionCommand.UsageError when both or neither were given
   */
  static List<String> liveTargets(java.nio.file.Path input, List<String> positional,
      LiveOptions o) {
    boolean any = (positional != null && !positional.isEmpty()) || o.targetsFile != null;
    if (input != null && any) {
      throw new GeoFusionCommand.UsageError("give either TARGET... / --targets FILE (probe now)"
          + " or --input FILE (recorded measurements), not both");
    }
    if (input != null) {
      return null;
    }
    if (!any) {
      throw new GeoFusionCommand.UsageError("nothing to do: give TARGET... or --targets FILE to"
          + " probe now, or --input FILE to read recorded measurements");
    }
    return o.targets(positional);
  }

  /** Whether {@code --verbose} was given (it is inherited from the root command). */
  static boolean verbose(picocli.CommandLine.Model.CommandSpec spec) {
    for (picocli.CommandLine.Model.CommandSpec s = spec; s != null; s = s.parent()) {
      picocli.CommandLine.Model.OptionSpec v = s.findOption("--verbose");
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
        throw new GeoFusionCommand.UsageError("--backend: " + e.getMessage() + " or auto");
      }
    }
    InetAddress probeAddress = InetAddress.getLoopbackAddress();
    ProbeMethod m = mc.method() == null ? ProbeMethod.ICMP : mc.method();
    try {
      if (ping != null) {
        pingRequest(o, ping, probeAddress, m, mc.portFor(m));
      }
      if (trace != null) {
        traceRequest(o, trace, probeAddress, m, mc.portFor(m));
      }
    } catch (IllegalArgumentException e) {
      throw new GeoFusionCommand.UsageError(e.getMessage());
    }
  }

  static PingRequest pingRequest(LiveOptions o, LiveOptions.Ping p, InetAddress target,
      ProbeMethod m, int port) {
    return PingRequest.builder(target).method(m).port(port).count(p.count)
        .interval(LiveOptions.duration("--interval", p.interval))
        .timeout(LiveOptions.duration("--timeout", o.timeout)).build();
  }

  static TraceRequest traceRequest(LiveOptions o, LiveOptions.Trace t, InetAddress target,
      ProbeMethod m, int port) {
    Duration wait = LiveOptions.duration("--timeout", o.timeout);
    // The whole trace ends by its deadline: 30 s as traceroute's defaults allow, longer (up to
    // the 60 s the request accepts) only when the per-probe wait is long.
    Duration deadline = Duration.ofSeconds(30);
    if (wait.multipliedBy(2).compareTo(deadline) > 0) {
      deadline = wait.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0
          ? Duration.ofSeconds(60) : wait.multipliedBy(2);
    }
    return TraceRequest.builder(target).method(m).port(port).firstTtl(t.firstTtl)
        .maxTtl(t.maxTtl).queriesPerHop(t.queries).probeWait(wait).deadline(deadline).build();
  }

  /**
   * Picks backend and method for {@code op} towards {@code target}: the named backend or the
   * first that can run, with the named method or ICMP, then UDP, then TCP for auto.
   *
   * @throws ProbeUnavailableException when nothing can run, with every reason
   */
  static Choice choose(LiveOptions o, Prober.Operation op, InetAddress target)
      throws ProbeUnavailableException {
    LiveOptions.MethodChoice mc = o.methodChoice();
    List<ProbeMethod> methods = mc.method() != null ? List.of(mc.method())
        : List.of(ProbeMethod.ICMP, ProbeMethod.UDP, ProbeMethod.TCP);
    boolean v6 = target instanceof Inet6Address;
    String opName = op == Prober.Operation.PING ? "ping" : "trace";
    List<String> skipped = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (ProbeMethod m : methods) {
      if ("auto".equals(o.backend)) {
        try {
          Probers.Selection s = Probers.select(op, m, v6);
          for (String why : s.skipped()) {
            skipped.add(m + " " + why);
          }
          return new Choice(s.prober(), m, mc.portFor(m), skipped);
        } catch (ProbeUnavailableException e) {
          reasons.add(e.getMessage());
          skipped.add(m + ": " + e.getMessage());
        }
      } else {
        Prober p = Probers.byName(o.backend);
        java.util.Optional<String> why = p.unavailableReason(op, m, v6);
        if (why.isEmpty()) {
          return new Choice(p, m, mc.portFor(m), skipped);
        }
        String line = "backend " + p.name() + " cannot " + opName + " with " + m
            + (v6 ? " over IPv6" : "") + " here: " + why.get();
        reasons.add(line);
        skipped.add(line);
      }
    }
    throw new ProbeUnavailableException(String.join("; ", reasons));
  }

  /** Pings {@code t} with the chosen backend. */
  static Probed<PingResult> ping(LiveOptions o, LiveOptions.Ping p, LiveTargets.Target t)
      throws ProbeException, InterruptedException {
    Choice c = choose(o, Prober.Operation.PING, t.address());
    return new Probed<>(c, c.prober().ping(pingRequest(o, p, t.address(), c.method(), c.port())));
  }

  /** Traces to {@code t} with the chosen backend. */
  static Probed<TraceResult> trace(LiveOptions o, LiveOptions.Trace tr, LiveTargets.Target t)
      throws ProbeException, InterruptedException {
    Choice c = choose(o, Prober.Operation.TRACE, t.address());
    return new Probed<>(c, c.prober().trace(traceRequest(o, tr, t.address(), c.method(),
        c.port())));
  }

  /** A result with the choice that produced it. */
  record Probed<R>(Choice choice, R result) {}

  /** The {@code "probe"} object of live JSON output: how the numbers were taken. */
  static Map<String, Object> probeInfo(LiveTargets.Target t, Choice c, String backend,
      String timestampSource) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("target", t.typed());
    m.put("address", t.addressText());
    m.put("resolved", t.byName());
    m.put("backend", backend);
    m.put("method", c.method().name());
    m.put("port", c.port() == 0 ? null : c.port());
    m.put("timestamp_source", timestampSource.toLowerCase(Locale.ROOT));
    return m;
  }

  /**
   * Runs {@code job} for every target, at most {@code parallel} at once, and returns the outcomes
   * in the order the targets were given. A failing target is reported on {@code err} at once
   * (one line) and the others go on; {@code onDone} sees each successful outcome as it completes
   * (for streaming output), on the calling thread.
   *
   * <p>With a single target whose text is malformed or refused, the run stops with a usage
   * error (exit 2): the whole command line was wrong.
   *
   * @param perTargetBound how long one target's job may take at most (its probes' deadlines
   *     plus slack); a job still running then is cancelled and reported as failed
   */
  static <T> List<Outcome<T>> run(List<String> typed, int parallel, Duration perTargetBound,
      PrintWriter err, boolean verbose, Job<T> job, Consumer<Outcome<T>> onDone)
      throws InterruptedException {
    if (typed.size() == 1) {
      try {
        LiveTargets.literal(typed.get(0));
      } catch (LiveTargets.TargetException e) {
        throw new GeoFusionCommand.UsageError(e.getMessage());
      }
    }
    List<Outcome<T>> outcomes = new ArrayList<>();
    int threads = Math.min(parallel, typed.size());
    ExecutorService pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread th = new Thread(r, "geofusion-probe");
          th.setDaemon(true);
          return th;
        });
    try (Progress progress = Progress.forTerminal(err, typed.size()).begin()) {
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (String s : typed) {
        futures.add(pool.submit(() -> {
          LiveTargets.Target t = null;
          try {
            t = LiveTargets.resolve(s);
            return new Outcome<>(s, t, job.run(t), null);
          } catch (InterruptedException e) {
            throw e;
          } catch (Exception e) {
            if (verbose) {
              synchronized (err) {
                e.printStackTrace(err);
              }
            }
            return new Outcome<>(s, t, null, message(e));
          }
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        Outcome<T> o;
        try {
          o = futures.get(i).get(perTargetBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          o = new Outcome<>(typed.get(i), null, null, message(e.getCause()));
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          o = new Outcome<>(typed.get(i), null, null, "did not finish within "
              + perTargetBound.toSeconds() + " s (probes were cancelled)");
        }
        outcomes.add(o);
        if (o.ok()) {
          progress.step(typed.get(i), true);
          onDone.accept(o);
        } else {
          // Name the target unless the message already does ("cannot resolve 'x.invalid'").
          progress.println("geofusion: error: " + (o.error().contains(typed.get(i).strip())
              ? "" : typed.get(i) + ": ") + o.error());
          progress.step(typed.get(i), false);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    err.flush();
    return outcomes;
  }

  /**
   * Ends a live run: for several targets, a summary line naming the failed ones; the exit code
   * (1 when any target failed).
   */
  static <T> int finish(List<Outcome<T>> outcomes, PrintWriter err) {
    List<String> failed = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
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

  /** A rough bound on one target's probing: the requests' deadlines plus 10 s slack each. */
  static Duration bound(LiveOptions o, LiveOptions.Ping p, LiveOptions.Trace t) {
    Duration d = Duration.ofSeconds(10);
    InetAddress any = Inet4Address.getLoopbackAddress();
    LiveOptions.MethodChoice mc = o.methodChoice();
    ProbeMethod m = mc.method() == null ? ProbeMethod.ICMP : mc.method();
    if (p != null) {
      d = d.plus(pingRequest(o, p, any, m, mc.portFor(m)).deadline()).plusSeconds(10);
    }
    if (t != null) {
      d = d.plus(traceRequest(o, t, any, m, mc.portFor(m)).deadline()).plusSeconds(10);
    }
    return d;
  }
}
