package io.geofusion.locate;

import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.Prober;
import io.geofusion.rtt.DistanceEstimator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One target pinged now: how, what came back, and the estimator of its distance (its
 * {@code PING_RESULT} document is written by {@code io.geofusion.json.PingDocuments}).
 *
 * @param target the target
 * @param choice the backend and method that ran the ping
 * @param result the RTTs
 * @param estimator turns the ping's RTTs into its distance (under the analysis's route stretch)
 * @param interception for a TCP ping with replies, the signs of an intercepting middlebox
 *     ({@link TcpInterception}); empty when not checked
 */
public record LivePing(LiveTarget target, ProbeChoice choice, PingResult result,
    DistanceEstimator estimator, Optional<TcpInterception> interception) {

  public LivePing {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(interception, "interception");
  }

  /** A ping not checked for interception. */
  public LivePing(LiveTarget target, ProbeChoice choice, PingResult result,
      DistanceEstimator estimator) {
    this(target, choice, result, estimator, Optional.empty());
  }

  /**
   * Whether the RTTs are suspected to come from an intercepting middlebox rather than the
   * target; their distance then bounds nothing about the target.
   */
  public boolean interceptionSuspected() {
    return interception.map(TcpInterception::suspected).orElse(false);
  }

  /**
   * Pings {@code target} with the backend {@code selector} chooses; a TCP ping with replies is
   * then checked for interception ({@link TcpInterception#check}: one more connection, to a
   * closed-looking port of the same target, waiting at most {@code settings.timeout()} and never
   * over {@link TcpInterception#MAX_DECOY_WAIT}). Ends by {@code settings.deadline()} plus the
   * backend's slack (at most 3 s, scamper 5 s; see {@link Prober}) plus that wait.
   *
   * @throws io.geofusion.probe.ProbeUnavailableException when no backend can ping it here
   * @throws io.geofusion.probe.ProbeFailedException when a socket or tool fails part-way
   */
  public static LivePing probe(ProbeSelector selector, PingSettings settings, LiveTarget target,
      DistanceEstimator estimator) throws ProbeException, InterruptedException {
    ProbeChoice c = selector.choose(Prober.Operation.PING, target.address());
    PingResult r = c.ping(settings, target.address());
    return new LivePing(target, c, r, estimator, checked(r, c, target, settings,
        OptionalDouble.empty(), OptionalDouble.empty()));
  }

  /** The interception check of a TCP ping, or empty for other methods. */
  static Optional<TcpInterception> checked(PingResult r, ProbeChoice c, LiveTarget target,
      PingSettings settings, OptionalDouble firstHopRttMs, OptionalDouble icmpRttMs)
      throws InterruptedException {
    if (c.method() != io.geofusion.probe.ProbeMethod.TCP) {
      return Optional.empty();
    }
    Duration wait = settings.timeout().compareTo(TcpInterception.MAX_DECOY_WAIT) < 0
        ? settings.timeout() : TcpInterception.MAX_DECOY_WAIT;
    return Optional.of(TcpInterception.check(r, target.address(), c.port(), wait, firstHopRttMs,
        icmpRttMs));
  }

  /**
   * A bound on one target's {@link #probe} job in a {@link LiveRun}, DNS included: the ping's
   * deadline plus {@link LiveRun#SLACK} before and after it (5 probes 1 s apart with a 2 s
   * timeout: 26 s); the slack after it also covers the interception check (at most {@link
   * TcpInterception#MAX_DECOY_WAIT}) on top of a backend's own slack.
   */
  public static Duration bound(PingSettings settings) {
    return LiveRun.SLACK.plus(settings.deadline()).plus(LiveRun.SLACK);
  }
}
