package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathArc;
import io.geofusion.fusion.GeoPathLocator;
import io.geofusion.fusion.GeoPathWaypoint;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.json.GeoPathJson;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.LiveTrace;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.TracePath;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceResult;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion geo-path --input FILE}: a traceroute as geolocated waypoints (GeoIP position,
 * accuracy, city, ASN, flags, min RTT, Δkm) and the arcs between them, for map rendering.
 *
 * <p>The rendering is independent of where the trace came from: any {@link TracePath}, recorded
 * or traced now, becomes a {@link GeoPath} ({@link GeoPathLocator}) and one renderer prints them
 * in the mode the user asked for.
 */
@Command(
    name = "geo-path",
    mixinStandardHelpOptions = true,
    description = {
      "A traceroute as geolocated waypoints for a map: per hop the GeoIP position, accuracy"
          + " radius, city/country and ASN, the hop flags (private_backbone, rtt_spike, ...),"
          + " min RTT and delta_km, plus arcs along the geodesic between consecutive located"
          + " hops.",
      "With --from, each GeoIP position is checked against the hop's RTT: farther from the"
          + " vantage than light in fiber gets in that time (plus the accuracy radius) is"
          + " flagged geoip_infeasible.",
      "Outputs: a table (default), --json (one document), --ndjson (one GEO_PATH per line),"
          + " --geojson FILE (RFC 7946 FeatureCollection; '-' for stdout). See docs/geo-path.md."
    })
final class GeoPathCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "Hosts to trace now and geolocate hop by hop (not with --input).")
  List<String> targets;

  @CommandLine.Mixin LiveOptions live;

  @CommandLine.Mixin LiveOptions.Trace trace;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Recorded traceroutes (RIPE Atlas JSON, scamper JSON, mtr --json,"
          + " traceroute/tracepath text; gzip is detected).")
  Path input;

  @Option(names = {"--from", "--vantage"}, paramLabel = "LAT,LON",
      description = "Where the traces were taken (enables the geoip_infeasible check and the"
          + " arc from the vantage).")
  String from;

  @CommandLine.Mixin GeoIpOptions geoipOptions;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "fiber_2_3",
      description = "Distance model for RTT bounds and delta_km (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--local-delay", paramLabel = "MS", defaultValue = "0",
      description = "The vantage's own access delay in ms, subtracted from every RTT.")
  double localDelayMs;

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Write an RFC 7946 FeatureCollection (waypoints, accuracy circles, arcs,"
          + " vantage) to FILE; '-' writes it to stdout instead of the table.")
  String geojson;

  @CommandLine.Mixin HtmlOption html = new HtmlOption();

  @ArgGroup(exclusive = true) Output output;

  /** {@code --json} / {@code --ndjson}, described for geo paths (not latency events). */
  static final class Output {
    @Option(names = "--json", required = true,
        description = "Print one JSON document: {\"geo_paths\": [GEO_PATH, ...]}.")
    boolean json;

    @Option(names = "--ndjson", required = true,
        description = "Print one GEO_PATH document per line.")
    boolean ndjson;

    static OutputOptions.Mode of(Output o) {
      return o == null ? OutputOptions.Mode.TEXT
          : o.json ? OutputOptions.Mode.JSON : o.ndjson ? OutputOptions.Mode.NDJSON
          : OutputOptions.Mode.TEXT;
    }
  }

  /** One located trace and what the source said about how it was taken. */
  private record Item(GeoPath path, String vantageId, Instant startedAt, String sourceFormat) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<String> liveTargets = LiveProbing.liveTargets(input, targets, live);
    OutputOptions.Mode mode = Output.of(output);
    if ("-".equals(geojson) && mode != OutputOptions.Mode.TEXT) {
      throw new UsageError("--geojson - writes GeoJSON to stdout; it cannot be"
          + " combined with --json or --ndjson (give --geojson a file name instead)");
    }
    LatLon vantage = vantage(from);
    GeoPathLocator locator = GeoPathLocator.of(analyzer(model, localDelayMs));
    if (liveTargets != null) {
      return callLive(liveTargets, vantage, locator, mode, err);
    }
    render(spec, readRecorded(vantage, locator, err), mode, geojson, html);
    return 0;
  }

  /** Every recorded trace of {@code --input}, located, with notes on what was left out. */
  private List<Item> readRecorded(LatLon vantage, GeoPathLocator locator, PrintWriter err)
      throws IOException {
    List<Item> items = new ArrayList<>();
    int other = 0;
    try (GeoIpService geoip = geoipOptions.open();
        MeasurementReader reader = Inputs.open(input, err)) {
      for (Measurement m : reader) {
        if (m instanceof TraceMeasurement t) {
          items.add(new Item(locate(t.path(), geoip, vantage, locator), t.vantageId(),
              t.timestamp(), t.origin().name()));
        } else if (m instanceof TraceSummary s) {
          items.add(new Item(locate(s.bestReplyPath(), geoip, vantage, locator), null,
              s.timestamp(), s.origin().name()));
        } else {
          other++;
        }
      }
    }
    if (other > 0) {
      err.println("geofusion: note: " + other + " ping record(s) ignored; geo-path reads"
          + " traceroutes");
    }
    if (items.isEmpty()) {
      err.println("geofusion: note: no traceroute in " + input);
    }
    if (geoipOptions.none()) {
      err.println("geofusion: note: no GeoIP database given (--geoip-city, --geoip-asn,"
          + " --geoip-overlay or the config file): no hop can be located");
    }
    return items;
  }

  /** Traces each target now (see {@code traceroute TARGET}) and locates every hop. */
  private int callLive(List<String> typed, LatLon vantage, GeoPathLocator locator,
      OutputOptions.Mode mode, PrintWriter err) throws IOException {
    LiveProbing.validate(live, null, trace);
    boolean verbose = LiveProbing.verbose(spec);
    TraceSettings settings = LiveProbing.traceSettings(live, trace);
    ProbeSelector selector = LiveProbing.selector(live);
    List<LiveRun.Outcome<TraceResult>> outcomes;
    try {
      outcomes = LiveProbing.run(typed, live.parallel(), LiveTrace.bound(settings), err, verbose,
          t -> selector.choose(Prober.Operation.TRACE, t.address()).trace(settings, t.address()),
          o -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while tracing", e);
    }
    if (vantage == null) {
      err.println("geofusion: note: no vantage position (--from or 'vantage' in the config"
          + " file): hops are located by GeoIP only, without the geoip_infeasible check");
    }
    List<Item> items = new ArrayList<>();
    try (GeoIpService geoip = geoipOptions.open()) {
      for (LiveRun.Outcome<TraceResult> o : outcomes) {
        if (o.ok()) {
          items.add(new Item(locate(o.value().path(), geoip, vantage, locator), null,
              o.value().startedAt(), null));
        }
      }
    }
    render(spec, items, mode, geojson, html);
    return LiveProbing.finish(outcomes, err);
  }

  /** The vantage from {@code --from}, null when not given; a bad value is a usage error. */
  private static LatLon vantage(String from) {
    if (from == null) {
      return null;
    }
    try {
      return LatLon.parse(from);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--from: " + e.getMessage());
    }
  }

  /** The hop analyzer for {@code --model} and {@code --local-delay}, with usage errors. */
  private static HopAnalyzer analyzer(String model, double localDelayMs) {
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new UsageError("--local-delay must be a finite number of ms >= 0,"
          + " got " + localDelayMs);
    }
    DistanceModel dm;
    try {
      dm = DistanceModel.byName(model);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--model: " + e.getMessage());
    }
    return HopAnalyzer.builder().distanceModel(dm).localDelayMs(localDelayMs).build();
  }

  /**
   * Locates one trace from any source (a recorded file, a live probe). A corrupt database met
   * during the lookups is a one-line failure naming it.
   *
   * @param vantage where the trace was taken, or null when unknown
   */
  private static GeoPath locate(TracePath path, GeoIpService geoip, LatLon vantage,
      GeoPathLocator locator) {
    try {
      return locator.locate(path, geoip, vantage);
    } catch (GeoIpException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  /**
   * Prints {@code items} as the user asked: a table per trace, {@code {"geo_paths": [...]}}
   * for JSON, one document per line for NDJSON; and the GeoJSON FeatureCollection of all of
   * them to {@code geojson} (a file, {@code "-"} for stdout in place of the table, or null), and
   * the same features with the documents to the {@code --html} map.
   */
  private static void render(CommandLine.Model.CommandSpec spec, List<Item> items,
      OutputOptions.Mode mode, String geojson, HtmlOption html) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    boolean geojsonToStdout = "-".equals(geojson);
    if (!geojsonToStdout) {
      switch (mode) {
        case TEXT -> items.forEach(i -> printTable(out, i));
        case NDJSON -> {
          for (Item i : items) {
            out.println(ProductJson.toJson(document(i)));
          }
        }
        case JSON -> {
          ObjectNode root = JsonNodeFactory.instance.objectNode();
          ArrayNode arr = root.putArray("geo_paths");
          items.forEach(i -> arr.add(document(i)));
          out.println(ProductJson.toPrettyJson(root));
        }
        default -> throw new IllegalStateException("unknown mode " + mode);
      }
    }
    if (geojson != null) {
      String text = featureCollection(items).toJson();
      if (geojsonToStdout) {
        out.println(text);
      } else {
        Path file = Path.of(geojson);
        try {
          AtomicFile.writeString(file, text + "\n");
        } catch (IOException e) {
          throw new Failure(file + ": cannot write the GeoJSON: "
              + e.getMessage() + "; check the directory exists and is writable", e);
        }
      }
    }
    if (html.given()) {
      html.write("geofusion geo-path", featureCollection(items),
          items.stream().map(GeoPathCommand::document).toList());
    }
    out.flush();
    spec.commandLine().getErr().flush();
  }

  /** The JSON document of one trace: {@link GeoPathJson} plus how it was taken. */
  private static ObjectNode document(Item i) {
    return GeoPathJson.document(i.path(), i.vantageId(), i.startedAt(), i.sourceFormat());
  }

  /**
   * All traces' features in one collection; with several traces each feature carries a {@code
   * trace} property (0-based index in the input) so a map can style or filter them.
   */
  private static GeoJsonCollection featureCollection(List<Item> items) {
    GeoJsonCollection features = new GeoJsonCollection();
    for (int t = 0; t < items.size(); t++) {
      features.addGeoPath(items.get(t).path(), true,
          items.size() > 1 ? Map.of("trace", t) : Map.of());
    }
    return features;
  }

  private static void printTable(PrintWriter out, Item item) {
    GeoPath p = item.path();
    out.printf(Locale.ROOT, "geo-path to %s%s%s%s%n",
        Render.destinationText(p.destination()),
        p.source() == null ? "" : " from " + p.source(),
        item.vantageId() == null ? "" : " (" + item.vantageId() + ")",
        p.vantage() == null ? "" : ", vantage " + p.vantage());
    TextTable t = new TextTable(">HOP", "ADDRESS", "LOCATION", ">LAT", ">LON", ">RADIUS_KM",
        "ASN", ">MIN_RTT", "FLAGS", ">DELTA_KM");
    for (GeoPathWaypoint w : p.waypoints()) {
      GeoIpLocation g = w.geoip();
      t.row(w.ttl(), w.address() == null ? "*" : w.address(),
          g == null ? "-" : place(g),
          g == null ? "-" : String.format(Locale.ROOT, "%.4f", g.position().lat()),
          g == null ? "-" : String.format(Locale.ROOT, "%.4f", g.position().lon()),
          g == null ? "-" : Render.km(g.accuracyRadiusKm()),
          w.asn() == null ? "-" : "AS" + w.asn().asn(),
          Render.ms(w.minRttMs()),
          w.flagNames().isEmpty() ? "-" : String.join(",", w.flagNames()),
          w.deltaKm() == null ? "-" : Render.km(w.deltaKm()));
    }
    t.print(out);
    double arcKm = 0;
    for (GeoPathArc a : p.arcs()) {
      arcKm += a.distanceKm();
    }
    out.printf(Locale.ROOT, "located %d of %d hops; %d arc(s), %.0f km along the GeoIP"
        + " positions%s%n", p.locatedWaypoints().size(), p.waypoints().size(), p.arcs().size(),
        arcKm, p.vantage() == null ? "" : " from the vantage");
    for (GeoPathWaypoint w : p.infeasibleWaypoints()) {
      out.printf(Locale.ROOT, "geoip_infeasible: hop %d %s: GeoIP says %s, %.0f km from the"
          + " vantage, but %.2f ms allows at most %.0f km (+%.0f km accuracy)%n", w.ttl(),
          w.address(), place(w.geoip()), w.vantageDistanceKm(), w.minRttMs(), w.rttBoundKm(),
          w.geoip().accuracyRadiusKm());
    }
    if (p.vantage() == null) {
      out.println("note: no vantage (--from LAT,LON): GeoIP positions were not checked against"
          + " the RTTs");
    }
    List<String> anomalies = new ArrayList<>(p.anomalies());
    if (!p.infeasibleWaypoints().isEmpty()) {
      anomalies.add(GeoPathWaypoint.GEOIP_INFEASIBLE); // as in the JSON document
    }
    if (!anomalies.isEmpty()) {
      out.println("anomalies: " + String.join(", ", anomalies));
    }
    out.println();
  }

  private static String place(GeoIpLocation g) {
    String where = g.city() != null ? g.city()
        : g.subdivision() != null ? g.subdivision() : g.countryCentroid() ? "(country)" : "?";
    return g.countryIsoCode() == null ? where : where + ", " + g.countryIsoCode();
  }
}
