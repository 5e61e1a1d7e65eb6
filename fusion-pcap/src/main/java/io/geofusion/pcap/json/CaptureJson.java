package io.geofusion.pcap.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.LatLon;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.GeoJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.net.IpAddresses;
import io.geofusion.pcap.CaptureSummary;
import io.geofusion.pcap.CapturedPacket;
import io.geofusion.pcap.FlowSummary;
import io.geofusion.pcap.HostRtt;
import io.geofusion.pcap.HostTraffic;
import io.geofusion.pcap.PassiveRttStats;
import io.geofusion.rtt.DistanceEstimator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an analysed capture: the capture report of docs/schemas/pcap-report.schema.json
 * ({@link #document}), one {@code RECON_LATENCY_ANALYSIS} event per host with passive RTT
 * ({@link #event}), and the hosts' RTT circles as GeoJSON features ({@link #circles}).
 *
 * <p>Stateless and thread-safe.
 */
public final class CaptureJson {

  private CaptureJson() {}

  /**
   * One GeoJSON feature per host with passive RTT: a circle centred on the capture point whose
   * radius is the hard distance bound of the host's minimum RTT ({@code radius_km}); coordinates
   * are [lon, lat] (RFC 7946 §3.1.1). Hosts whose RTT gives no bound are left out.
   *
   * @param where the capture point (a capture does not record it)
   */
  public static List<JsonNode> circles(CaptureSummary s, LatLon where,
      DistanceEstimator estimator) {
    List<JsonNode> out = new ArrayList<>();
    for (HostRtt h : s.hosts()) {
      var d = estimator.tryEstimate(h.envelope());
      if (d.isEmpty()) {
        continue;
      }
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("entity", IpAddresses.toText(h.address()));
      props.put("vantage", h.vantage());
      props.put("min_rtt_ms", h.envelope().minMs());
      props.put("samples", h.envelope().received());
      props.put("radius_km", d.get().maxKm());
      props.put("confidence", d.get().confidence());
      out.add(GeoJson.feature(GeoJson.geometry(GeoCircle.of(where, d.get().maxKm()).polygon()),
          props));
    }
    return out;
  }

  /**
   * The {@code RECON_LATENCY_ANALYSIS} event of one host: its passive RTT metrics and distance
   * bound from the capture point, observed at the capture's first packet.
   */
  public static LatencyAnalysisEvent event(CaptureSummary s, HostRtt h,
      DistanceEstimator estimator) {
    Instant at = s.firstNanos() == CapturedPacket.NO_TIMESTAMP ? null
        : Instant.ofEpochSecond(Math.floorDiv(s.firstNanos(), 1_000_000_000L),
            Math.floorMod(s.firstNanos(), 1_000_000_000L));
    DistanceJson d = estimator.tryEstimate(h.envelope()).map(DistanceJson::of).orElse(null);
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, IpAddresses.toText(h.address()),
        LatencyMetrics.of(h.envelope()), d, List.of(), h.vantage(), null, at,
        s.format());
  }

  /** The capture report (one element of {@code captures[]}), for a JSON writer. */
  public static Map<String, Object> document(CaptureSummary s, DistanceEstimator estimator) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", s.source());
    m.put("format", s.format());
    m.put("packets", s.packets());
    m.put("captured_bytes", s.capturedBytes());
    m.put("first_packet_ns", s.firstNanos() == CapturedPacket.NO_TIMESTAMP ? null
        : s.firstNanos());
    m.put("last_packet_ns", s.lastNanos() == CapturedPacket.NO_TIMESTAMP ? null : s.lastNanos());
    m.put("ip_packets", s.ipPackets());
    m.put("non_ip_packets", s.nonIpPackets());
    m.put("bad_packets", s.badPackets());
    m.put("link_types", s.linkTypes());
    m.put("flows", s.flowCount());
    m.put("packets_beyond_flow_cap", s.flowsNotTracked());
    m.put("passive_rtt", passiveRtt(s.rtt()));
    List<Object> hosts = new ArrayList<>();
    for (HostRtt h : s.hosts()) {
      hosts.add(event(s, h, estimator));
    }
    m.put("hosts", hosts);
    List<Object> talkers = new ArrayList<>();
    for (HostTraffic h : s.topTalkers()) {
      talkers.add(talker(h));
    }
    m.put("top_talkers", talkers);
    List<Object> flows = new ArrayList<>();
    for (FlowSummary f : s.topFlows()) {
      flows.add(flow(f));
    }
    m.put("top_flows", flows);
    m.put("error", s.error().orElse(null));
    return m;
  }

  private static Map<String, Object> passiveRtt(PassiveRttStats r) {
    Map<String, Object> rtt = new LinkedHashMap<>();
    rtt.put("handshakes", r.handshakes());
    rtt.put("syn_to_synack_samples", r.synToSynAckSamples());
    rtt.put("synack_to_ack_samples", r.synAckToAckSamples());
    rtt.put("icmp_echo_samples", r.icmpEchoSamples());
    rtt.put("retransmitted_syns", r.retransmittedSyns());
    rtt.put("retransmitted_synacks", r.retransmittedSynAcks());
    rtt.put("ambiguous_discarded", r.ambiguousSynAcks() + r.ambiguousAcks()
        + r.icmpEchoAmbiguous());
    rtt.put("reused_tuples", r.reusedTuples());
    rtt.put("negative_intervals", r.negativeIntervals());
    rtt.put("samples_beyond_host_cap", r.samplesBeyondHostCap());
    return rtt;
  }

  private static Map<String, Object> talker(HostTraffic h) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("host", IpAddresses.toText(h.address()));
    t.put("packets_sent", h.packetsSent());
    t.put("packets_received", h.packetsReceived());
    t.put("bytes_sent", h.bytesSent());
    t.put("bytes_received", h.bytesReceived());
    t.put("flows", h.flows());
    return t;
  }

  private static Map<String, Object> flow(FlowSummary f) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("protocol", f.protocolName());
    t.put("initiator", IpAddresses.toText(f.initiator()));
    t.put("initiator_port", f.initiatorPort());
    t.put("responder", IpAddresses.toText(f.responder()));
    t.put("responder_port", f.responderPort());
    t.put("packets", f.packetsFromInitiator() + f.packetsFromResponder());
    t.put("bytes", f.totalBytes());
    t.put("handshakes", f.handshakes());
    t.put("syn_to_synack_ms", Double.isNaN(f.synToSynAckMs()) ? null : f.synToSynAckMs());
    t.put("synack_to_ack_ms", Double.isNaN(f.synAckToAckMs()) ? null : f.synAckToAckMs());
    return t;
  }
}
