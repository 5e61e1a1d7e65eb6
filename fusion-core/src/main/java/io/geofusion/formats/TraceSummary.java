package io.geofusion.formats;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A traceroute recorded only as per-hop summary statistics ({@code mtr --json}).
 *
 * <p>This is deliberately not a {@link io.geofusion.path.TracePath}: a TracePath carries one
 * reply per probe, and mtr keeps only Best/Avg/Wrst/StDev/Last per hop. Turning those into fake
 * samples would make quantiles and jitter up out of nothing. What is known honestly is the minimum
 * (Best), which is what distance bounds need; see docs/formats.md.
 *
 * @param origin file format this was read from
 * @param line 1-based line where the record started
 * @param source the vantage as recorded (mtr {@code src}: usually a host name), or null
 * @param destination the target as given to mtr ({@code dst}: an address or a name)
 * @param timestamp when the run started, or null (mtr's JSON does not record it)
 * @param probesPerHop probes sent per hop as configured (mtr {@code tests}), or null
 * @param packetSizeBytes probe size (mtr {@code psize}), or null
 * @param hops hops in increasing TTL order
 * @param destinationReached whether the destination answered, as far as the report shows it
 *     without any name resolution, or null when the report cannot tell (mtr: see
 *     docs/formats.md, "mtr reachability"); pass it on as {@link TracePath#destinationReached()}
 */
public record TraceSummary(
    SourceFormat origin,
    long line,
    String source,
    String destination,
    Instant timestamp,
    Integer probesPerHop,
    Integer packetSizeBytes,
    List<HopSummary> hops,
    Boolean destinationReached) implements Measurement {

  /** A summary without a verdict on reaching the destination. */
  public TraceSummary(SourceFormat origin, long line, String source, String destination,
      Instant timestamp, Integer probesPerHop, Integer packetSizeBytes, List<HopSummary> hops) {
    this(origin, line, source, destination, timestamp, probesPerHop, packetSizeBytes, hops, null);
  }

  public TraceSummary {
    Objects.requireNonNull(origin, "origin");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    if (destination == null || destination.isBlank()) {
      throw new IllegalArgumentException("a trace summary needs a destination");
    }
    hops = List.copyOf(hops);
    for (int i = 1; i < hops.size(); i++) {
      if (hops.get(i).ttl() <= hops.get(i - 1).ttl()) {
        throw new IllegalArgumentException("hops must be in increasing TTL order, got TTL "
            + hops.get(i).ttl() + " after " + hops.get(i - 1).ttl());
      }
    }
  }

  /**
   * The path as the RTT bounds and hop flags see it: each hop as one reply at its best (minimum)
   * RTT, an unknown host or a hop without a best RTT as a timeout, and this summary's verdict on
   * reaching the destination. Only the minimum is honest here (see above); loss and spread are
   * not in the result.
   */
  public TracePath bestReplyPath() {
    List<Hop> path = new ArrayList<>();
    for (HopSummary h : hops) {
      double best = h.stats().minMs();
      path.add(new Hop(h.ttl(), List.of(h.host() == null || Double.isNaN(best)
          ? HopReply.timeout() : HopReply.of(h.host(), best))));
    }
    return new TracePath(source, destination, path, destinationReached);
  }
}
