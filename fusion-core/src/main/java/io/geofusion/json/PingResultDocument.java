package io.geofusion.json;

import io.geofusion.formats.PingMeasurement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A ping result as the product writes it ({@code geofusion probe --json}): what was measured, the
 * per-probe RTTs, and the same {@code metrics} and {@code distance} objects as the
 * {@code RECON_LATENCY_ANALYSIS} event. Schema: docs/schemas/ping-result.schema.json.
 *
 * @param type always {@value #TYPE}
 * @param target the target's IP literal
 * @param targetName the target's name as given to the tool, or null
 * @param vantage vantage identifier (e.g. {@code atlas-probe:677}), or null
 * @param source vantage address, or null
 * @param startedAt when the series started, or null
 * @param protocol probe protocol as recorded, or null
 * @param packetSizeBytes probe size as recorded, or null
 * @param sourceFormat recorded format the result was read from, or null for live probes
 * @param duplicates duplicate replies (not in {@code rtt_ms})
 * @param rttMs per-probe RTTs in send order, null for a lost probe; null when only a summary was
 *     recorded
 * @param metrics latency statistics
 * @param distance distance from the minimum RTT, or null
 * @param anomalies anomaly names, possibly empty
 * @param errorReplies ICMP errors that answered probes instead of the target (live pings),
 *     grouped by sender, type and code; empty when none (and for recorded pings)
 */
public record PingResultDocument(
    String type,
    String target,
    String targetName,
    String vantage,
    String source,
    Instant startedAt,
    String protocol,
    Integer packetSizeBytes,
    String sourceFormat,
    int duplicates,
    List<Double> rttMs,
    LatencyMetrics metrics,
    DistanceJson distance,
    List<String> anomalies,
    List<ErrorReplyJson> errorReplies) {

  /** The document type tag. */
  public static final String TYPE = "PING_RESULT";

  public PingResultDocument {
    if (type == null) {
      type = TYPE;
    }
    if (!TYPE.equals(type)) {
      throw new IllegalArgumentException("document type must be " + TYPE + ", got " + type);
    }
    Checks.required("target", target);
    if (metrics == null) {
      throw new IllegalArgumentException("metrics are required");
    }
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must be >= 0, got " + duplicates);
    }
    if (rttMs != null) {
      List<Double> copy = new ArrayList<>(rttMs.size());
      for (Double v : rttMs) {
        copy.add(Checks.nonNegative("rtt_ms", v));
      }
      rttMs = Collections.unmodifiableList(copy); // List.copyOf rejects the nulls of lost probes
      if (rttMs.size() != metrics.sent()) {
        throw new IllegalArgumentException("rtt_ms has " + rttMs.size() + " entries for "
            + metrics.sent() + " probes sent");
      }
    }
    anomalies = Checks.names(anomalies);
    errorReplies = errorReplies == null ? List.of() : List.copyOf(errorReplies);
  }

  /**
   * The document of a recorded ping series.
   *
   * @param distance distance derived from it, or null
   * @param anomalies anomaly names, or null for none
   */
  public static PingResultDocument of(PingMeasurement p, DistanceJson distance,
      List<String> anomalies) {
    List<Double> rtts = null;
    LatencyMetrics metrics;
    if (p.samplesKnown()) {
      double[] a = p.rttsMs();
      rtts = new ArrayList<>(a.length);
      for (double v : a) {
        rtts.add(Checks.ms(v));
      }
      metrics = LatencyMetrics.of(p.envelope().orElseThrow());
    } else {
      metrics = LatencyMetrics.of(p.summary());
    }
    return new PingResultDocument(TYPE, p.target(), p.targetName(), p.vantageId(), p.source(),
        p.timestamp(), p.protocol(), p.packetSizeBytes(), p.origin().name(), p.duplicates(), rtts,
        metrics, distance, anomalies, List.of());
  }

  /** The streaming event for the same result. */
  public LatencyAnalysisEvent toEvent() {
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, target, metrics, distance,
        anomalies, vantage, source, startedAt, sourceFormat);
  }
}
