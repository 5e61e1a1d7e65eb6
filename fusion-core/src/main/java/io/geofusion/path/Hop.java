package io.geofusion.path;

import java.util.List;

/**
 * All probes sent with one TTL (hop limit), in send order.
 *
 * @param ttl the TTL the probes were sent with, 1–255
 * @param replies one entry per probe sent, answered or not
 */
public record Hop(int ttl, List<HopReply> replies) {

  public Hop {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
    replies = List.copyOf(replies);
  }
}
