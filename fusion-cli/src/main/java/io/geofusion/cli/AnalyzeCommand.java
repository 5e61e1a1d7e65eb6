package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.json.FusionJson;
import io.geofusion.text.TextLines;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion analyze TARGET...} (live) or {@code --input FILE} (recorded): fuses RTTs with
 * GeoIP into a location distribution per target, with confidence circles and
 * inconsistency/anycast alerts. Live, each target gets a ping envelope and a traceroute with hop
 * flags from this machine (see {@link LiveAnalysis}); both modes share {@link HostFusion}.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Where is each target, and how sure can we be? Fuses recorded RTTs (one vantage from"
          + " --from, or many from --vantages) with GeoIP into a location distribution with 50 %%"
          + " and 90 %% confidence circles, and flags GeoIP that the RTTs contradict"
          + " (location_inconsistency: vpn_or_proxy) and anycast.",
      "With TARGET... (IP addresses or host names, resolved once), measures them now from this"
          + " machine (placed with --from or the config key 'vantage'): ping envelope,"
          + " traceroute with hop flags, GeoIP/ASN of target and hops, then the fusion.",
      "--model, --local-delay and --stretch work as in probe and traceroute; live, they shape"
          + " the ping distance, delta_km and the hop flags (the fusion keeps its calibrated"
          + " RTT likelihood). Recorded runs take --local-delay only."
    })
final class AnalyzeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "Hosts to measure now (not with --input).")
  List<String> targets;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Recorded pings/traceroutes (RIPE Atlas, scamper, ping/traceroute text).")
  Path input;

  @CommandLine.Mixin LiveOptions live;

  @CommandLine.Mixin LiveOptions.Ping ping;

  @CommandLine.Mixin LiveOptions.Trace trace;

  @Option(names = "--from", paramLabel = "LAT,LON",
      description = "Where the measurements were taken: this machine when probing live, else"
          + " records whose vantage is not in --vantages (config key 'vantage').")
  String from;

  @Option(names = "--vantages", paramLabel = "CSV",
      description = "Vantage positions: lines 'id,lat,lon' where id is a RIPE Atlas probe id"
          + " (e.g. 6001 or atlas-probe:6001) or a source address as recorded.")
  Path vantagesFile;

  /**
   * {@code --model}, {@code --local-delay}, {@code --stretch} as in {@code probe} and
   * {@code traceroute}. Live, the model and stretch turn the ping and the path into distances
   * (the distance line, {@code delta_km}, hop flags, geo-path bounds); the fusion's RTT
   * likelihood keeps its calibration (docs/fusion.md). Recorded, only {@code --local-delay}
   * applies.
   */
  @CommandLine.Mixin DistanceOptions distance;

  @CommandLine.Mixin GeoIpOptions geoipOptions;

  @CommandLine.Mixin AnonymousIpOption anonymousIp = new AnonymousIpOption();

  @CommandLine.Mixin FusionOptions fusion = new FusionOptions();

  @Option(names = "--asn-profiles", paramLabel = "JSON",
      description = "ASN profile overrides (merged over the bundled table).")
  Path asnProfiles;

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Also write a GeoJSON FeatureCollection (estimate, circles, mixture"
          + " ellipses, vantage disks) of every target.")
  Path geojson;

  @ArgGroup(exclusive = true) OutputOptions output;

  /** Created on first use, so a command that prints no JSON never loads Jackson (start-up). */
  private static final class MapperHolder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Per-target evidence collected from the file. */
  private static final class Target {
    final String address;
    final Map<String, VantageObservation> byVantage = new LinkedHashMap<>();
    double jitterMs = Double.NaN;

    Target(String address) {
      this.address = address;
    }

    void add(VantageObservation v) {
      byVantage.merge(v.id(), v, (a, b) -> a.minRttMs() <= b.minRttMs() ? a : b);
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> liveTargets = LiveProbing.liveTargets(input, targets, live);
    if (liveTargets != null) {
      if (vantagesFile != null) {
        throw new GeoFusionCommand.UsageError("--vantages places recorded vantages; live probes"
            + " run from this machine: give its position with --from LAT,LON");
      }
      LatLon at = parseFrom();
      distance.analyzer(); // bad --model, --local-delay or --stretch: a usage error before probing
      FusionEngine engine = fusion.engine();
      AsnProfiles profiles = loadProfiles();
      try (GeoIpService geoip = openGeoIp()) {
        LiveAnalysis la = new LiveAnalysis(
            new HostFusion(geoip, profiles, engine, anonymousIp.given()), at, distance,
            live, ping, trace);
        return la.run(liveTargets, OutputOptions.of(output), geojson, out, err,
            LiveProbing.verbose(spec));
      }
    }
    if (from == null && vantagesFile == null) {
      throw new GeoFusionCommand.UsageError("analyze needs the vantage position: --from LAT,LON"
          + " (or 'vantage' in the config file) or --vantages CSV; without it RTTs give"
          + " distances but no location (use 'geofusion probe --input' for distances only)");
    }
    LatLon fromAt = parseFrom();
    for (String flag : List.of("--model", "--stretch")) {
      if (DistanceOptions.typed(spec, flag)) {
        throw new GeoFusionCommand.UsageError(flag + " applies to live analyze (TARGET...):"
            + " recorded RTTs are fused with the calibrated RTT likelihood (docs/fusion.md),"
            + " which has its own speed model and no route stretch; drop " + flag
            + " or use 'geofusion probe --input' for distances under another model");
      }
    }
    double localDelayMs = distance.localDelayMs;
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new GeoFusionCommand.UsageError("--local-delay must be a finite number of ms >= 0");
    }
    Map<String, LatLon> positions = vantagesFile == null ? Map.of() : readVantages(vantagesFile);
    AsnProfiles profiles = loadProfiles();
    Map<String, Target> targets = new LinkedHashMap<>();
    int unplaced = 0;
    int unnamed = 0;
    java.util.Set<String> placedByFrom = new java.util.HashSet<>();
    try (MeasurementReader reader = Inputs.open(input, err)) {
      for (Measurement m : reader) {
        String target;
        String vantageId;
        String source;
        double minRtt;
        double jitter = Double.NaN;
        if (m instanceof PingMeasurement p) {
          target = p.target();
          vantageId = p.vantageId();
          source = p.source();
          minRtt = p.minRttMs();
          jitter = p.envelope().map(RttEnvelope::jitterMs).orElse(Double.NaN);
        } else if (m instanceof TraceMeasurement t) {
          target = t.path().destination();
          if (target == null) {
            unnamed++; // its last responder is a router as far as anyone can tell, not a target
            continue;
          }
          vantageId = t.vantageId();
          source = t.path().source();
          minRtt = destinationMinRtt(t);
        } else {
          continue;
        }
        if (Double.isNaN(minRtt)) {
          continue;
        }
        LatLon at = lookup(positions, vantageId, source);
        String id = vantageId != null ? vantageId : source != null ? source : "vantage";
        if (at == null) {
          at = fromAt;
          if (at == null) {
            unplaced++;
            continue;
          }
          placedByFrom.add(id);
        }
        Target tg = targets.computeIfAbsent(target, Target::new);
        tg.add(new VantageObservation(id, at, minRtt, Math.min(localDelayMs, minRtt)));
        if (!Double.isNaN(jitter)) {
          tg.jitterMs = Double.isNaN(tg.jitterMs) ? jitter : Math.min(tg.jitterMs, jitter);
        }
      }
    }
    if (unnamed > 0) {
      err.println("geofusion: warning: " + unnamed + " trace(s) that do not name their destination"
          + " (a traceroute transcript without its 'traceroute to' header, a tracepath run that"
          + " never printed 'reached') were left out: there is no target to locate");
    }
    if (unplaced > 0) {
      err.println("geofusion: warning: " + unplaced + " record(s) from vantages not in "
          + vantagesFile + " were left out; add them there or give --from");
    }
    if (placedByFrom.size() > 1) {
      err.println("geofusion: warning: records come from " + placedByFrom.size()
          + " different vantages and --from placed them all at " + fromAt
          + "; give their positions with --vantages for a real multi-vantage fix");
    }
    FusionEngine engine = fusion.engine();
    OutputOptions.Mode mode = OutputOptions.of(output);
    ArrayNode docs = MapperHolder.MAPPER.createArrayNode();
    ArrayNode features = MapperHolder.MAPPER.createArrayNode();
    try (GeoIpService geoip = openGeoIp()) {
      HostFusion fusion = new HostFusion(geoip, profiles, engine, anonymousIp.given());
      for (Target t : targets.values()) {
        double minRtt = t.byVantage.values().stream().mapToDouble(VantageObservation::minRttMs)
            .min().orElse(Double.NaN);
        HostFusion.Fused f = fusion.fuse(t.address, new ArrayList<>(t.byVantage.values()),
            minRtt, t.jitterMs);
        switch (mode) {
          case NDJSON -> out.println(MapperHolder.MAPPER.writeValueAsString(HostFusion.event(f)));
          case JSON -> docs.add(f.doc());
          case TEXT -> {
            HostFusion.printReport(out, f.result().entity(), f);
            HostFusion.printWarnings(out, f.result());
            out.println();
          }
          default -> throw new IllegalStateException("unknown mode " + mode);
        }
        if (geojson != null) {
          addFeatures(features, FusionJson.toGeoJson(f.result(),
              new ArrayList<>(t.byVantage.values()), engine.rttModel()), t.address);
        }
      }
    }
    if (mode == OutputOptions.Mode.JSON) {
      ObjectNode root = MapperHolder.MAPPER.createObjectNode();
      root.set("results", docs);
      out.println(MapperHolder.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
    if (targets.isEmpty()) {
      err.println("geofusion: note: no target with an RTT in " + input);
    }
    if (geojson != null) {
      ObjectNode fc = MapperHolder.MAPPER.createObjectNode();
      fc.put("type", "FeatureCollection");
      fc.set("features", features);
      Files.writeString(geojson, MapperHolder.MAPPER.writeValueAsString(fc), StandardCharsets.UTF_8);
    }
    out.flush();
    err.flush();
    return 0;
  }

  private LatLon parseFrom() {
    if (from == null) {
      return null;
    }
    try {
      return LatLon.parse(from);
    } catch (IllegalArgumentException e) {
      throw new GeoFusionCommand.UsageError("--from: " + e.getMessage());
    }
  }

  private GeoIpService openGeoIp() {
    return geoipOptions.open(anonymousIp);
  }

  /** Adds a target's features, each tagged with the target, to {@code features}. */
  static void addFeatures(ArrayNode features, ObjectNode collection, String target) {
    collection.withArray("features").forEach(f -> {
      ((ObjectNode) f.get("properties")).put("target", target);
      features.add(f);
    });
  }

  /** The destination's own minimum RTT when it answered, else NaN (no bound from a hop). */
  static double destinationMinRtt(TraceMeasurement t) {
    double min = Double.NaN;
    String dst = t.path().destination();
    if (dst == null) {
      return min;
    }
    for (Hop h : t.path().hops()) {
      for (HopReply r : h.replies()) {
        if (r.answered() && dst.equals(r.address())) {
          min = Double.isNaN(min) ? r.rttMs() : Math.min(min, r.rttMs());
        }
      }
    }
    return min;
  }

  private static LatLon lookup(Map<String, LatLon> positions, String vantageId, String source) {
    if (vantageId != null) {
      LatLon at = positions.get(vantageId);
      if (at == null && vantageId.startsWith("atlas-probe:")) {
        at = positions.get(vantageId.substring("atlas-probe:".length()));
      }
      if (at != null) {
        return at;
      }
    }
    return source == null ? null : positions.get(source);
  }

  private static double number(String cell, String what) {
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + cell.strip() + "' is not a number");
    }
  }

  static Map<String, LatLon> readVantages(Path f) throws IOException {
    Map<String, LatLon> m = new HashMap<>();
    List<String> lines;
    try {
      lines = TextLines.readAllLines(f);
    } catch (NoSuchFileException e) {
      throw new GeoFusionCommand.Failure(f + ": no such file; check --vantages");
    } catch (TextLines.NotUtf8Exception e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
    int n = 0;
    for (String line : lines) {
      n++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#") || (n == 1 && s.toLowerCase(Locale.ROOT)
          .startsWith("id,"))) {
        continue;
      }
      List<String> cells = GeoIpCommand.splitCsv(s);
      if (cells.size() < 3) {
        throw new GeoFusionCommand.Failure(f + ":" + n + ": expected 'id,lat,lon', got '" + s
            + "'");
      }
      try {
        m.put(cells.get(0).strip(), LatLon.of(number(cells.get(1), "latitude"),
            number(cells.get(2), "longitude")));
      } catch (IllegalArgumentException e) {
        throw new GeoFusionCommand.Failure(f + ":" + n + ": " + e.getMessage());
      }
    }
    return m;
  }

  private AsnProfiles loadProfiles() {
    if (asnProfiles == null) {
      return AsnProfiles.bundled();
    }
    try {
      return AsnProfiles.bundled().withOverrides(asnProfiles);
    } catch (IOException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
  }
}
