package io.geofusion.json;

import java.time.Instant;
import java.util.List;

/**
 * The {@code RECON_LATENCY_ANALYSIS} event of docs/architecture.md §6, one JSON object per line on
 * streams:
 *
 * <pre>{@code
 * {"type":"RECON_LATENCY_ANALYSIS","entity":"212.102.40.218",
 *  "metrics":{"min_rtt":28.6,"median_rtt":35.0,"jitter":12.3,...},
 *  "distance":{"estimate_km":1800,"min_km":0,"max_km":2857,"confidence":0.72},
 *  "anomalies":["hop_latency_spike","private_backbone_segment"], ...}
 * }</pre>
 *
 * <p>{@code distance} is null when nothing was received (no RTT, no distance). The optional
 * {@code vantage}, {@code source}, {@code observed_at} and {@code source_format} say where the
 * evidence came from. Schema: docs/schemas/recon-latency-analysis.schema.json.
 *
 * @param type always {@value #TYPE}
 * @param entity the analysed host (IP literal)
 * @param metrics latency statistics
 * @param distance distance from the minimum RTT, or null when there is none
 * @param anomalies anomaly names (snake_case), possibly empty
 * @param vantage vantage identifier, or null
 * @param source vantage address, or null
 * @param observedAt when the measurement started, or null
 * @param sourceFormat the recorded format the evidence was read from, or null for live probes
 */
public record LatencyAnalysisEvent(
    String type,
    String entity,
    LatencyMetrics metrics,
    DistanceJson distance,
    List<String> anomalies,
    String vantage,
    String source,
    Instant observedAt,
    String sourceFormat) {

  /** The event type tag. */
  public static final String TYPE = "RECON_LATENCY_ANALYSIS";

  public LatencyAnalysisEvent {
    if (type == null) {
      type = TYPE;
    }
    if (!TYPE.equals(type)) {
      throw new IllegalArgumentException("event type must be " + TYPE + ", got " + type);
    }
    Checks.required("entity", entity);
    if (metrics == null) {
      throw new IllegalArgumentException("metrics are required");
    }
    anomalies = Checks.names(anomalies);
  }

  /** An event with only the fields docs/architecture.md §6 requires. */
  public static LatencyAnalysisEvent of(String entity, LatencyMetrics metrics,
      DistanceJson distance, List<String> anomalies) {
    return new LatencyAnalysisEvent(TYPE, entity, metrics, distance, anomalies, null, null, null,
        null);
  }
}
