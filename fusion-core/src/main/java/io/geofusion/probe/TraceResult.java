package io.geofusion.probe;

import io.geofusion.path.TracePath;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of a traceroute.
 *
 * <p>{@link #path()} holds one {@link io.geofusion.path.Hop} per TTL probed up to the one at
 * which the destination answered (or up to the last TTL probed), each with one
 * {@link io.geofusion.path.HopReply} per query in send order: unanswered probes are
 * {@link io.geofusion.path.HopReply#timeout()}; a flag marks ICMP unreachables other than the
 * expected port unreachable ({@code !H}, {@code !N}, {@code !P}, {@code !X}, {@code !F}), as
 * traceroute prints them.
 *
 * @param path the hops, ready for hop analysis
 * @param method probe kind used
 * @param backend name of the backend that ran it
 * @param timestampSource where receive times came from
 * @param startedAt wall-clock time the first probe was sent
 * @param elapsed wall time of the whole trace
 * @param reachedDestination whether the destination itself answered
 */
public record TraceResult(
    TracePath path,
    ProbeMethod method,
    String backend,
    TimestampSource timestampSource,
    Instant startedAt,
    Duration elapsed,
    boolean reachedDestination) {

  public TraceResult {
    if (path == null || method == null || backend == null || timestampSource == null
        || startedAt == null || elapsed == null || elapsed.isNegative()) {
      throw new IllegalArgumentException("path, method, backend, timestamp source, start time and a"
          + " non-negative elapsed time are required");
    }
  }
}
