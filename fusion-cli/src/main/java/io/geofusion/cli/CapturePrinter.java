package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.geo.LatLon;
import io.geofusion.json.GeoJson;
import io.geofusion.json.ProductJson;
import io.geofusion.net.IpAddresses;
import io.geofusion.pcap.CaptureAnalyzer;
import io.geofusion.pcap.CaptureSummary;
import io.geofusion.pcap.CapturedPacket;
import io.geofusion.pcap.FlowSummary;
import io.geofusion.pcap.HostRtt;
import io.geofusion.pcap.HostTraffic;
import io.geofusion.pcap.json.CaptureJson;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints analysed captures as {@code pcap} does: a text summary per capture, one
 * {@code RECON_LATENCY_ANALYSIS} event per host, or one {@code {"captures": [...]}} document at
 * {@link #finish}; with {@code --geojson FILE} also one FeatureCollection of the capture point and
 * the hosts' RTT circles, written to the file at {@link #finish}. Also the progress line on a terminal. Not thread-safe.
 */
final class CapturePrinter {

  private final OutputOptions.Mode mode;
  private final LatLon geoJsonCentre;
  private final DistanceEstimator estimator;
  private final PrintWriter out;
  private final List<Map<String, Object>> documents = new ArrayList<>();
  private final List<JsonNode> features = new ArrayList<>();
  private final PrintWriter err;
  private final int maxHosts;

  /**
   * @param geoJsonCentre the capture point when {@code --geojson FILE} was given, else null
   * @param err where the NDJSON report says how many hosts it left out
   * @param maxHosts hosts listed per capture in the text and NDJSON reports at most
   */
  CapturePrinter(OutputOptions.Mode mode, LatLon geoJsonCentre, DistanceEstimator estimator,
      PrintWriter out, PrintWriter err, int maxHosts) {
    this.mode = mode;
    this.err = err;
    this.maxHosts = maxHosts;
    this.geoJsonCentre = geoJsonCentre;
    this.estimator = estimator;
    this.out = out;
    if (geoJsonCentre != null) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("role", "capture_point");
      features.add(GeoJson.feature(GeoJson.point(geoJsonCentre), props));
    }
  }

  /** Prints {@code s} (text, NDJSON) or keeps it for {@link #finish} (JSON, GeoJSON). */
  void print(CaptureSummary s) {
    if (geoJsonCentre != null) {
      features.addAll(CaptureJson.circles(s, geoJsonCentre, estimator));
    }
    switch (mode) {
      case TEXT -> printText(out, s, estimator, maxHosts);
      case JSON -> documents.add(CaptureJson.document(s, estimator));
      case NDJSON -> {
        List<HostRtt> hosts = s.hosts();
        for (HostRtt h : hosts.subList(0, Math.min(maxHosts, hosts.size()))) {
          ProductJson.writeLine(out, CaptureJson.event(s, h, estimator));
        }
        if (hosts.size() > maxHosts) {
          err.println("geofusion: warning: " + s.source() + ": " + moreHosts(hosts.size()
              - maxHosts) + " with passive RTT not listed");
        }
      }
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
    out.flush();
  }

  /**
   * Prints the JSON document of the captures given (nothing in the other modes) and writes the
   * GeoJSON to {@code geojson} when it is not null.
   */
  void finish(Path geojson) throws IOException {
    if (geoJsonCentre != null && geojson != null) {
      AtomicFile.writeString(geojson, GeoJson.toJson(GeoJson.featureCollection(features)) + "\n");
    }
    if (mode == OutputOptions.Mode.JSON) {
      out.println(ProductJson.toPrettyJson(Map.of("captures", documents)));
    }
  }

  /** Progress on stderr, only when stderr is a terminal. */
  static CaptureAnalyzer.ProgressListener progress(PrintWriter err, Path file) {
    if (System.console() == null) {
      return null;
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = -1;
    }
    long total = size;
    return (bytes, packets) -> {
      String pct = total > 0 ? String.format(Locale.ROOT, " %3.0f%%", 100.0 * bytes / total) : "";
      err.print(String.format(Locale.ROOT, "\r%s%s  %,d MB  %,d packets", file.getFileName(),
          pct, bytes >> 20, packets));
      err.flush();
    };
  }

  /** Erases the progress line (on a terminal). */
  static void endProgress(PrintWriter err) {
    if (System.console() != null) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  /** The "N more hosts" note, naming the limit and the option that raises it. */
  private static String moreHosts(long n) {
    return String.format(Locale.ROOT, "%,d more host%s", n, n == 1 ? "" : "s")
        + " (limit reportHosts: raise with --report-max-hosts N)";
  }

  static void printText(PrintWriter out, CaptureSummary s, DistanceEstimator estimator,
      int maxHosts) {
    out.printf(Locale.ROOT, "capture %s (%s)%n", s.source(), s.format());
    double seconds = s.firstNanos() == CapturedPacket.NO_TIMESTAMP ? 0
        : (s.lastNanos() - s.firstNanos()) / 1e9;
    out.printf(Locale.ROOT, "  packets %,d (%,d bytes captured, %.3f s), IP %,d, non-IP %,d,"
        + " bad %,d%n", s.packets(), s.capturedBytes(), seconds, s.ipPackets(),
        s.nonIpPackets(), s.badPacketCount());
    if (!s.badPackets().isEmpty()) {
      StringBuilder b = new StringBuilder("  bad packets by reason:");
      s.badPackets().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
      out.println(b);
    }
    out.printf(Locale.ROOT, "  flows %,d%s%n", s.flowCount(), s.flowsNotTracked() > 0
        ? " (+" + s.flowsNotTracked() + " packets beyond the flow-table cap)" : "");
    var r = s.rtt();
    out.printf(Locale.ROOT, "  passive RTT: %d handshakes, %d SYN->SYN/ACK, %d SYN/ACK->ACK,"
        + " %d echo; discarded %d ambiguous (retransmitted SYN or SYN/ACK, Karn), %d negative%s%n",
        r.handshakes(), r.synToSynAckSamples(), r.synAckToAckSamples(), r.icmpEchoSamples(),
        r.ambiguousSynAcks() + r.ambiguousAcks() + r.icmpEchoAmbiguous(),
        r.negativeIntervals(), r.samplesBeyondHostCap() > 0 ? "; " + r.samplesBeyondHostCap()
            + " samples of hosts beyond the rttHosts cap not kept" : "");
    if (!s.hosts().isEmpty()) {
      out.println();
      out.println("hosts with passive RTT from the capture point (distance bound from min RTT, "
          + estimator.model().name() + "):");
      hostTable(s, estimator, maxHosts).print(out);
      if (s.hosts().size() > maxHosts) {
        out.println("  … " + moreHosts(s.hosts().size() - maxHosts));
      }
    }
    if (!s.topTalkers().isEmpty()) {
      out.println();
      out.println("top talkers:");
      talkerTable(s).print(out);
    }
    if (!s.topFlows().isEmpty()) {
      out.println();
      out.println("top flows:");
      flowTable(s).print(out);
    }
    s.error().ifPresent(e -> out.println("  stopped early: " + e));
    out.println();
  }

  private static TextTable hostTable(CaptureSummary s, DistanceEstimator estimator,
      int maxHosts) {
    TextTable t = new TextTable("host", ">samples", ">min_ms", ">median_ms", ">p90_ms",
        ">jitter_ms", ">max_km", ">conf", "from");
    List<HostRtt> hosts = s.hosts();
    for (HostRtt h : hosts.subList(0, Math.min(maxHosts, hosts.size()))) {
      var e = h.envelope();
      var d = estimator.estimate(e);
      t.row(IpAddresses.toText(h.address()), e.received(), ms(e.minMs()), ms(e.medianMs()),
          ms(e.p90Ms()), ms(e.jitterMs()), String.format(Locale.ROOT, "%.0f", d.maxKm()),
          String.format(Locale.ROOT, "%.2f", d.confidence()), kinds(h));
    }
    return t;
  }

  private static TextTable talkerTable(CaptureSummary s) {
    TextTable t = new TextTable("host", ">pkts_sent", ">pkts_recv", ">bytes_sent",
        ">bytes_recv", ">flows");
    for (HostTraffic h : s.topTalkers()) {
      t.row(IpAddresses.toText(h.address()), h.packetsSent(), h.packetsReceived(),
          h.bytesSent(), h.bytesReceived(), h.flows());
    }
    return t;
  }

  private static TextTable flowTable(CaptureSummary s) {
    TextTable t = new TextTable("proto", "initiator", "responder", ">packets", ">bytes",
        ">syn_synack_ms", ">synack_ack_ms");
    for (FlowSummary f : s.topFlows()) {
      t.row(f.protocolName(), endpoint(IpAddresses.toText(f.initiator()), f.initiatorPort()),
          endpoint(IpAddresses.toText(f.responder()), f.responderPort()),
          f.packetsFromInitiator() + f.packetsFromResponder(), f.totalBytes(),
          ms(f.synToSynAckMs()), ms(f.synAckToAckMs()));
    }
    return t;
  }

  private static String endpoint(String host, int port) {
    return port == 0 ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String kinds(HostRtt h) {
    List<String> k = new ArrayList<>();
    if (h.synAckSamples() > 0) {
      k.add(h.synAckSamples() + " syn-synack");
    }
    if (h.ackSamples() > 0) {
      k.add(h.ackSamples() + " synack-ack");
    }
    if (h.icmpEchoSamples() > 0) {
      k.add(h.icmpEchoSamples() + " echo");
    }
    return String.join(", ", k);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
