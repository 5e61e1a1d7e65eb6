package io.geofusion.path;

import java.util.List;

/**
 * A traceroute: the hops from a source towards a destination, ordered by TTL.
 *
 * @param source the vantage's address or identifier (e.g. a RIPE Atlas probe id), or null
 * @param destination the target's IP literal (or name as recorded), never null
 * @param hops hops in increasing TTL order; TTLs need not be contiguous
 */
public record TracePath(String source, String destination, List<Hop> hops) {

  public TracePath {
    if (destination == null || destination.isBlank()) {
      throw new IllegalArgumentException("a trace needs a destination");
    }
    hops = List.copyOf(hops);
    for (int i = 1; i < hops.size(); i++) {
      if (hops.get(i).ttl() <= hops.get(i - 1).ttl()) {
        throw new IllegalArgumentException("hops must be in increasing TTL order, got TTL "
            + hops.get(i).ttl() + " after " + hops.get(i - 1).ttl());
      }
    }
  }
}
