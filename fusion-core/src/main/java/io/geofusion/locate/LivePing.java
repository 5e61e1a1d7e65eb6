package io.geofusion.locate;

import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.Prober;
import io.geofusion.rtt.DistanceEstimator;
import java.time.Duration;
import java.util.Objects;

/**
 * One target pinged now: how, what came back, and the estimator of its distance (its
 * {@code PING_RESULT} document is written by {@code io.geofusion.json.PingDocuments}).
 *
 * @param target the target
 * @param choice the backend and method that ran the ping
 * @param result the RTTs
 * @param estimator turns the ping's RTTs into its distance (under the analysis's route stretch)
 */
public record LivePing(LiveTarget target, ProbeChoice choice, PingResult result,
    DistanceEstimator estimator) {

  public LivePing {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(estimator, "estimator");
  }

  /**
   * Pings {@code target} with the backend {@code selector} chooses. Ends by {@code
   * settings.deadline()} plus the backend's slack (at most 3 s, scamper 5 s; see {@link
   * Prober}).
   *
   * @throws io.geofusion.probe.ProbeUnavailableException when no backend can ping it here
   * @throws io.geofusion.probe.ProbeFailedException when a socket or tool fails part-way
   */
  public static LivePing probe(ProbeSelector selector, PingSettings settings, LiveTarget target,
      DistanceEstimator estimator) throws ProbeException, InterruptedException {
    ProbeChoice c = selector.choose(Prober.Operation.PING, target.address());
    return new LivePing(target, c, c.ping(settings, target.address()), estimator);
  }

  /**
   * A bound on one target's {@link #probe} job in a {@link LiveRun}, DNS included: the ping's
   * deadline plus {@link LiveRun#SLACK} before and after it (5 probes 1 s apart with a 2 s
   * timeout: 26 s).
   */
  public static Duration bound(PingSettings settings) {
    return LiveRun.SLACK.plus(settings.deadline()).plus(LiveRun.SLACK);
  }
}
