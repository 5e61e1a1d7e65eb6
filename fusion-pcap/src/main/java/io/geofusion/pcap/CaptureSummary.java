package io.geofusion.pcap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of analysing one capture: packet counts, bad packets by reason, flows, hosts with
 * passive RTT, top talkers. A capture cut off or corrupted part way still yields a summary of
 * everything before the problem, with {@link #error()} saying where it stopped.
 *
 * @param source file name or URL analysed
 * @param format container format label ({@code pcap}, {@code nsecpcap}, {@code pcapng}, ...)
 * @param packets packets read
 * @param capturedBytes bytes of packet data captured
 * @param firstNanos earliest packet time, ns since the epoch ({@link
 *     CapturedPacket#NO_TIMESTAMP} when no packet had one)
 * @param lastNanos latest packet time
 * @param ipPackets packets that decoded as IPv4/IPv6
 * @param nonIpPackets well-formed frames without IP (ARP, STP, ...)
 * @param badPackets bad packets by {@link DecodeStatus#label()}, in enum order
 * @param linkTypes packets per link type name ({@link LinkTypes#name})
 * @param flowCount flows tracked
 * @param flowsNotTracked packets of flows beyond the flow-table cap (not in flows or RTT)
 * @param rtt passive RTT counters
 * @param hosts hosts with at least one passive RTT sample, by address
 * @param topTalkers hosts with the most bytes, largest first (at most the configured top N)
 * @param topFlows flows with the most bytes, largest first (at most the configured top N)
 * @param flows every flow, when the analyzer retains them ({@link
 *     CaptureAnalyzer.Builder#retainFlows}), or the largest ones when there are more than it
 *     retains ({@link CaptureAnalyzer.Builder#maxRetainedFlows}); otherwise empty
 * @param flowsNotRetained tracked flows left out of {@code flows} by that limit (0 when the
 *     analyzer does not retain flows)
 * @param sha256 SHA-256 of the input bytes (lowercase hex) when the analyzer hashes content
 *     ({@link CaptureAnalyzer.Builder#hashContent}), otherwise {@code null}
 * @param errorMessage why reading stopped early, or {@code null} when the whole file was read
 * @param errorOffset byte offset of that problem, or -1
 */
public record CaptureSummary(
    String source,
    String format,
    long packets,
    long capturedBytes,
    long firstNanos,
    long lastNanos,
    long ipPackets,
    long nonIpPackets,
    Map<String, Long> badPackets,
    Map<String, Long> linkTypes,
    long flowCount,
    long flowsNotTracked,
    PassiveRttStats rtt,
    List<HostRtt> hosts,
    List<HostTraffic> topTalkers,
    List<FlowSummary> topFlows,
    List<FlowSummary> flows,
    long flowsNotRetained,
    String sha256,
    String errorMessage,
    long errorOffset) {

  public CaptureSummary {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(rtt, "rtt");
    badPackets = Collections.unmodifiableMap(new LinkedHashMap<>(badPackets));
    linkTypes = Collections.unmodifiableMap(new LinkedHashMap<>(linkTypes));
    hosts = List.copyOf(hosts);
    topTalkers = List.copyOf(topTalkers);
    topFlows = List.copyOf(topFlows);
    flows = List.copyOf(flows);
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
    }
    if (packets < 0 || capturedBytes < 0 || ipPackets < 0 || nonIpPackets < 0 || flowCount < 0
        || flowsNotTracked < 0 || flowsNotRetained < 0) {
      throw new IllegalArgumentException("capture counters must be >= 0");
    }
    long bad = badPackets.values().stream().mapToLong(Long::longValue).sum();
    if (ipPackets + nonIpPackets + bad != packets) {
      throw new IllegalArgumentException("ip (" + ipPackets + ") + non-ip (" + nonIpPackets
          + ") + bad (" + bad + ") packets must add up to " + packets);
    }
  }

  /** This summary with {@code hosts} as its hosts with passive RTT. */
  public CaptureSummary withHosts(List<HostRtt> hosts) {
    return new CaptureSummary(source, format, packets, capturedBytes, firstNanos, lastNanos,
        ipPackets, nonIpPackets, badPackets, linkTypes, flowCount, flowsNotTracked, rtt, hosts,
        topTalkers, topFlows, flows, flowsNotRetained, sha256, errorMessage, errorOffset);
  }

  /** Total bad packets. */
  public long badPacketCount() {
    return badPackets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Why reading stopped before the end of the file, if it did. */
  public Optional<String> error() {
    return Optional.ofNullable(errorMessage);
  }

  /** The content hash, when computed. */
  public Optional<String> contentSha256() {
    return Optional.ofNullable(sha256);
  }

  /** True when the whole file was read. */
  public boolean complete() {
    return errorMessage == null;
  }
}
