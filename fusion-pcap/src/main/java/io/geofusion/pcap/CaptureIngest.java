package io.geofusion.pcap;

import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeKind;
import io.geofusion.graph.NodeUpdate;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocation;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.guardrail.EdgeCandidate;
import io.geofusion.guardrail.EdgeOutcome;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.net.AddressClass;
import io.geofusion.net.IpAddresses;
import io.geofusion.rtt.DistanceEstimate;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.RttEnvelope;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what a capture observed into the entity graph: the capture artifact, its hosts, flows
 * and services, and each host's passive RTT from the capture point. Re-ingesting the same
 * content (same SHA-256) is a no-op.
 *
 * <p>Nodes: {@code capture:<sha256>} (source, format, packet counts, time span),
 * {@code host:<ip>} (RFC 5952 text), {@code flow:<sha12>:<proto>:<initiator>-<responder>}
 * (ports, packets, bytes, handshake RTTs), {@code service:<proto>/<port>@<ip>} (a responder
 * port that completed a TCP handshake or answered UDP). Edges, all of the observed zone (see
 * {@code guardrail/edge-kinds.json}; inference may never write them):
 * {@code HOST_OBSERVED_IN_CAPTURE} host→capture, {@code HOST_OBSERVED_RTT} host→capture (RTT
 * envelope and the distance bound of {@link DistanceEstimator}, confidence = its confidence),
 * {@code FLOW_OBSERVED_HOST} flow→host (role initiator/responder), {@code FLOW_OBSERVED_SERVICE}
 * flow→service.
 *
 * <p>Stateless and thread-safe (the graph serialises writes).
 */
public final class CaptureIngest {

  /** What an ingest wrote. */
  public record Report(String captureNode, boolean alreadyIngested, int hosts, int flows,
      int services, int rttEdges, int asnEdges, int asnRejected, int locations,
      long flowsNotIngested, int rttHostsNotIngested) {
    public Report {
      Objects.requireNonNull(captureNode, "captureNode");
    }
  }

  private static final String COMPLETE = "complete";

  private final DistanceEstimator estimator;

  /** Ingest using {@code estimator} for the distance bounds on RTT edges. */
  public CaptureIngest(DistanceEstimator estimator) {
    this.estimator = Objects.requireNonNull(estimator, "estimator");
  }

  /** The node id of a capture with this content hash. */
  public static String captureId(String sha256) {
    return NodeKind.CAPTURE.prefix() + ":" + sha256;
  }

  /**
   * Ingests one analysed capture.
   *
   * @param graph the graph to write
   * @param summary the capture's summary; its {@link CaptureSummary#flows()} (when retained)
   *     become flow nodes, otherwise its top flows
   * @param sha256 the capture file's SHA-256 (lowercase hex)
   * @return what was written; {@code alreadyIngested} and nothing written when the capture
   *     node exists
   */
  public Report ingest(EntityGraph graph, CaptureSummary summary, String sha256) {
    return write(graph, summary, sha256, Map.of(), null, Map.of());
  }

  /**
   * Ingests one analysed capture and, for every public host address, the autonomous system
   * {@code geoip} records for it: an {@code asn:<N>} node (organization) and a
   * {@code HOST_IN_ASN} edge proposed by rule {@code pcap_geoip_asn} with confidence 0.9, which
   * passes through {@code guardrail} (canonicalised to {@code INFERRED_HOST_IN_ORG}, healed,
   * validated) before it is written; rejected proposals are counted in the report.
   *
   * @throws GeoIpException when the database is corrupt (nothing has been written then)
   */
  public Report ingest(EntityGraph graph, CaptureSummary summary, String sha256,
      GeoIpService geoip, Guardrail guardrail) throws GeoIpException {
    Objects.requireNonNull(geoip, "geoip");
    Objects.requireNonNull(guardrail, "guardrail");
    return ingest(graph, summary, sha256, geoip, guardrail, Map.of());
  }

  /**
   * Ingests one analysed capture with, optionally, ASN edges ({@code geoip} and {@code
   * guardrail} both given, see above) and fused host locations: each host in {@code fused}
   * (from {@link CaptureFusion#fuse}) gets its {@link HostLocation} and per-layer evidence
   * scores, unless the engine abstained.
   *
   * @param geoip GeoIP service for ASN edges, or {@code null} for none
   * @param guardrail the guardrail for ASN edges, or {@code null} when {@code geoip} is null
   * @param fused fusion results by host (may be empty)
   * @throws GeoIpException when the database is corrupt (nothing has been written then)
   */
  public Report ingest(EntityGraph graph, CaptureSummary summary, String sha256,
      GeoIpService geoip, Guardrail guardrail, Map<InetAddress, FusionResult> fused)
      throws GeoIpException {
    if ((geoip == null) != (guardrail == null)) {
      throw new IllegalArgumentException("ASN edges need both a GeoIP service and a guardrail");
    }
    Objects.requireNonNull(fused, "fused");
    Map<InetAddress, AsnInfo> asns = new LinkedHashMap<>();
    if (geoip != null) {
      for (InetAddress a : addresses(summary)) {
        if (AddressClass.of(a).isPublic()) {
          Optional<AsnInfo> info = geoip.asn(a); // all lookups before any write
          info.ifPresent(i -> asns.put(a, i));
        }
      }
    }
    Map<String, NodeUpdate> located = new LinkedHashMap<>();
    for (Map.Entry<InetAddress, FusionResult> e : fused.entrySet()) {
      Optional<HostLocation> loc = CaptureFusion.toHostLocation(e.getValue());
      if (loc.isPresent()) {
        String id = host(e.getKey());
        located.put(id, NodeUpdate.host(id, loc.get(), unitScores(e.getValue().evidence())));
      }
    }
    return write(graph, summary, sha256, asns, guardrail, located);
  }

  private static Map<String, Double> unitScores(Map<String, Double> in) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (in != null) {
      in.forEach((k, v) -> {
        if (v != null && v >= 0.0 && v <= 1.0) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  private static Set<InetAddress> addresses(CaptureSummary s) {
    Set<InetAddress> out = new LinkedHashSet<>();
    for (FlowSummary f : s.flows().isEmpty() ? s.topFlows() : s.flows()) {
      out.add(f.initiator());
      out.add(f.responder());
    }
    s.topTalkers().forEach(t -> out.add(t.address()));
    rttHostsWritten(s).forEach(h -> out.add(h.address()));
    return out;
  }

  private Report write(EntityGraph graph, CaptureSummary summary, String sha256,
      Map<InetAddress, AsnInfo> asns, Guardrail guardrail, Map<String, NodeUpdate> located) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(summary, "summary");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got "
          + sha256);
    }
    String cap = captureId(sha256);
    if (graph.node(cap).map(n -> COMPLETE.equals(n.attributes().get("ingest"))).orElse(false)) {
      // Ingested once; what can be added later is where its hosts are (a capture point given
      // on a later run): re-locate the hosts the graph already records for this capture.
      int relocated = 0;
      for (NodeUpdate n : located.values()) {
        if (graph.node(n.id()).isPresent()) {
          graph.upsertNode(n);
          relocated++;
        }
      }
      return new Report(cap, true, 0, 0, 0, 0, 0, 0, relocated, 0, 0);
    }
    Map<String, String> capAttrs = new LinkedHashMap<>();
    capAttrs.put("source", summary.source());
    capAttrs.put("format", summary.format());
    capAttrs.put("packets", Long.toString(summary.packets()));
    capAttrs.put("captured_bytes", Long.toString(summary.capturedBytes()));
    capAttrs.put("flows", Long.toString(summary.flowCount()));
    if (summary.firstNanos() != CapturedPacket.NO_TIMESTAMP) {
      capAttrs.put("first_packet_ns", Long.toString(summary.firstNanos()));
      capAttrs.put("last_packet_ns", Long.toString(summary.lastNanos()));
    }
    summary.error().ifPresent(e -> capAttrs.put("read_error", e));
    if (summary.flowsNotRetained() > 0) {
      // the analyzer kept only the largest flows (limit graphFlows): say so where the rest is
      capAttrs.put("flows_not_ingested", Long.toString(summary.flowsNotRetained()));
    }
    String tag = sha256.substring(0, 12);
    List<FlowSummary> flows = summary.flows().isEmpty() ? summary.topFlows() : summary.flows();

    Set<String> hosts = new LinkedHashSet<>();
    Set<String> services = new LinkedHashSet<>();
    List<NodeUpdate> nodes = new ArrayList<>();
    List<EdgeUpdate> edges = new ArrayList<>();
    for (FlowSummary f : flows) {
      String a = host(f.initiator());
      String b = host(f.responder());
      hosts.add(a);
      hosts.add(b);
      String proto = f.protocolName();
      String flowId = NodeKind.FLOW.prefix() + ":" + tag + ":" + proto + ":"
          + endpoint(f.initiator(), f.initiatorPort()) + "-"
          + endpoint(f.responder(), f.responderPort());
      Map<String, String> fa = new LinkedHashMap<>();
      fa.put("capture", cap);
      fa.put("protocol", proto);
      fa.put("initiator_port", Integer.toString(f.initiatorPort()));
      fa.put("responder_port", Integer.toString(f.responderPort()));
      fa.put("packets", Long.toString(f.packetsFromInitiator() + f.packetsFromResponder()));
      fa.put("bytes", Long.toString(f.totalBytes()));
      fa.put("handshakes", Integer.toString(f.handshakes()));
      if (!Double.isNaN(f.synToSynAckMs())) {
        fa.put("syn_to_synack_ms", fmt(f.synToSynAckMs()));
      }
      if (!Double.isNaN(f.synAckToAckMs())) {
        fa.put("synack_to_ack_ms", fmt(f.synAckToAckMs()));
      }
      nodes.add(new NodeUpdate(flowId, NodeKind.FLOW, fa, null, Map.of()));
      edges.add(new EdgeUpdate(new EdgeKey(flowId, "FLOW_OBSERVED_HOST", a), 1.0, 1.0,
          Map.of("role", "initiator")));
      edges.add(new EdgeUpdate(new EdgeKey(flowId, "FLOW_OBSERVED_HOST", b), 1.0, 1.0,
          Map.of("role", "responder")));
      boolean offered = (f.protocol() == DecodedPacket.PROTO_TCP && f.handshakes() > 0)
          || (f.protocol() == DecodedPacket.PROTO_UDP && f.packetsFromResponder() > 0);
      if (offered && f.responderPort() > 0) {
        String svc = NodeKind.SERVICE.prefix() + ":" + proto + "/" + f.responderPort() + "@"
            + IpAddresses.toText(f.responder());
        if (services.add(svc)) {
          nodes.add(new NodeUpdate(svc, NodeKind.SERVICE, Map.of("protocol", proto, "port",
              Integer.toString(f.responderPort()), "host", b), null, Map.of()));
        }
        edges.add(EdgeUpdate.of(flowId, "FLOW_OBSERVED_SERVICE", svc));
      }
    }
    for (HostTraffic t : summary.topTalkers()) {
      hosts.add(host(t.address()));
    }
    int rttEdges = 0;
    for (HostRtt h : rttHostsWritten(summary)) {
      String id = host(h.address());
      hosts.add(id);
      RttEnvelope e = h.envelope();
      Optional<DistanceEstimate> d = estimator.tryEstimate(e);
      Map<String, String> ra = new LinkedHashMap<>();
      ra.put("vantage", h.vantage());
      ra.put("samples", Integer.toString(e.received()));
      ra.put("min_rtt_ms", fmt(e.minMs()));
      ra.put("median_rtt_ms", fmt(e.medianMs()));
      ra.put("jitter_ms", fmt(e.jitterMs()));
      ra.put("syn_to_synack_samples", Integer.toString(h.synAckSamples()));
      ra.put("synack_to_ack_samples", Integer.toString(h.ackSamples()));
      ra.put("icmp_echo_samples", Integer.toString(h.icmpEchoSamples()));
      d.ifPresent(x -> {
        ra.put("max_km", fmt(x.maxKm()));
        ra.put("distance_model", estimator.model().name());
      });
      double conf = d.map(DistanceEstimate::confidence).orElse(0.0);
      edges.add(new EdgeUpdate(new EdgeKey(id, "HOST_OBSERVED_RTT", cap), conf, e.received(),
          ra));
      rttEdges++;
    }
    if (rttEdges < summary.hosts().size()) {
      capAttrs.put("rtt_hosts_not_ingested", Integer.toString(summary.hosts().size() - rttEdges));
    }
    for (String h : hosts) {
      nodes.add(located.getOrDefault(h, NodeUpdate.of(h)));
      edges.add(EdgeUpdate.of(h, "HOST_OBSERVED_IN_CAPTURE", cap));
    }
    int asnEdges = 0;
    int asnRejected = 0;
    for (Map.Entry<InetAddress, AsnInfo> e : asns.entrySet()) {
      String h = host(e.getKey());
      AsnInfo info = e.getValue();
      String asn = NodeKind.ASN.prefix() + ":" + info.asn();
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("network", String.valueOf(info.network()));
      attrs.put("geoip_source", String.valueOf(info.source()));
      EdgeOutcome o = guardrail.process(new EdgeCandidate(h, "HOST_IN_ASN", asn,
          "pcap_geoip_asn", 0.9, h, attrs));
      if (!o.accepted()) {
        asnRejected++;
        continue;
      }
      if (info.organization() != null) {
        nodes.add(new NodeUpdate(asn, NodeKind.ASN, Map.of("organization", info.organization()),
            null, Map.of()));
      } else {
        nodes.add(NodeUpdate.of(asn));
      }
      edges.add(o.edge().toEdgeUpdate());
      asnEdges++;
    }
    // "ingest=complete" is set last: an ingest interrupted part way is repeated next time
    // (upserts are idempotent), a complete one is never repeated
    graph.upsertNode(new NodeUpdate(cap, NodeKind.CAPTURE, capAttrs, null, Map.of()));
    for (NodeUpdate n : nodes) {
      graph.upsertNode(n);
    }
    graph.upsertEdges(edges);
    graph.upsertNode(new NodeUpdate(cap, NodeKind.CAPTURE, Map.of("ingest", COMPLETE), null,
        Map.of()));
    int locations = 0;
    for (String h : hosts) {
      locations += located.containsKey(h) ? 1 : 0;
    }
    return new Report(cap, false, hosts.size(), flows.size(), services.size(), rttEdges,
        asnEdges, asnRejected, locations, summary.flowsNotRetained(),
        summary.hosts().size() - rttEdges);
  }

  /**
   * The hosts with passive RTT that {@link #ingest} writes: all of them, unless the analyzer left
   * flows out ({@link CaptureSummary#flowsNotRetained()}, the limit {@code graphFlows}); then
   * those of the flows kept and the top talkers, so that the graph gets no host (and no location
   * is fused) for the flows it does not hold.
   */
  public static List<HostRtt> rttHostsWritten(CaptureSummary s) {
    if (s.flowsNotRetained() == 0) {
      return s.hosts();
    }
    Set<InetAddress> kept = new HashSet<>();
    for (FlowSummary f : s.flows()) {
      kept.add(f.initiator());
      kept.add(f.responder());
    }
    s.topTalkers().forEach(t -> kept.add(t.address()));
    List<HostRtt> out = new ArrayList<>();
    for (HostRtt h : s.hosts()) {
      if (kept.contains(h.address())) {
        out.add(h);
      }
    }
    return out;
  }

  private static String host(InetAddress a) {
    return NodeKind.HOST.prefix() + ":" + IpAddresses.toText(a);
  }

  private static String endpoint(InetAddress a, int port) {
    String t = IpAddresses.toText(a);
    if (port == 0) {
      return t;
    }
    return (t.indexOf(':') >= 0 ? "[" + t + "]" : t) + ":" + port;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
