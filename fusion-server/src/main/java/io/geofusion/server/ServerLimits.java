package io.geofusion.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may ask of the server: every request is bounded in size, depth and time, live
 * probing in concurrency, and the event stream in clients, queue length and replay.
 *
 * @param maxBodyBytes largest request body, bytes (default 1 MiB); more is refused with 413
 * @param maxJsonDepth deepest JSON nesting of a body (default 32); deeper is refused with 400
 * @param headerDeadline time a client has to send a request's headers, from its first byte or
 *     from the connection's opening (default 10 s); then the connection is closed (slowloris)
 * @param bodyDeadline longest the server waits for one request's body, summed over the time it
 *     is waiting for bytes (default 60 s); then the request is answered 408 and the connection
 *     closed (slow POST)
 * @param minBodyRate bytes per second a body must average over that waiting time once {@code
 *     bodyRateGrace} has passed (default 1024); slower is answered 408; 0 checks no rate
 * @param bodyRateGrace waiting time before {@code minBodyRate} applies (default 5 s)
 * @param idleTimeout longest silence on a connection (default 30 s)
 * @param requestDeadline longest a locate, geo-path or graph request may compute (default 30 s);
 *     then 503
 * @param maxLiveProbes live analyses at once (default 2); more get 429
 * @param maxAnalysisBound longest one live analysis may take, name resolution included (default
 *     90 s); then 504
 * @param maxSseClients event-stream clients at once (default 256); more get 429
 * @param sseQueue events queued per event-stream client (default 1024); a client whose queue
 *     overflows gets what was queued and is then disconnected (it resumes with Last-Event-ID)
 * @param replayWindow events kept for resumption (default 10 000)
 */
public record ServerLimits(long maxBodyBytes, int maxJsonDepth, Duration headerDeadline,
    Duration bodyDeadline, long minBodyRate, Duration bodyRateGrace, Duration idleTimeout,
    Duration requestDeadline, int maxLiveProbes, Duration maxAnalysisBound, int maxSseClients,
    int sseQueue, int replayWindow) {

  /** The defaults documented on each component. */
  public static final ServerLimits DEFAULTS = new ServerLimits(1 << 20, 32, Duration.ofSeconds(10),
      Duration.ofSeconds(60), 1024, Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofSeconds(30), 2, Duration.ofSeconds(90), 256, 1024, 10_000);

  /** Checks every bound is positive and sane. */
  public ServerLimits {
    Objects.requireNonNull(headerDeadline, "headerDeadline");
    Objects.requireNonNull(bodyDeadline, "bodyDeadline");
    Objects.requireNonNull(bodyRateGrace, "bodyRateGrace");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestDeadline, "requestDeadline");
    Objects.requireNonNull(maxAnalysisBound, "maxAnalysisBound");
    positive("max body bytes", maxBodyBytes);
    positive("max JSON depth", maxJsonDepth);
    positive("max live probes", maxLiveProbes);
    positive("max event-stream clients", maxSseClients);
    positive("event-stream queue", sseQueue);
    positive("replay window", replayWindow);
    if (minBodyRate < 0) {
      throw new IllegalArgumentException("the minimum body rate must be >= 0 bytes/s (0: no"
          + " minimum), got " + minBodyRate);
    }
    if (bodyRateGrace.isNegative()) {
      throw new IllegalArgumentException("the body rate grace must be >= 0, got "
          + bodyRateGrace);
    }
    for (Duration d : new Duration[] {headerDeadline, bodyDeadline, idleTimeout, requestDeadline,
        maxAnalysisBound}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("server time limits must be positive, got " + d);
      }
    }
  }

  private static void positive(String what, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + v);
    }
  }

  /** A copy with another body limit. */
  public ServerLimits withMaxBodyBytes(long bytes) {
    return new ServerLimits(bytes, maxJsonDepth, headerDeadline, bodyDeadline, minBodyRate,
        bodyRateGrace, idleTimeout, requestDeadline, maxLiveProbes, maxAnalysisBound,
        maxSseClients, sseQueue, replayWindow);
  }

  /** A copy with another header deadline. */
  public ServerLimits withHeaderDeadline(Duration d) {
    return new ServerLimits(maxBodyBytes, maxJsonDepth, d, bodyDeadline, minBodyRate,
        bodyRateGrace, idleTimeout, requestDeadline, maxLiveProbes, maxAnalysisBound,
        maxSseClients, sseQueue, replayWindow);
  }

  /** A copy with another number of live analyses at once. */
  public ServerLimits withMaxLiveProbes(int n) {
    return new ServerLimits(maxBodyBytes, maxJsonDepth, headerDeadline, bodyDeadline,
        minBodyRate, bodyRateGrace, idleTimeout, requestDeadline, n, maxAnalysisBound,
        maxSseClients, sseQueue, replayWindow);
  }

  /** A copy with another event-stream queue length and replay window. */
  public ServerLimits withEvents(int queue, int window) {
    return new ServerLimits(maxBodyBytes, maxJsonDepth, headerDeadline, bodyDeadline,
        minBodyRate, bodyRateGrace, idleTimeout, requestDeadline, maxLiveProbes, maxAnalysisBound,
        maxSseClients, queue, window);
  }

  /**
   * A copy with other bounds on request bodies.
   *
   * @param deadline longest wait for one body
   * @param minRate bytes per second a body must average after {@code grace}; 0 for none
   * @param grace waiting time before {@code minRate} applies
   */
  public ServerLimits withBodyDeadline(Duration deadline, long minRate, Duration grace) {
    return new ServerLimits(maxBodyBytes, maxJsonDepth, headerDeadline, deadline, minRate, grace,
        idleTimeout, requestDeadline, maxLiveProbes, maxAnalysisBound, maxSseClients, sseQueue,
        replayWindow);
  }

  /** A copy with another idle timeout. */
  public ServerLimits withIdleTimeout(Duration d) {
    return new ServerLimits(maxBodyBytes, maxJsonDepth, headerDeadline, bodyDeadline,
        minBodyRate, bodyRateGrace, d, requestDeadline, maxLiveProbes, maxAnalysisBound,
        maxSseClients, sseQueue, replayWindow);
  }
}
