package io.geofusion.formats;

import io.geofusion.rtt.RttEnvelope;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded ping series from one vantage to one target.
 *
 * <p>{@code rttsMs} holds one entry per probe sent, in send order, with {@code NaN} for a probe
 * that got no (timely) reply; duplicate replies are not in it but counted in {@code duplicates}.
 * Some sources record only summary statistics (the oldest RIPE Atlas firmware, a {@code ping}
 * transcript cut to its statistics lines): then {@code rttsMs} is empty, {@link #samplesKnown()}
 * is false, {@link #envelope()} is empty and {@link #summary()} returns what the tool reported.
 *
 * <p>Addresses are IP literals exactly as recorded; nothing here resolves DNS.
 *
 * @param origin file format this was read from
 * @param line 1-based line where the record started
 * @param vantageId identifier of the vantage, e.g. {@code "atlas-probe:677"}, or null
 * @param source the vantage's address as recorded (RIPE Atlas {@code from}, else
 *     {@code src_addr}), or null
 * @param target the target's IP literal, never null or blank
 * @param targetName the target's name as given to the tool, or null
 * @param timestamp when the series started, or null when unknown
 * @param protocol probe protocol as recorded ({@code "ICMP"}, {@code "UDP"}, {@code "TCP"}), or null
 * @param packetSizeBytes payload size as recorded by the tool, or null when unknown
 * @param sent probes sent (≥ rttsMs.length is not required: equals it when samples are known)
 * @param rttsMs per-probe RTTs in ms in send order, NaN for lost; empty when samples are unknown
 * @param duplicates duplicate replies seen (not part of {@code rttsMs}), ≥ 0
 * @param reported the summary line the tool itself printed, or null
 */
public record PingMeasurement(
    SourceFormat origin,
    long line,
    String vantageId,
    String source,
    String target,
    String targetName,
    Instant timestamp,
    String protocol,
    Integer packetSizeBytes,
    int sent,
    double[] rttsMs,
    int duplicates,
    RttSummary reported) implements Measurement {

  public PingMeasurement {
    Objects.requireNonNull(origin, "origin");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a ping measurement needs a target address");
    }
    rttsMs = rttsMs == null ? new double[0] : rttsMs.clone();
    if (sent < 0) {
      throw new IllegalArgumentException("sent must be >= 0, got " + sent);
    }
    if (rttsMs.length > 0 && rttsMs.length != sent) {
      throw new IllegalArgumentException("one RTT entry per probe sent is needed, got "
          + rttsMs.length + " entries for " + sent + " probes");
    }
    for (double v : rttsMs) {
      if (!Double.isNaN(v) && !RttEnvelope.plausible(v)) {
        throw new IllegalArgumentException("an RTT must be in [0, " + RttEnvelope.MAX_RTT_MS
            + "] ms (NaN for lost), got " + v);
      }
    }
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must be >= 0, got " + duplicates);
    }
    if (packetSizeBytes != null && packetSizeBytes < 0) {
      throw new IllegalArgumentException("packet size must be >= 0 bytes, got " + packetSizeBytes);
    }
    if (rttsMs.length == 0 && sent > 0 && reported == null) {
      throw new IllegalArgumentException(
          "a ping measurement without samples needs the tool's reported summary");
    }
  }

  /** Per-probe RTTs in ms in send order (a copy), NaN for lost. */
  @Override
  public double[] rttsMs() {
    return rttsMs.clone();
  }

  /** True when per-probe RTTs were recorded (false for summary-only sources). */
  public boolean samplesKnown() {
    return rttsMs.length > 0 || sent == 0;
  }

  /** The envelope of the per-probe RTTs, or empty when only a summary was recorded. */
  public Optional<RttEnvelope> envelope() {
    return samplesKnown() ? Optional.of(RttEnvelope.of(rttsMs)) : Optional.empty();
  }

  /**
   * Summary statistics: computed from the samples when known (last = last received sample), else
   * the summary the tool reported.
   */
  public RttSummary summary() {
    if (!samplesKnown()) {
      return reported;
    }
    RttEnvelope e = RttEnvelope.of(rttsMs);
    double last = Double.NaN;
    for (int i = rttsMs.length - 1; i >= 0; i--) {
      if (!Double.isNaN(rttsMs[i])) {
        last = rttsMs[i];
        break;
      }
    }
    return new RttSummary(e.sent(), e.received(), e.lossRatio(), e.minMs(), e.meanMs(), e.maxMs(),
        e.stddevMs(), last);
  }

  /** Smallest RTT in ms, from samples or the reported summary; NaN when nothing was received. */
  public double minRttMs() {
    return summary().minMs();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PingMeasurement p
        && origin == p.origin
        && line == p.line
        && sent == p.sent
        && duplicates == p.duplicates
        && Objects.equals(vantageId, p.vantageId)
        && Objects.equals(source, p.source)
        && target.equals(p.target)
        && Objects.equals(targetName, p.targetName)
        && Objects.equals(timestamp, p.timestamp)
        && Objects.equals(protocol, p.protocol)
        && Objects.equals(packetSizeBytes, p.packetSizeBytes)
        && Arrays.equals(rttsMs, p.rttsMs)
        && Objects.equals(reported, p.reported);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, line, vantageId, source, target, targetName, timestamp, protocol,
        packetSizeBytes, sent, Arrays.hashCode(rttsMs), duplicates, reported);
  }

  @Override
  public String toString() {
    return "PingMeasurement[" + origin + " line " + line + ", " + (vantageId == null ? "" : vantageId
        + " ") + (source == null ? "?" : source) + " -> " + target
        + (targetName == null ? "" : " (" + targetName + ")") + ", sent=" + sent + ", rttsMs="
        + Arrays.toString(rttsMs) + ", duplicates=" + duplicates + "]";
  }
}
