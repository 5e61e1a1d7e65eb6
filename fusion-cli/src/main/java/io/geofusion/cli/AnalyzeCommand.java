package io.geofusion.cli;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.formats.InvalidVantagesException;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.VantagePositions;
import io.geofusion.formats.VantagesCsv;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.history.HistoryException;
import io.geofusion.history.HistoryStore;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.EvidenceAssembler;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.RecordedEvidence;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion analyze TARGET...} (live) or {@code --input FILE} (recorded): fuses RTTs with
 * GeoIP into a location distribution per target, with confidence circles and
 * inconsistency/anycast alerts. Live, each target gets a ping envelope and a traceroute with hop
 * flags from this machine (the library's {@link Analysis}, printed by {@link
 * LiveAnalysisOutput}); both modes locate with the library's
 * {@link HostLocator}.
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

  @Option(names = {"--from", "--vantage"}, paramLabel = "LAT,LON",
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
  @Option(names = "--agents", paramLabel = "FILE",
      description = "Also measure from the GeoFusion agents of FILE (lines"
          + " 'id,url,token_file,lat,lon'; docs/agents.md), all at once under one deadline, and"
          + " fuse their RTTs with this machine's; says which answered, failed or timed out.")
  Path agentsFile;

  @CommandLine.Mixin DistanceOptions distance;

  @CommandLine.Mixin GeoIpOptions geoipOptions;

  @CommandLine.Mixin AnonymousIpOption anonymousIp = new AnonymousIpOption();

  @CommandLine.Mixin FusionOptions fusion = new FusionOptions();

  @CommandLine.Mixin AtlasOptions atlas = new AtlasOptions();

  @Option(names = "--asn-profiles", paramLabel = "JSON",
      description = "ASN profile overrides (merged over the bundled table).")
  Path asnProfiles;

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Also write a GeoJSON FeatureCollection (estimate, circles, mixture"
          + " ellipses, vantage disks) of every target.")
  Path geojson;

  @CommandLine.Mixin HtmlOption html = new HtmlOption();

  @ArgGroup(exclusive = true) OutputOptions output;

  @CommandLine.Mixin HistoryDbOption history = new HistoryDbOption();

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (atlas.requested()) {
      return callAtlas(out, err);
    }
    List<String> liveTargets = LiveProbing.liveTargets(input, targets, live);
    if (liveTargets != null) {
      return callLive(liveTargets, out, err);
    }
    return recorded(out, err);
  }

  /**
   * {@code analyze TARGET...}: the library's live {@link Analysis} of every target from this
   * machine (at {@code --from}), printed as each finishes.
   */
  private int callLive(List<String> typed, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    if (vantagesFile != null) {
      throw new UsageError("--vantages places recorded vantages; live probes"
          + " run from this machine: give its position with --from LAT,LON");
    }
    LatLon at = parseFrom();
    distance.analyzer(); // bad --model, --local-delay or --stretch: a usage error before probing
    FusionEngine engine = fusion.engine();
    AsnProfiles profiles = loadProfiles();
    try (GeoIpService geoip = openGeoIp(); HistoryStore store = validatedHistory()) {
      HostLocator locator = HostLocator.builder(engine).geoIp(geoip).asnProfiles(profiles)
          .build();
      Analysis.Builder b = Analysis.builder(locator, LiveProbing.selector(live))
          .vantage(at).distanceModel(distance.distanceModel())
          .localDelayMs(distance.localDelayMs).ping(LiveProbing.pingSettings(live, ping))
          .trace(LiveProbing.traceSettings(live, trace));
      if (distance.stretch != null) {
        b.routeStretch(distance.stretch);
      }
      if (agentsFile != null) {
        b.remote(AgentSource.fleet(agentsFile, live, ping, err));
      }
      Analysis analysis = b.build();
      LiveAnalysisOutput output = new LiveAnalysisOutput(anonymousIp.given(), engine.rttModel(),
          analysis, distance.model, OutputOptions.of(this.output),
          TargetFeatures.of(geojson, html, anonymousIp.given()), out);
      boolean verbose = LiveProbing.verbose(spec);
      List<LiveRun.Outcome<Analysis.Result>> outcomes = LiveProbing.run(typed, live.parallel(),
          analysis.bound(), err, verbose, analysis::analyse, o -> {
            LiveProbing.notePassedOver(err, verbose, o.typed(), o.value().ping().choice());
            output.print(o.value());
            if (store != null) {
              record(() -> store.recordAnalysis(analysis, o.value(), anonymousIp.given()));
            }
          });
      output.finish();
      return LiveProbing.finish(outcomes, err);
    }
  }

  /** {@code --input FILE}: the file's evidence per target, each target located and printed. */
  private int recorded(PrintWriter out, PrintWriter err) throws IOException {
    if (agentsFile != null) {
      throw new UsageError("--agents measures live targets (TARGET...), not --input files");
    }
    EvidenceAssembler assembler = recordedAssembler();
    AsnProfiles profiles = loadProfiles();
    try (HistoryStore store = history.openForRecording()) {
      return recorded(out, err, assembler, profiles, store);
    }
  }

  private int recorded(PrintWriter out, PrintWriter err, EvidenceAssembler assembler,
      AsnProfiles profiles, HistoryStore store) throws IOException {
    RecordedEvidence evidence;
    try (MeasurementReader reader = Inputs.open(input, err)) {
      evidence = assembler.assemble(reader);
    }
    warnLeftOut(err, evidence, " record(s) from vantages not in " + vantagesFile
        + " were left out; add them there or give --from");
    FusionEngine engine = fusion.engine();
    try (GeoIpService geoip = openGeoIp()) {
      HostLocator locator = HostLocator.builder(engine).geoIp(geoip).asnProfiles(profiles)
          .build();
      printEvidence(evidence, locator, input.toString(), out, err, store);
    }
    return 0;
  }

  /**
   * {@code --atlas TARGET...} or {@code --atlas-measurement ID}: the RIPE Atlas results, placed
   * by the probe archive, located and printed as recorded evidence is.
   */
  private int callAtlas(PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    if (input != null || live.targetsFile != null || agentsFile != null) {
      throw new UsageError("--atlas and --atlas-measurement take TARGET... only, not --input,"
          + " --targets or --agents");
    }
    try (GeoIpService geoip = openGeoIp();
        HistoryStore store = history.openForRecording()) {
      HostLocator locator = locator(geoip);
      List<String> typed = targets == null ? List.of() : targets;
      Optional<RecordedEvidence> evidence = new AtlasSource(atlas).evidence(typed,
          locator, out, err);
      if (evidence.isPresent()) {
        warnLeftOut(err, evidence.get(), " result(s) from probes without a position in the"
            + " probe archive were left out; refresh it (--atlas-refresh-probes) or give"
            + " --atlas-probe-archive FILE");
        printEvidence(evidence.get(), locator, "the RIPE Atlas results", out, err,
            store);
      }
    }
    return 0;
  }

  /** The locator of RIPE Atlas evidence: GeoIP, ASN profiles, the fusion. */
  private HostLocator locator(GeoIpService geoip) {
    return HostLocator.builder(fusion.engine()).geoIp(geoip).asnProfiles(loadProfiles()).build();
  }

  /** Locates and prints every target of {@code evidence} (and the GeoJSON when asked). */
  private void printEvidence(RecordedEvidence evidence, HostLocator locator, String source,
      PrintWriter out, PrintWriter err, HistoryStore store) throws IOException {
    HostReportPrinter printer = new HostReportPrinter(OutputOptions.of(output), out,
        anonymousIp.given());
    TargetFeatures features = TargetFeatures.of(geojson, html, anonymousIp.given());
    for (TargetEvidence t : evidence.targets()) {
      HostReport h = locate(locator, t);
      printer.print(h);
      if (store != null) {
        store.recordLocated(t, h, anonymousIp.given());
      }
      if (features != null) {
        features.add(h, t.vantages(), locator.engine().rttModel());
      }
    }
    printer.finish();
    if (evidence.targets().isEmpty()) {
      err.println("geofusion: note: no target with an RTT in " + source);
    }
    if (features != null) {
      features.write();
    }
    out.flush();
    err.flush();
  }

  /**
   * The assembler of recorded evidence: vantages placed by {@code --vantages}, else at
   * {@code --from}, access delay {@code --local-delay}; bad or missing options are usage errors.
   */
  private EvidenceAssembler recordedAssembler() throws IOException {
    if (from == null && vantagesFile == null) {
      throw new UsageError("analyze needs the vantage position: --from LAT,LON"
          + " (or 'vantage' in the config file) or --vantages CSV; without it RTTs give"
          + " distances but no location (use 'geofusion probe --input' for distances only)");
    }
    LatLon fromAt = parseFrom();
    for (String flag : List.of("--model", "--stretch")) {
      if (DistanceOptions.typed(spec, flag)) {
        throw new UsageError(flag + " applies to live analyze (TARGET...):"
            + " recorded RTTs are fused with the calibrated RTT likelihood (docs/fusion.md),"
            + " which has its own speed model and no route stretch; drop " + flag
            + " or use 'geofusion probe --input' for distances under another model");
      }
    }
    double localDelayMs = distance.localDelayMs;
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new UsageError("--local-delay must be a finite number of ms >= 0");
    }
    return EvidenceAssembler.builder().positions(readVantages()).fallback(fromAt)
        .localDelayMs(localDelayMs).build();
  }

  /** Says on {@code err} which records counted for nothing, and why. */
  private void warnLeftOut(PrintWriter err, RecordedEvidence e, String unplacedText) {
    if (e.unnamedTraces() > 0) {
      err.println("geofusion: warning: " + e.unnamedTraces() + " trace(s) that do not name their"
          + " destination (a traceroute transcript without its 'traceroute to' header, a"
          + " tracepath run that never printed 'reached') were left out: there is no target to"
          + " locate");
    }
    if (e.unplacedRecords() > 0) {
      err.println("geofusion: warning: " + e.unplacedRecords() + unplacedText);
    }
    if (e.fallbackVantages() > 1) {
      err.println("geofusion: warning: records come from " + e.fallbackVantages()
          + " different vantages and --from placed them all at " + parseFrom()
          + "; give their positions with --vantages for a real multi-vantage fix");
    }
  }

  /** Checks the live options, then opens {@code --db} (null without it). */
  private HistoryStore validatedHistory() throws HistoryException {
    LiveProbing.validate(live, ping, trace);
    return history.openForRecording();
  }

  /** A history write inside a callback that cannot throw: its one-line error as a Failure. */
  private static void record(HistoryWrite w) {
    try {
      w.run();
    } catch (HistoryException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  /** One write into the history store. */
  @FunctionalInterface
  private interface HistoryWrite {
    void run() throws HistoryException;
  }

  private static HostReport locate(HostLocator locator, TargetEvidence t) {
    try {
      return locator.locate(t);
    } catch (GeoIpException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  private LatLon parseFrom() {
    return LatLonOption.parse(from, "--from");
  }

  private GeoIpService openGeoIp() {
    return geoipOptions.open(anonymousIp);
  }

  private VantagePositions readVantages() throws IOException {
    if (vantagesFile == null) {
      return VantagePositions.NONE;
    }
    try {
      return VantagesCsv.read(vantagesFile);
    } catch (NoSuchFileException e) {
      throw new Failure(vantagesFile + ": no such file; check --vantages");
    } catch (TextLines.NotUtf8Exception | InvalidVantagesException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  private AsnProfiles loadProfiles() {
    if (asnProfiles == null) {
      return AsnProfiles.bundled();
    }
    try {
      return AsnProfiles.bundled().withOverrides(asnProfiles);
    } catch (IOException e) {
      throw new Failure(e.getMessage(), e);
    }
  }
}
