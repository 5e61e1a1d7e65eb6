package io.geofusion.formats;

import io.geofusion.path.TracePath;
import java.time.Instant;
import java.util.Objects;

/**
 * A recorded traceroute with per-probe replies, plus what the file said about how it was taken.
 *
 * <p>{@code path.source()} is the vantage's address as recorded (RIPE Atlas {@code from}, else
 * {@code src_addr}; scamper {@code src}; the {@code from} of a {@code traceroute6} header), or
 * null. {@code path.destination()} is the target's IP literal when the file gives one.
 *
 * <p>Responder addresses in the hops are IP literals as recorded, with one documented exception:
 * when a text transcript shows a responder only by name (for example {@code tracepath} without
 * {@code -n}), that name is kept as recorded and a {@link RecordProblem.Kind#DEGRADED} problem
 * says so. Nothing here resolves DNS.
 *
 * @param origin file format this was read from
 * @param line 1-based line where the record started
 * @param path hops in increasing TTL order, one reply entry per probe sent
 * @param vantageId identifier of the vantage, e.g. {@code "atlas-probe:10035"}, or null
 * @param destinationName the target's name as given to the tool, or null
 * @param timestamp when the traceroute started, or null when unknown
 * @param protocol probe protocol or method as recorded ({@code "UDP"}, {@code "ICMP"},
 *     {@code "TCP"}, scamper's {@code "udp-paris"}), or null
 * @param packetSizeBytes probe packet size as recorded, or null when unknown
 */
public record TraceMeasurement(
    SourceFormat origin,
    long line,
    TracePath path,
    String vantageId,
    String destinationName,
    Instant timestamp,
    String protocol,
    Integer packetSizeBytes) implements Measurement {

  public TraceMeasurement {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(path, "path");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    if (packetSizeBytes != null && packetSizeBytes < 0) {
      throw new IllegalArgumentException("packet size must be >= 0 bytes, got " + packetSizeBytes);
    }
  }
}
