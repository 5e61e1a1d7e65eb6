package io.geofusion.path;

import java.util.List;

/**
 * A traceroute: the hops from a source towards a destination, ordered by TTL.
 *
 * @param source the vantage's address or identifier (e.g. a RIPE Atlas probe id), or null
 * @param destination the target's IP literal (or name as recorded), or null when the recording
 *     does not name it (a {@code traceroute} transcript without its {@code traceroute to} header,
 *     a {@code tracepath} run that never printed {@code reached}): the last responder is then not
 *     taken for the destination, because nothing says the trace was aimed at it
 * @param hops hops in increasing TTL order; TTLs need not be contiguous
 * @param destinationReached the recording tool's own verdict that the destination answered, or
 *     null when it recorded none. {@link HopAnalyzer} counts the destination as reached when this
 *     is true or when some hop's responder is the destination address; it is needed where hops
 *     were recorded as host names, which GeoFusion never resolves (e.g. {@code mtr} without
 *     {@code -n})
 */
public record TracePath(String source, String destination, List<Hop> hops,
    Boolean destinationReached) {

  /** A trace without a recorded verdict on reaching the destination (decided from addresses). */
  public TracePath(String source, String destination, List<Hop> hops) {
    this(source, destination, hops, null);
  }

  public TracePath {
    if (destination != null && destination.isBlank()) {
      throw new IllegalArgumentException("a trace's destination is blank; pass null when the"
          + " recording does not name it");
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
   * The destination's own smallest RTT, ms: the minimum over answered replies whose responder is
   * {@link #destination()}; NaN when the trace names no destination or it never answered (a
   * hop's RTT bounds the hop, not the target).
   */
  public double destinationMinRttMs() {
    double min = Double.NaN;
    if (destination == null) {
      return min;
    }
    for (Hop h : hops) {
      for (HopReply r : h.replies()) {
        if (r.answered() && destination.equals(r.address())) {
          min = Double.isNaN(min) ? r.rttMs() : Math.min(min, r.rttMs());
        }
      }
    }
    return min;
  }
}
