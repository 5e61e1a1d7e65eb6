package io.geofusion.locate;

import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.PathAnalysis;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceResult;
import io.geofusion.rtt.DistanceEstimator;
import java.time.Duration;
import java.util.Objects;

/**
 * One target traced now and analysed as a recorded trace would be: how, the path, its hop
 * analysis and the estimator of its distance (its {@code TRACEROUTE} document is written by
 * {@code io.geofusion.json.TraceDocuments}).
 *
 * @param target the target
 * @param choice the backend and method that ran the trace
 * @param result the path and how it was taken
 * @param analysis the path's hop analysis (flags, Δkm)
 * @param estimator turns the last clean hop's RTT into the path's distance
 */
public record LiveTrace(LiveTarget target, ProbeChoice choice, TraceResult result,
    PathAnalysis analysis, DistanceEstimator estimator) {

  public LiveTrace {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(estimator, "estimator");
  }

  /**
   * Traces {@code target} with the backend {@code selector} chooses and analyses the path. Ends
   * by {@code settings.deadline()} plus the backend's slack (at most 3 s; see {@link Prober}).
   *
   * @param estimator turns the last clean hop's RTT into the path's distance
   * @throws io.geofusion.probe.ProbeUnavailableException when no backend can trace it here
   * @throws io.geofusion.probe.ProbeFailedException when a socket or tool fails part-way
   */
  public static LiveTrace probe(ProbeSelector selector, TraceSettings settings,
      LiveTarget target, HopAnalyzer analyzer, DistanceEstimator estimator)
      throws ProbeException, InterruptedException {
    ProbeChoice c = selector.choose(Prober.Operation.TRACE, target.address());
    TraceResult r = c.trace(settings, target.address());
    PathAnalysis a = analyzer.analyze(r.path());
    return new LiveTrace(target, c, r, a, estimator);
  }

  /**
   * A bound on one target's {@link #probe} job in a {@link LiveRun}, DNS included: the trace's
   * deadline plus {@link LiveRun#SLACK} before and after it (defaults: 50 s).
   */
  public static Duration bound(TraceSettings settings) {
    return LiveRun.SLACK.plus(settings.deadline()).plus(LiveRun.SLACK);
  }
}
