package io.geofusion.formats;

/**
 * One hop of a summarised traceroute ({@code mtr}): who answered and the summary statistics of
 * its RTTs. mtr does not record individual samples, so none are invented.
 *
 * @param ttl the hop's TTL, 1–255
 * @param host the responder as recorded: an IP literal, or a host name when mtr resolved it
 *     (mtr without {@code -n}), or null for a hop that never answered ({@code ???})
 * @param stats the hop's summary (sent, loss, best/avg/worst/stddev/last in ms)
 */
public record HopSummary(int ttl, String host, RttSummary stats) {

  public HopSummary {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
    if (stats == null) {
      throw new IllegalArgumentException("a hop summary needs its statistics");
    }
    if (host != null && host.isBlank()) {
      host = null;
    }
  }
}
