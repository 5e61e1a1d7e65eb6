package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.graph.EntityGraph;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.GeoJson;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.ProductJson;
import io.geofusion.net.IpAddresses;
import io.geofusion.pcap.CaptureAnalyzer;
import io.geofusion.pcap.CaptureException;
import io.geofusion.pcap.CaptureFetcher;
import io.geofusion.pcap.CaptureFusion;
import io.geofusion.pcap.CaptureIngest;
import io.geofusion.pcap.CaptureSummary;
import io.geofusion.pcap.CapturedPacket;
import io.geofusion.pcap.FetchException;
import io.geofusion.pcap.FetchResult;
import io.geofusion.pcap.FlowSummary;
import io.geofusion.pcap.HostRtt;
import io.geofusion.pcap.HostTraffic;
import io.geofusion.pcap.IngestLedger;
import io.geofusion.pcap.RemoteEntry;
import io.geofusion.rtt.DistanceEstimator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code geofusion pcap FILE|URL...}: packets, bad packets by reason, flows, hosts with passive
 * RTT (TCP handshakes, ICMP echo) from the capture point, and top talkers.
 */
@Command(
    name = "pcap",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise packet captures (pcap, pcapng, gzip-compressed) and measure passive RTT to every"
          + " host from the capture point: SYN->SYN/ACK for the host that answered a TCP"
          + " handshake, SYN/ACK->ACK for the host that opened it, and ICMP echo pairs.",
      "Inputs may be local files or http(s):// and ftp:// URLs (an ftp:// URL ending in / is a"
          + " directory of captures). Downloads go to a staging folder with connect/read"
          + " timeouts, an overall deadline and a size cap, resume where the server allows, and"
          + " are skipped when their content was already ingested (ledger of SHA-256)."
    })
final class PcapCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE|URL", arity = "1..*",
      description = "Capture files or URLs (http, https, ftp).")
  List<String> inputs;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10",
      description = "Top talkers and flows to list (default 10).")
  int top;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "fiber_2_3",
      description = "Distance model for the RTT distance bound (see 'geofusion probe --help').")
  String model;

  @Option(names = "--local-delay", paramLabel = "MS", defaultValue = "0",
      description = "Access delay of the capture point in ms, subtracted before the bound.")
  double localDelayMs;

  @Option(names = "--staging", paramLabel = "DIR",
      description = "Where downloads are staged (default: ./geofusion-staging).")
  Path staging;

  @Option(names = "--ledger", paramLabel = "FILE",
      description = "Ledger of ingested content hashes (default: STAGING/ingested.tsv).")
  Path ledgerFile;

  @Option(names = "--dry-run",
      description = "List what would be fetched from URLs and exit; nothing is downloaded.")
  boolean dryRun;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Connect timeout for downloads (default 10 s).")
  double connectTimeoutS;

  @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Longest wait for the next byte of a download (default 30 s).")
  double readTimeoutS;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "1800",
      description = "Longest time one download may take (default 1800 s).")
  double deadlineS;

  @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "4294967296",
      description = "Largest capture downloaded (default 4 GiB).")
  long maxBytes;

  @Option(names = "--graph", paramLabel = "SNAPSHOT",
      description = "Ingest hosts, flows, services and passive RTT into the entity graph"
          + " snapshot SNAPSHOT (created when missing; a capture already in it is skipped).")
  Path graphSnapshot;

  @Option(names = {"--geoip-asn", "--asn-db"}, paramLabel = "MMDB",
      description = "With --graph: a MaxMind DB with ASN data (e.g. GeoLite2-ASN); each public"
          + " host gets a guardrail-checked host->asn edge (INFERRED_HOST_IN_ORG).")
  Path asnDb;

  @Option(names = {"--geoip-city", "--city-db"}, paramLabel = "MMDB",
      description = "With --graph and --vantage: a MaxMind City DB used as the prior when each"
          + " host's location is fused from its passive RTT (written to the host node).")
  Path cityDb;

  @CommandLine.Mixin AnonymousIpOption anonymousIp = new AnonymousIpOption();

  @Option(names = "--geojson",
      description = "Print an RFC 7946 FeatureCollection instead: the capture point (--vantage)"
          + " and, per host with passive RTT, the circle it must lie in (radius max_km).")
  boolean geojson;

  @Option(names = {"--from", "--vantage"}, paramLabel = "LAT,LON",
      description = "Where the capture was made (needed by --geojson; with --graph, host"
          + " locations are fused from passive RTT and written to the graph).")
  String vantage;

  @ArgGroup(exclusive = true) OutputOptions output;

  @Override
  public Integer call() throws IOException {
    if (top < 0) {
      throw new GeoFusionCommand.UsageError("--top must be >= 0, got " + top);
    }
    DistanceEstimator estimator = ProbeCommand.estimator(model, localDelayMs);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputOptions.Mode mode = OutputOptions.of(output);
    LatLon capturePoint = null;
    if (vantage != null) {
      try {
        capturePoint = LatLon.parse(vantage);
      } catch (IllegalArgumentException e) {
        throw new GeoFusionCommand.UsageError("--vantage: " + e.getMessage());
      }
    }
    LatLon where = null;
    if (geojson) {
      if (mode != OutputOptions.Mode.TEXT) {
        throw new GeoFusionCommand.UsageError("--geojson cannot be combined with --json or"
            + " --ndjson");
      }
      if (vantage == null) {
        throw new GeoFusionCommand.UsageError("--geojson needs --vantage LAT,LON: the RTT"
            + " circles are centred on the capture point, which a capture does not record");
      }
      where = capturePoint;
    }
    List<JsonNode> features = new ArrayList<>();
    if (where != null) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("role", "capture_point");
      features.add(GeoJson.feature(GeoJson.point(where), props));
    }
    boolean ingest = graphSnapshot != null && !dryRun;
    CaptureAnalyzer analyzer = CaptureAnalyzer.builder().topN(top).retainFlows(ingest)
        .hashContent(ingest).build();
    EntityGraph graph = ingest ? openGraph(graphSnapshot) : null;
    CaptureIngest ingester = new CaptureIngest(estimator);
    boolean fuses = graph != null && capturePoint != null;
    Path asnFile = applicable(asnDb, graph != null, "--geoip-asn",
        "--asn-db is used only with --graph SNAPSHOT");
    Path cityFile = applicable(cityDb, fuses, "--geoip-city",
        "--city-db is used only with --graph SNAPSHOT and --vantage LAT,LON");
    Path anonFile = applicable(anonymousIp.file, fuses, "--geoip-anonymous",
        "--geoip-anonymous is used only with --graph SNAPSHOT and --vantage LAT,LON");
    GeoIpService geoip = asnFile == null ? null : openAsnDb(asnFile);
    GeoIpService city = cityFile == null && anonFile == null ? null
        : GeoIpCommand.open(cityFile, null, null, anonFile);
    FusionEngine engine = graph != null && capturePoint != null
        ? FusionEngine.builder().build() : null;
    int located = 0;
    Guardrail guardrail = geoip == null ? null : Guardrail.builder().build();
    int asnEdges = 0;
    int ingested = 0;
    int present = 0;
    CaptureFetcher fetcher = null;
    List<Map<String, Object>> docs = new ArrayList<>();
    boolean failed = false;
    for (String input : inputs) {
      List<Path> files = new ArrayList<>();
      List<FetchResult> fetched = new ArrayList<>();
      if (isUrl(input)) {
        if (fetcher == null) {
          fetcher = fetcher();
        }
        try {
          URI uri = URI.create(input);
          if (dryRun) {
            for (FetchResult r : fetcher.plan(uri)) {
              out.println(r.outcome().label() + "\t" + r.source() + "\t" + r.detail());
            }
            continue;
          }
          for (RemoteEntry entry : fetcher.list(uri)) {
            FetchResult r;
            try {
              r = fetcher.fetch(entry);
            } catch (FetchException e) { // one bad file does not stop the others
              err.println("geofusion: error: " + e.getMessage());
              failed = true;
              continue;
            }
            if (r.outcome() == FetchResult.Outcome.FETCHED) {
              files.add(r.file());
              fetched.add(r);
            } else {
              err.println("geofusion: " + r.outcome().label().replace('_', ' ') + ": "
                  + r.source() + " (" + r.detail() + ")");
            }
          }
        } catch (FetchException e) {
          err.println("geofusion: error: " + e.getMessage());
          failed = true;
          continue;
        } catch (IllegalArgumentException e) {
          throw new GeoFusionCommand.UsageError("'" + input + "' is not a valid URL: "
              + e.getMessage());
        }
      } else {
        Path p = Path.of(input);
        if (!Files.isRegularFile(p)) {
          err.println("geofusion: error: " + input + ": no such file (or not a regular file)");
          failed = true;
          continue;
        }
        if (dryRun) {
          out.println("local\t" + p + "\t" + Files.size(p) + " bytes, read in place");
          continue;
        }
        files.add(p);
      }
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        CaptureSummary s;
        try {
          s = analyzer.analyze(file, progress(err, file));
        } catch (CaptureException e) {
          endProgress(err);
          err.println("geofusion: error: " + e.getMessage());
          failed = true;
          continue;
        }
        endProgress(err);
        if (s.error().isPresent()) {
          err.println("geofusion: error: " + s.error().get());
          failed = true;
        } else if (i < fetched.size()) {
          fetcher.markIngested(fetched.get(i), "");
        }
        if (graph != null) {
          CaptureIngest.Report rep;
          try {
            Map<InetAddress, FusionResult> fused = engine == null ? Map.of()
                : CaptureFusion.fuse(s, capturePoint, localDelayMs, city, engine);
            rep = ingester.ingest(graph, s, s.sha256(), geoip, guardrail, fused);
          } catch (GeoIpException e) {
            throw new GeoFusionCommand.Failure("GeoIP database: " + e.getMessage(), e);
          }
          asnEdges += rep.asnEdges();
          located += rep.locations();
          if (rep.alreadyIngested()) {
            present++;
          } else {
            ingested++;
          }
        }
        if (where != null) {
          features.addAll(circles(s, where, estimator));
          continue;
        }
        switch (mode) {
          case TEXT -> printText(out, s, estimator);
          case JSON -> docs.add(document(s, estimator));
          case NDJSON -> {
            for (HostRtt h : s.hosts()) {
              ProductJson.writeLine(out, event(s, h, estimator));
            }
          }
          default -> throw new IllegalStateException("unknown mode " + mode);
        }
        out.flush();
      }
    }
    if (graph != null) {
      try (EntityGraph g = graph) {
        g.snapshot(graphSnapshot, GraphSnapshots.FORMAT);
        err.println("geofusion: graph " + graphSnapshot + ": " + ingested
            + " capture(s) ingested, " + present + " already present"
            + (geoip != null ? ", " + asnEdges + " host->asn edges" : "")
            + (engine != null ? ", " + located + " host locations fused" : "") + "; "
            + g.nodeCount() + " nodes, " + g.edgeCount() + " edges");
      }
    }
    if (geoip != null) {
      geoip.close();
    }
    if (city != null) {
      city.close();
    }
    if (where != null && !dryRun) {
      out.println(GeoJson.toJson(GeoJson.featureCollection(features)));
    }
    if (mode == OutputOptions.Mode.JSON && !dryRun) {
      out.println(ProductJson.toPrettyJson(Map.of("captures", docs)));
    }
    out.flush();
    err.flush();
    return failed ? 1 : 0;
  }

  /**
   * A database option where it applies. Typed where it does not apply, it is a usage error; a
   * default from the config file ({@code geoip.city}, ...) is simply not used, so a config meant
   * for {@code analyze} never makes a plain {@code pcap} run fail.
   */
  private Path applicable(Path value, boolean applies, String option, String usage) {
    if (value == null || applies) {
      return value;
    }
    if (DistanceOptions.typed(spec, option)) {
      throw new GeoFusionCommand.UsageError(usage);
    }
    return null;
  }

  private static GeoIpService openAsnDb(Path db) {
    try {
      return MaxMindGeoIpService.open(db);
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(db + ": cannot open the GeoIP database: "
          + e.getMessage() + "; give a MaxMind DB file (.mmdb)", e);
    }
  }

  private static EntityGraph openGraph(Path snapshot) throws IOException {
    if (Files.exists(snapshot)) {
      try {
        return EntityGraph.builder().buildFrom(snapshot, GraphSnapshots.FORMAT);
      } catch (IOException e) {
        throw new GeoFusionCommand.Failure(snapshot + ": cannot load the graph snapshot: "
            + e.getMessage() + "; give another --graph path or remove the file", e);
      }
    }
    return EntityGraph.builder().build();
  }

  private static boolean isUrl(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://") || l.startsWith("ftp://")
        || (l.matches("^[a-z][a-z0-9+.-]*://.*"));
  }

  private CaptureFetcher fetcher() throws IOException {
    Path dir = staging != null ? staging : Path.of("geofusion-staging");
    Path ledger = ledgerFile != null ? ledgerFile : dir.resolve("ingested.tsv");
    try {
      return CaptureFetcher.builder().stagingDir(dir).ledger(IngestLedger.open(ledger))
          .connectTimeout(seconds(connectTimeoutS, "--connect-timeout"))
          .readTimeout(seconds(readTimeoutS, "--read-timeout"))
          .deadline(seconds(deadlineS, "--deadline")).maxBytes(maxBytes).build();
    } catch (IllegalArgumentException e) {
      throw new GeoFusionCommand.UsageError(e.getMessage());
    }
  }

  private static Duration seconds(double s, String option) {
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new GeoFusionCommand.UsageError(option + " must be a positive number of seconds,"
          + " got " + s);
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  /** Progress on stderr, only when stderr is a terminal. */
  private static CaptureAnalyzer.ProgressListener progress(PrintWriter err, Path file) {
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

  private static void endProgress(PrintWriter err) {
    if (System.console() != null) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  // ------------------------------------------------------------------ text

  static void printText(PrintWriter out, CaptureSummary s, DistanceEstimator estimator) {
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
        + " %d echo; discarded %d ambiguous (retransmitted SYN or SYN/ACK, Karn), %d negative%n",
        r.handshakes(), r.synToSynAckSamples(), r.synAckToAckSamples(), r.icmpEchoSamples(),
        r.ambiguousSynAcks() + r.ambiguousAcks() + r.icmpEchoAmbiguous(),
        r.negativeIntervals());
    if (!s.hosts().isEmpty()) {
      out.println();
      out.println("hosts with passive RTT from the capture point (distance bound from min RTT, "
          + estimator.model().name() + "):");
      TextTable t = new TextTable("host", ">samples", ">min_ms", ">median_ms", ">p90_ms",
          ">jitter_ms", ">max_km", ">conf", "from");
      for (HostRtt h : s.hosts()) {
        var e = h.envelope();
        var d = estimator.estimate(e);
        t.row(IpAddresses.toText(h.address()), e.received(), ms(e.minMs()), ms(e.medianMs()),
            ms(e.p90Ms()), ms(e.jitterMs()), String.format(Locale.ROOT, "%.0f", d.maxKm()),
            String.format(Locale.ROOT, "%.2f", d.confidence()), kinds(h));
      }
      t.print(out);
    }
    if (!s.topTalkers().isEmpty()) {
      out.println();
      out.println("top talkers:");
      TextTable t = new TextTable("host", ">pkts_sent", ">pkts_recv", ">bytes_sent",
          ">bytes_recv", ">flows");
      for (HostTraffic h : s.topTalkers()) {
        t.row(IpAddresses.toText(h.address()), h.packetsSent(), h.packetsReceived(),
            h.bytesSent(), h.bytesReceived(), h.flows());
      }
      t.print(out);
    }
    if (!s.topFlows().isEmpty()) {
      out.println();
      out.println("top flows:");
      TextTable t = new TextTable("proto", "initiator", "responder", ">packets", ">bytes",
          ">syn_synack_ms", ">synack_ack_ms");
      for (FlowSummary f : s.topFlows()) {
        t.row(f.protocolName(), endpoint(IpAddresses.toText(f.initiator()), f.initiatorPort()),
            endpoint(IpAddresses.toText(f.responder()), f.responderPort()),
            f.packetsFromInitiator() + f.packetsFromResponder(), f.totalBytes(),
            ms(f.synToSynAckMs()), ms(f.synAckToAckMs()));
      }
      t.print(out);
    }
    s.error().ifPresent(e -> out.println("  stopped early: " + e));
    out.println();
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

  // ------------------------------------------------------------------ JSON

  /** One circle per host: the capture point, radius = the hard distance bound from min RTT. */
  static List<JsonNode> circles(CaptureSummary s, LatLon where, DistanceEstimator estimator) {
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

  static LatencyAnalysisEvent event(CaptureSummary s, HostRtt h, DistanceEstimator estimator) {
    Instant at = s.firstNanos() == CapturedPacket.NO_TIMESTAMP ? null
        : Instant.ofEpochSecond(Math.floorDiv(s.firstNanos(), 1_000_000_000L),
            Math.floorMod(s.firstNanos(), 1_000_000_000L));
    DistanceJson d = estimator.tryEstimate(h.envelope()).map(DistanceJson::of).orElse(null);
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, IpAddresses.toText(h.address()),
        LatencyMetrics.of(h.envelope()), d, List.of(), h.vantage(), null, at,
        s.format());
  }

  static Map<String, Object> document(CaptureSummary s, DistanceEstimator estimator) {
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
    var r = s.rtt();
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
    m.put("passive_rtt", rtt);
    List<Object> hosts = new ArrayList<>();
    for (HostRtt h : s.hosts()) {
      hosts.add(event(s, h, estimator));
    }
    m.put("hosts", hosts);
    List<Object> talkers = new ArrayList<>();
    for (HostTraffic h : s.topTalkers()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("host", IpAddresses.toText(h.address()));
      t.put("packets_sent", h.packetsSent());
      t.put("packets_received", h.packetsReceived());
      t.put("bytes_sent", h.bytesSent());
      t.put("bytes_received", h.bytesReceived());
      t.put("flows", h.flows());
      talkers.add(t);
    }
    m.put("top_talkers", talkers);
    List<Object> flows = new ArrayList<>();
    for (FlowSummary f : s.topFlows()) {
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
      flows.add(t);
    }
    m.put("top_flows", flows);
    m.put("error", s.error().orElse(null));
    return m;
  }
}
