package io.geofusion.formats;

/**
 * The recorded-measurement format a result was read from. Every measurement carries it so that a
 * consumer can tell, for instance, that an mtr hop is a summary and not samples.
 */
public enum SourceFormat {
  /** RIPE Atlas result JSON (ping or traceroute, any firmware), as JSON Lines or a JSON array. */
  RIPE_ATLAS_JSON,
  /** scamper JSON as written by {@code sc_warts2json} (ping and trace objects). */
  SCAMPER_JSON,
  /** {@code mtr --json} report: per-hop summary statistics only. */
  MTR_JSON,
  /** Text output of {@code ping}/{@code ping6} (iputils, BusyBox, FreeBSD, macOS). */
  PING_TEXT,
  /** Text output of {@code traceroute}/{@code traceroute6} (Linux, FreeBSD, macOS). */
  TRACEROUTE_TEXT,
  /** Text output of iputils {@code tracepath}/{@code tracepath6}. */
  TRACEPATH_TEXT
}
