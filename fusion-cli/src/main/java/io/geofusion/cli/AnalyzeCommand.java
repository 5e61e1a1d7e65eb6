package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfile;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionJson;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.HostSignals;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion analyze --input FILE}: fuses recorded pings/traceroutes with GeoIP into a
 * location distribution per target, with confidence circles and inconsistency/anycast alerts.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Where is each target, and how sure can we be? Fuses recorded RTTs (one vantage from"
          + " --from, or many from --vantages) with GeoIP into a location distribution with 50 %%"
          + " and 90 %% confidence circles, and flags GeoIP that the RTTs contradict"
          + " (location_inconsistency: vpn_or_proxy) and anycast."
    })
final class AnalyzeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", required = true,
      description = "Recorded pings/traceroutes (RIPE Atlas, scamper, ping/traceroute text).")
  Path input;

  @Option(names = "--from", paramLabel = "LAT,LON",
      description = "Where the measurements were taken (applies to records whose vantage is not"
          + " in --vantages).")
  String from;

  @Option(names = "--vantages", paramLabel = "CSV",
      description = "Vantage positions: lines 'id,lat,lon' where id is a RIPE Atlas probe id"
          + " (e.g. 6001 or atlas-probe:6001) or a source address as recorded.")
  Path vantagesFile;

  @Option(names = "--local-delay", paramLabel = "MS", defaultValue = "0",
      description = "Access delay of the vantage(s) in ms, subtracted from every RTT.")
  double localDelayMs;

  @Option(names = "--geoip-city", paramLabel = "DB", description = "GeoIP City database.")
  Path geoipCity;

  @Option(names = "--geoip-asn", paramLabel = "DB", description = "GeoIP ASN database.")
  Path geoipAsn;

  @Option(names = "--geoip-overlay", paramLabel = "DB",
      description = "Overlay database consulted before the others.")
  Path geoipOverlay;

  @Option(names = "--asn-profiles", paramLabel = "JSON",
      description = "ASN profile overrides (merged over the bundled table).")
  Path asnProfiles;

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Also write a GeoJSON FeatureCollection (estimate, circles, mixture"
          + " ellipses, vantage disks) of every target.")
  Path geojson;

  @ArgGroup(exclusive = true) OutputOptions output;

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (from == null && vantagesFile == null) {
      throw new GeoFusionCommand.UsageError("analyze needs the vantage position: --from LAT,LON"
          + " (or 'vantage' in the config file) or --vantages CSV; without it RTTs give"
          + " distances but no location (use 'geofusion probe --input' for distances only)");
    }
    LatLon fromAt = null;
    if (from != null) {
      try {
        fromAt = LatLon.parse(from);
      } catch (IllegalArgumentException e) {
        throw new GeoFusionCommand.UsageError("--from: " + e.getMessage());
      }
    }
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new GeoFusionCommand.UsageError("--local-delay must be a finite number of ms >= 0");
    }
    Map<String, LatLon> positions = vantagesFile == null ? Map.of() : readVantages(vantagesFile);
    AsnProfiles profiles = loadProfiles();
    Map<String, Target> targets = new LinkedHashMap<>();
    int unplaced = 0;
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
    if (unplaced > 0) {
      err.println("geofusion: warning: " + unplaced + " record(s) from vantages not in "
          + vantagesFile + " were left out; add them there or give --from");
    }
    if (placedByFrom.size() > 1) {
      err.println("geofusion: warning: records come from " + placedByFrom.size()
          + " different vantages and --from placed them all at " + fromAt
          + "; give their positions with --vantages for a real multi-vantage fix");
    }
    FusionEngine engine = FusionEngine.builder().build();
    OutputOptions.Mode mode = OutputOptions.of(output);
    ArrayNode docs = MAPPER.createArrayNode();
    ArrayNode features = MAPPER.createArrayNode();
    try (GeoIpService geoip = geoipCity == null && geoipAsn == null && geoipOverlay == null
        ? GeoIpService.empty() : GeoIpCommand.open(geoipCity, geoipAsn, geoipOverlay)) {
      for (Target t : targets.values()) {
        Optional<GeoIpLocation> loc = Optional.empty();
        Optional<AsnInfo> asn = Optional.empty();
        InetAddress ip = parseOrNull(t.address);
        if (ip != null) {
          try {
            loc = geoip.locate(ip);
            asn = geoip.asn(ip);
          } catch (GeoIpException e) {
            throw new GeoFusionCommand.Failure(e.getMessage(), e);
          }
        }
        String asnType = asn.map(a -> profiles.profile(a.asn()))
            .map(AsnProfile::type).map(ty -> ty.name().toLowerCase(Locale.ROOT)).orElse("");
        double minRtt = t.byVantage.values().stream().mapToDouble(VantageObservation::minRttMs)
            .min().orElse(Double.NaN);
        FusionInput.Builder in = FusionInput.builder(t.address)
            .vantages(new ArrayList<>(t.byVantage.values()))
            .signals(new HostSignals(asnType, minRtt, t.jitterMs, false));
        loc.ifPresent(l -> in.geoIp(new GeoIpEvidence(l.position(), l.accuracyRadiusKm(),
            l.countryCentroid())));
        FusionResult r = engine.fuse(in.build());
        ObjectNode doc = FusionJson.toJson(r, MAPPER);
        loc.ifPresent(l -> {
          ObjectNode g = doc.putObject("geoip");
          g.put("lat", l.position().lat()).put("lon", l.position().lon())
              .put("accuracy_radius_km", l.accuracyRadiusKm())
              .put("country_centroid", l.countryCentroid())
              .put("country_iso_code", l.countryIsoCode()).put("city", l.city())
              .put("source", l.source());
        });
        asn.ifPresent(a -> doc.putObject("asn").put("number", a.asn())
            .put("organization", a.organization()).put("type", asnType));
        switch (mode) {
          case NDJSON -> {
            ObjectNode e = MAPPER.createObjectNode();
            e.put("type", "HOST_LOCATION");
            e.setAll(doc);
            out.println(MAPPER.writeValueAsString(e));
          }
          case JSON -> docs.add(doc);
          case TEXT -> printReport(out, r, loc, asn, t.byVantage.size());
          default -> throw new IllegalStateException("unknown mode " + mode);
        }
        if (geojson != null) {
          ObjectNode fc = FusionJson.toGeoJson(r, new ArrayList<>(t.byVantage.values()),
              engine.rttModel(), MAPPER);
          fc.withArray("features").forEach(f -> {
            ((ObjectNode) f.get("properties")).put("target", t.address);
            features.add(f);
          });
        }
      }
    }
    if (mode == OutputOptions.Mode.JSON) {
      ObjectNode root = MAPPER.createObjectNode();
      root.set("results", docs);
      out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
    if (targets.isEmpty()) {
      err.println("geofusion: note: no target with an RTT in " + input);
    }
    if (geojson != null) {
      ObjectNode fc = MAPPER.createObjectNode();
      fc.put("type", "FeatureCollection");
      fc.set("features", features);
      Files.writeString(geojson, MAPPER.writeValueAsString(fc), StandardCharsets.UTF_8);
    }
    out.flush();
    err.flush();
    return 0;
  }

  /** The destination's own minimum RTT when it answered, else NaN (no bound from a hop). */
  static double destinationMinRtt(TraceMeasurement t) {
    double min = Double.NaN;
    String dst = t.path().destination();
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

  static Map<String, LatLon> readVantages(Path f) throws IOException {
    Map<String, LatLon> m = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new GeoFusionCommand.Failure(f + ": no such file; check --vantages");
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
        m.put(cells.get(0).strip(), LatLon.of(Double.parseDouble(cells.get(1).strip()),
            Double.parseDouble(cells.get(2).strip())));
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

  private static InetAddress parseOrNull(String s) {
    try {
      return IpAddresses.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void printReport(PrintWriter out, FusionResult r, Optional<GeoIpLocation> loc,
      Optional<AsnInfo> asn, int vantages) {
    out.println(r.entity());
    boolean inconsistent = r.alerts().stream()
        .anyMatch(a -> a.type().equals(FusionAlert.LOCATION_INCONSISTENCY));
    String geo = loc.map(l -> "GeoIP " + place(l)
        + (inconsistent ? " is contradicted by the RTTs" : " agrees")).orElse("no GeoIP");
    if (r.abstained()) {
      out.println("  verdict: no location can be given (" + geo + ")");
    } else {
      out.printf(Locale.ROOT, "  verdict: likely within %.0f km of %s (90 %%), %.0f km (50 %%);"
              + " %s%n", r.circle90().radiusKm(), r.estimate(), r.circle50().radiusKm(), geo);
    }
    out.printf(Locale.ROOT, "  evidence: %d vantage(s)%s%s; class %s (%.2f)%n", vantages,
        loc.map(l -> String.format(Locale.ROOT, ", GeoIP %s ±%.0f km%s", l.position(),
            l.accuracyRadiusKm(), l.countryCentroid() ? " (country centroid)" : ""))
            .orElse(""),
        asn.map(a -> ", AS" + a.asn() + " " + a.organization()).orElse(""),
        r.hostClass().label().jsonName(), r.hostClass().confidence());
    if (!r.abstained() && loc.isPresent()) {
      out.printf(Locale.ROOT, "  GeoIP centre is %.0f km from the estimate%n",
          Geodesy.distanceKm(r.estimate(), loc.get().position()));
    }
    r.distribution().components().forEach(c -> out.printf(Locale.ROOT,
        "  component: %s weight %.2f, sigma %.0f x %.0f km%n", c.mean(), c.weight(),
        c.sigmaMajorKm(), c.sigmaMinorKm()));
    for (FusionAlert a : r.alerts()) {
      out.printf(Locale.ROOT, "  warning: %s (%s): %s%n", a.type(), a.interpretation(),
          a.detail());
    }
    out.println();
  }

  private static String place(GeoIpLocation l) {
    StringBuilder sb = new StringBuilder();
    if (l.city() != null) {
      sb.append(l.city());
    }
    if (l.countryIsoCode() != null) {
      sb.append(sb.length() > 0 ? ", " : "").append(l.countryIsoCode());
    }
    return sb.length() == 0 ? l.position().toString() : sb.toString();
  }
}
