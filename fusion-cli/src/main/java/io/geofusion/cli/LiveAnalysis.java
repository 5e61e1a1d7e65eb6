package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathLocator;
import io.geofusion.fusion.HostLocator;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.FusionJson;
import io.geofusion.json.GeoPathGeoJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.PingResultDocument;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code geofusion analyze TARGET...}: the whole pipeline live, per target on a worker thread —
 * ping envelope, traceroute with hop flags, GeoIP/ASN of the target and of every hop, the route
 * stretch of the path's networks (ASN profiles), the distance bound, then {@link HostFusion}
 * with this machine as the one vantage (at {@code --from}). Without a vantage position the
 * distances are still reported, but nothing places the target except GeoIP, and GeoIP cannot be
 * checked; the report says so.
 */
final class LiveAnalysis {

  /** The vantage id of this machine in results and GeoJSON. */
  static final String LOCAL = "local";

  /** {@code route_stretch_source} values and how the text report says them. */
  private static final Map<String, String> STRETCH_SOURCES = Map.of(
      "configured", "from --stretch or the config file",
      "path_networks", "from the path's networks",
      "target_network", "from the target's network",
      "unknown_network", "for an unknown network");

  private final HostFusion fusion;
  private final LatLon vantage;
  private final DistanceOptions distance;
  private final double localDelayMs;
  private final LiveOptions live;
  private final LiveOptions.Ping ping;
  private final LiveOptions.Trace trace;
  private final HopAnalyzer analyzer;

  /**
   * @param distance {@code --model}, {@code --local-delay} and {@code --stretch}: the model and
   *     access delay of every distance, hop flag and {@code delta_km}; the stretch, when given,
   *     replaces the one derived from the path's networks
   * @throws GeoFusionCommand.UsageError when one of them is bad
   */
  LiveAnalysis(HostFusion fusion, LatLon vantage, DistanceOptions distance, LiveOptions live,
      LiveOptions.Ping ping, LiveOptions.Trace trace) {
    this.fusion = fusion;
    this.vantage = vantage;
    this.distance = distance;
    this.localDelayMs = distance.localDelayMs;
    this.live = live;
    this.ping = ping;
    this.trace = trace;
    this.analyzer = distance.analyzer();
  }

  /** GeoIP facts about one hop's primary responder. */
  record HopGeo(Optional<AsnInfo> asn, Optional<GeoIpLocation> location) {}

  /** Everything measured and concluded about one target. */
  record Result(LiveTargets.Target target, LiveProbing.Probed<PingResult> ping,
      PingResultDocument pingDoc, TracerouteCommand.Live trace, Map<Integer, HopGeo> hopGeo,
      double routeStretch, String stretchSource, List<VantageObservation> vantages,
      HostFusion.Fused fused, List<String> warnings) {}

  /** Measures and fuses one target (runs on a worker thread). */
  Result analyse(LiveTargets.Target t) throws Exception {
    LiveProbing.Probed<PingResult> p = LiveProbing.ping(live, ping, t);
    List<String> warnings = new ArrayList<>();
    TracerouteCommand.Live tr = null;
    // The path's own distance, before its networks are known: --stretch or the unknown network's.
    DistanceEstimator plain = distance.estimator();
    try {
      tr = TracerouteCommand.traceLive(live, trace, t, analyzer, plain);
    } catch (ProbeUnavailableException e) {
      warnings.add("no traceroute: " + e.getMessage());
    }
    Map<Integer, HopGeo> hopGeo = new HashMap<>();
    double stretch;
    String stretchSource;
    if (tr != null) {
      Map<String, Long> asnOf = new HashMap<>();
      for (HopAnalysis h : tr.analysis().hops()) {
        if (h.address() == null) {
          continue;
        }
        Optional<HostLocator.Lookup> l = fusion.lookup(h.address());
        Optional<AsnInfo> asn = l.flatMap(HostLocator.Lookup::asn);
        asn.ifPresent(a -> asnOf.put(h.address(), a.asn()));
        hopGeo.put(h.ttl(), new HopGeo(asn, l.flatMap(HostLocator.Lookup::location)));
      }
      stretch = fusion.profiles().pathStretch(tr.analysis(), asnOf::get);
      stretchSource = "path_networks";
      if (!tr.result().reachedDestination()) {
        warnings.add("the traceroute did not reach " + t.addressText() + " within "
            + trace.maxTtl + " hops: the path ends early");
      }
    } else {
      Optional<AsnInfo> asn = fusion.asn(t.addressText());
      stretch = asn.map(a -> fusion.profiles().profile(a.asn()).routeStretch())
          .orElse(fusion.profiles().defaultStretch(io.geofusion.asn.AsnType.UNKNOWN));
      stretchSource = asn.isPresent() ? "target_network" : "unknown_network";
    }
    if (distance.stretch != null) {
      stretch = distance.stretch;
      stretchSource = "configured";
    }
    DistanceEstimator estimator = distance.estimator(stretch);
    PingResultDocument pingDoc = ProbeCommand.analyse(p.result(), t, estimator);
    RttEnvelope env = p.result().envelope();
    double minRtt = env.minMs();
    if (tr != null) {
      double d = destinationMinRtt(tr.result().path().hops(), t.addressText());
      if (!Double.isNaN(d)) {
        minRtt = Double.isNaN(minRtt) ? d : Math.min(minRtt, d);
      }
    }
    List<VantageObservation> vantages = new ArrayList<>();
    if (Double.isNaN(minRtt)) {
      warnings.add("no reply from " + t.addressText() + " to " + p.choice().method()
          + " probes: no RTT, so no distance; try another --method (e.g. tcp:443)");
    } else if (vantage != null) {
      vantages.add(new VantageObservation(LOCAL, vantage, minRtt, Math.min(localDelayMs, minRtt)));
    }
    if (vantage == null) {
      warnings.add("no vantage position (--from LAT,LON or 'vantage' in the config file): the"
          + " RTTs bound the distance but cannot place the target or check GeoIP");
    }
    double jitter = env.received() >= 2 ? env.jitterMs() : Double.NaN;
    HostFusion.Fused f = fusion.fuse(t.addressText(), vantages, minRtt, jitter);
    return new Result(t, p, pingDoc, tr, hopGeo, stretch, stretchSource, vantages, f, warnings);
  }

  /** The destination's own minimum RTT in a live path, NaN when it never answered. */
  static double destinationMinRtt(List<Hop> hops, String destination) {
    double min = Double.NaN;
    for (Hop h : hops) {
      for (HopReply r : h.replies()) {
        if (r.answered() && destination.equals(r.address())) {
          min = Double.isNaN(min) ? r.rttMs() : Math.min(min, r.rttMs());
        }
      }
    }
    return min;
  }

  /** Runs every target and prints the results; returns the exit code. */
  int run(List<String> typed, OutputOptions.Mode mode, Path geojson, PrintWriter out,
      PrintWriter err, boolean verbose) throws IOException, InterruptedException {
    LiveProbing.validate(live, ping, trace);
    ArrayNode docs = HostFusion.MapperHolder.MAPPER.createArrayNode();
    ArrayNode features = HostFusion.MapperHolder.MAPPER.createArrayNode();
    List<LiveProbing.Outcome<Result>> outcomes = LiveProbing.run(typed, live.parallel(),
        LiveProbing.bound(live, ping, trace), err, verbose, this::analyse, o -> {
          Result r = o.value();
          if (verbose) {
            r.ping().choice().skipped().forEach(s -> err.println("geofusion: note: "
                + o.typed() + ": passed over " + s));
          }
          switch (mode) {
            case NDJSON -> {
              out.println(ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(latencyEvent(r)).toString());
              ObjectNode e = HostFusion.event(r.fused());
              addLiveFields(e, r);
              out.println(e.toString());
              out.flush();
            }
            case JSON -> {
              ObjectNode d = r.fused().doc().deepCopy();
              addLiveFields(d, r);
              docs.add(d);
            }
            case TEXT -> printReport(out, r);
            default -> throw new IllegalStateException("unknown mode " + mode);
          }
          if (geojson != null) {
            AnalyzeCommand.addFeatures(features, geoJson(r), r.target().addressText());
          }
        });
    if (mode == OutputOptions.Mode.JSON) {
      ObjectNode root = HostFusion.MapperHolder.MAPPER.createObjectNode();
      root.set("results", docs);
      out.println(HostFusion.MapperHolder.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
    out.flush();
    if (geojson != null) {
      ObjectNode fc = HostFusion.MapperHolder.MAPPER.createObjectNode();
      fc.put("type", "FeatureCollection");
      fc.set("features", features);
      Files.writeString(geojson, HostFusion.MapperHolder.MAPPER.writeValueAsString(fc),
          StandardCharsets.UTF_8);
    }
    return LiveProbing.finish(outcomes, err);
  }

  /** The RECON_LATENCY_ANALYSIS event: ping metrics and distance, ping and path anomalies. */
  private static LatencyAnalysisEvent latencyEvent(Result r) {
    LatencyAnalysisEvent e = r.pingDoc().toEvent();
    Set<String> anomalies = new LinkedHashSet<>(e.anomalies());
    if (r.trace() != null) {
      anomalies.addAll(r.trace().analysis().eventAnomalies());
    }
    return new LatencyAnalysisEvent(e.type(), e.entity(), e.metrics(), e.distance(),
        new ArrayList<>(anomalies), r.vantages().isEmpty() ? null : LOCAL, null, e.observedAt(),
        null);
  }

  /** Adds ping, traceroute (hops with ASN and city), vantage and warnings to a document. */
  private void addLiveFields(ObjectNode d, Result r) {
    ObjectNode pingNode = ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(r.pingDoc());
    pingNode.set("probe", ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(LiveProbing.probeInfo(r.target(),
        r.ping().choice(), r.ping().result().backend(),
        r.ping().result().timestampSource().name())));
    d.set("ping", pingNode);
    if (r.trace() != null) {
      ObjectNode tn = ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(r.trace().doc());
      tn.set("probe", ProbeCommand.LiveJsonHolder.LIVE_JSON.valueToTree(r.trace().probeInfo()));
      for (JsonNode hop : tn.withArray("hops")) {
        HopGeo g = r.hopGeo().get(hop.path("ttl").asInt());
        ObjectNode h = (ObjectNode) hop;
        h.putNull("asn");
        h.putNull("city");
        if (g != null) {
          g.asn().ifPresent(a -> h.putObject("asn").put("number", a.asn())
              .put("organization", a.organization()));
          g.location().ifPresent(l -> h.putObject("city").put("name", l.city())
              .put("country_iso_code", l.countryIsoCode()).put("lat", l.position().lat())
              .put("lon", l.position().lon()).put("accuracy_radius_km", l.accuracyRadiusKm()));
        }
      }
      d.set("traceroute", tn);
    } else {
      d.putNull("traceroute");
    }
    d.put("distance_model", distance.model);
    d.put("route_stretch", r.routeStretch());
    d.put("route_stretch_source", r.stretchSource());
    if (vantage != null) {
      d.putObject("vantage").put("id", LOCAL).put("lat", vantage.lat())
          .put("lon", vantage.lon()).put("local_delay_ms", localDelayMs);
    } else {
      d.putNull("vantage");
    }
    ArrayNode w = d.putArray("warnings");
    r.warnings().forEach(w::add);
  }

  private void printReport(PrintWriter out, Result r) {
    HostFusion.printReport(out, r.target().label(), r.fused());
    PingResult pr = r.ping().result();
    LatencyMetrics m = r.pingDoc().metrics();
    DistanceJson dist = r.pingDoc().distance();
    out.printf(Locale.ROOT, "  ping: %d sent, %s loss, min/median/max %s/%s/%s ms, jitter %s ms"
            + " (%s)%n", m.sent(), ProbeCommand.pct(m.lossRatio()), ProbeCommand.ms(m.minRtt()),
        ProbeCommand.ms(m.medianRtt()), ProbeCommand.ms(m.maxRtt()), ProbeCommand.ms(m.jitter()),
        ProbeCommand.how(r.ping().choice(), pr.backend(), pr.timestampSource(), pr.startedAt()));
    if (dist != null) {
      out.printf(Locale.ROOT, "  distance from %s: likely %.0f km, at most %.0f km (confidence"
              + " %.2f; model %s; route stretch %.2f %s)%n",
          vantage == null ? "this machine" : "the vantage " + vantage, dist.estimateKm(),
          dist.maxKm(), dist.confidence(), distance.model, r.routeStretch(),
          STRETCH_SOURCES.get(r.stretchSource()));
    }
    if (r.trace() != null) {
      TracerouteCommand.Live tr = r.trace();
      out.printf(Locale.ROOT, "  path: %s, %s in %.1f s%n", ProbeCommand.how(tr.choice(),
              tr.result().backend(), tr.result().timestampSource(), tr.result().startedAt()),
          tr.result().reachedDestination() ? "destination reached" : "destination NOT reached",
          tr.result().elapsed().toNanos() / 1e9);
      StringWriter table = new StringWriter();
      try (PrintWriter tw = new PrintWriter(table)) {
        pathTable(r).print(tw);
      }
      table.toString().lines().forEach(l -> out.println("    " + l));
    }
    for (String w : r.warnings()) {
      out.println("  warning: " + w);
    }
    HostFusion.printWarnings(out, r.fused().result());
    out.println();
    out.flush();
  }

  /** The mtr-like path table: hop, host, ASN, loss, best/median/worst, jitter, flags, Δkm, city. */
  private static TextTable pathTable(Result r) {
    TextTable t = new TextTable(">HOP", "HOST", "ASN", ">LOSS", ">BEST", ">MEDIAN", ">WORST",
        ">JITTER", "FLAGS", ">DKM", "CITY");
    for (HopAnalysis h : r.trace().analysis().hops()) {
      RttEnvelope e = h.rtt();
      HopGeo g = r.hopGeo().get(h.ttl());
      String asn = g == null ? "" : g.asn().map(a -> "AS" + a.asn()).orElse("");
      String city = g == null ? "" : g.location().map(HostFusion::place).orElse("");
      t.row(h.ttl(), h.address() == null ? "*" : h.address(), asn,
          e.sent() == 0 ? "-" : ProbeCommand.pct(e.lossRatio()),
          e.hasReplies() ? ProbeCommand.ms(e.minMs()) : "-",
          e.hasReplies() ? ProbeCommand.ms(e.medianMs()) : "-",
          e.hasReplies() ? ProbeCommand.ms(e.maxMs()) : "-",
          e.received() >= 2 ? ProbeCommand.ms(e.jitterMs()) : "-",
          String.join(",", h.flagNames()),
          h.deltaKm() == null ? "-" : ProbeCommand.km(h.deltaKm()), city);
    }
    return t;
  }

  /**
   * The target's features: fusion (estimate, 50 %/90 % circles, mixture ellipses, the vantage's
   * RTT disk) plus the path as geo-path draws it (vantage, one {@code waypoint} per hop GeoIP
   * places, geodesic {@code arc}s cut at the antimeridian), so both commands draw paths alike.
   * Coordinates are [lon, lat] (RFC 7946 §3.1.1).
   */
  private ObjectNode geoJson(Result r) {
    ObjectNode fc = FusionJson.toGeoJson(r.fused().result(), r.vantages(),
        fusion.engine().rttModel());
    if (r.trace() != null) {
      GeoPath path = GeoPathCommand.locate(r.trace().result().path(), fusion.geoip(), vantage,
          GeoPathLocator.of(analyzer));
      ArrayNode fs = fc.withArray("features");
      GeoPathGeoJson.features(path, false).forEach(fs::add);
    }
    return fc;
  }

}
