package io.geofusion.cli;

import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.UnsupportedDatabaseException;
import io.geofusion.graph.EntityGraph;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.pcap.CaptureAnalyzer;
import io.geofusion.pcap.CaptureException;
import io.geofusion.pcap.CaptureFetcher;
import io.geofusion.pcap.CaptureIngest;
import io.geofusion.pcap.CaptureIngestRun;
import io.geofusion.pcap.CaptureSummary;
import io.geofusion.pcap.FetchException;
import io.geofusion.pcap.FetchResult;
import io.geofusion.pcap.IngestLedger;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.text.Limits;
import io.geofusion.text.PathLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

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

  @Option(names = "--max-listing-entries", paramLabel = "N",
      description = "Most entries read from one FTP directory listing (default 100,000, or"
          + " -Dgeofusion.limit.listingEntries); a longer listing fails, nothing is fetched.")
  Long maxListingEntries;

  @Option(names = "--max-listing-bytes", paramLabel = "BYTES",
      description = "Most bytes read from one FTP directory listing (default 32 MiB, or"
          + " -Dgeofusion.limit.listingBytes); a longer listing fails, nothing is fetched.")
  Long maxListingBytes;

  @Option(names = "--graph", paramLabel = "SNAPSHOT",
      description = "Ingest hosts, flows, services and passive RTT into the entity graph"
          + " snapshot SNAPSHOT (created when missing; a capture already in it is skipped).")
  Path graphSnapshot;

  @Option(names = "--max-flows", paramLabel = "N",
      description = "Flows tracked per capture at most (default 500000, or"
          + " -Dgeofusion.limit.flows); packets of further flows are counted as beyond the"
          + " flow-table cap (about 300 bytes of memory per flow).")
  Integer maxFlows;

  @Option(names = "--max-rtt-hosts", paramLabel = "N",
      description = "Hosts whose passive RTT is kept per capture at most (default 100000, or"
          + " -Dgeofusion.limit.rttHosts): the first to get a sample; samples of further hosts"
          + " are counted, not kept (about 600 bytes of memory per host, 1 KB with --graph).")
  Integer maxRttHosts;

  @Option(names = "--report-max-hosts", paramLabel = "N",
      description = "Hosts with passive RTT listed per capture in the text and NDJSON reports"
          + " at most (default 10000, or -Dgeofusion.limit.reportHosts); the rest are counted"
          + " (text: a \"... N more hosts\" line; NDJSON: a warning on stderr). The JSON report"
          + " and the graph keep every host.")
  Integer reportMaxHosts;

  @Option(names = "--graph-max-flows", paramLabel = "N",
      description = "With --graph: flows of one capture written to the graph at most (default"
          + " 50000, or -Dgeofusion.limit.graphFlows); with more, the largest by bytes are"
          + " written and the rest counted (about 2 KB of memory per flow).")
  Integer graphMaxFlows;

  @Option(names = {"--geoip-asn", "--asn-db"}, paramLabel = "MMDB",
      description = "With --graph: a MaxMind DB with ASN data (e.g. GeoLite2-ASN); each public"
          + " host gets a guardrail-checked host->asn edge (INFERRED_HOST_IN_ORG).")
  Path asnDb;

  @Option(names = {"--geoip-city", "--city-db"}, paramLabel = "MMDB",
      description = "With --graph and --vantage: a MaxMind City DB used as the prior when each"
          + " host's location is fused from its passive RTT (written to the host node).")
  Path cityDb;

  @CommandLine.Mixin AnonymousIpOption anonymousIp = new AnonymousIpOption();

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Also write an RFC 7946 FeatureCollection to FILE: the capture point"
          + " (--vantage) and, per host with passive RTT, the circle it must lie in (radius"
          + " max_km).")
  Path geojson;

  @Option(names = {"--from", "--vantage"}, paramLabel = "LAT,LON",
      description = "Where the capture was made (needed by --geojson; with --graph, host"
          + " locations are fused from passive RTT and written to the graph).")
  String vantage;

  @ArgGroup(exclusive = true) OutputOptions output;

  /** A capture to analyse: a local file, or a download to record as ingested once analysed. */
  private record Capture(Path file, FetchResult fetched) {}

  private PrintWriter out;
  private PrintWriter err;
  private CaptureAnalyzer analyzer;
  private CaptureFetcher fetcher;
  private CaptureIngestRun graphRun;
  private CapturePrinter printer;
  private boolean failed;

  @Override
  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  public Integer call() throws IOException {
    if (top < 0) {
      throw new UsageError("--top must be >= 0, got " + top);
    }
    checkPositive(maxListingEntries, "--max-listing-entries");
    checkPositive(maxListingBytes, "--max-listing-bytes");
    DistanceEstimator estimator = DistanceOptions.estimator(model, localDelayMs, null);
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    OutputOptions.Mode mode = OutputOptions.of(output);
    LatLon capturePoint = LatLonOption.parse(vantage, "--vantage");
    printer = new CapturePrinter(mode, geoJsonCentre(capturePoint), estimator, out, err,
        positive(reportMaxHosts, Limits.REPORT_HOSTS, "--report-max-hosts"));
    boolean ingest = graphSnapshot != null && !dryRun;
    if (graphMaxFlows != null && graphSnapshot == null) {
      throw new UsageError("--graph-max-flows is used only with --graph SNAPSHOT");
    }
    analyzer = CaptureAnalyzer.builder().topN(top).retainFlows(ingest).hashContent(ingest)
        .maxFlows(positive(maxFlows, Limits.FLOWS, "--max-flows"))
        .maxRttHosts(positive(maxRttHosts, Limits.RTT_HOSTS, "--max-rtt-hosts"))
        .maxRetainedFlows(positive(graphMaxFlows, Limits.GRAPH_FLOWS, "--graph-max-flows"))
        .build();
    if (ingest) {
      // Held from reading the snapshot to writing it: parallel runs on one snapshot take turns.
      try (PathLock lock = PathLock.acquire(graphSnapshot)) {
        run(openGraph(graphSnapshot), capturePoint, estimator);
      }
    } else {
      run(null, capturePoint, estimator);
    }
    if (!dryRun) {
      printer.finish(geojson);
    }
    out.flush();
    err.flush();
    return failed ? 1 : 0;
  }

  /**
   * Reads every input, writing the graph (when {@code graph} is not null) with the databases the
   * options give, each opened for the run and closed after it.
   */
  private void run(EntityGraph graph, LatLon capturePoint, DistanceEstimator estimator)
      throws IOException {
    boolean fuses = graph != null && capturePoint != null;
    Path asnFile = applicable(asnDb, graph != null, "--geoip-asn",
        "--asn-db is used only with --graph SNAPSHOT");
    Path cityFile = applicable(cityDb, fuses, "--geoip-city",
        "--city-db is used only with --graph SNAPSHOT and --vantage LAT,LON");
    Path anonFile = applicable(anonymousIp.file, fuses, "--geoip-anonymous",
        "--geoip-anonymous is used only with --graph SNAPSHOT and --vantage LAT,LON");
    try (GeoIpService asn = asnFile == null ? null : openAsnDb(asnFile);
        GeoIpService prior = cityFile == null && anonFile == null ? null
            : GeoIpOptions.open(cityFile, null, null, anonFile)) {
      if (graph != null) {
        CaptureIngestRun.Builder b = CaptureIngestRun.builder(graph, estimator).asnDatabase(asn);
        graphRun = (fuses ? b.locate(capturePoint, localDelayMs, prior) : b).build();
      }
      for (String input : inputs) {
        for (Capture c : resolve(input)) {
          process(c);
        }
      }
      if (graph != null) {
        snapshot(graph);
      }
    }
  }

  /** With {@code --geojson}, the centre of its circles; null without. */
  private LatLon geoJsonCentre(LatLon capturePoint) {
    if (geojson == null) {
      return null;
    }
    if (capturePoint == null) {
      throw new UsageError("--geojson needs --vantage LAT,LON: the RTT"
          + " circles are centred on the capture point, which a capture does not record");
    }
    return capturePoint;
  }

  /**
   * The captures {@code input} names, downloaded when it is a URL; none on a dry run (which
   * prints what would be read) or when it cannot be read (reported on stderr).
   */
  private List<Capture> resolve(String input) throws IOException {
    if (isUrl(input)) {
      return fetch(input);
    }
    Path p = Path.of(input);
    if (!Files.isRegularFile(p)) {
      err.println("geofusion: error: " + input + ": no such file (or not a regular file)");
      failed = true;
      return List.of();
    }
    if (dryRun) {
      out.println("local\t" + p + "\t" + Files.size(p) + " bytes, read in place");
      return List.of();
    }
    return List.of(new Capture(p, null));
  }

  /** The captures a URL offers, downloaded (a dry run prints the plan and fetches nothing). */
  private List<Capture> fetch(String input) throws IOException {
    if (fetcher == null) {
      fetcher = fetcher();
    }
    List<Capture> captures = new ArrayList<>();
    try {
      URI uri = URI.create(input);
      if (dryRun) {
        for (FetchResult r : fetcher.plan(uri)) {
          out.println(r.outcome().label() + "\t" + r.source() + "\t" + r.detail());
        }
        return captures;
      }
      for (CaptureFetcher.Attempt a : fetcher.fetchEach(uri)) {
        FetchResult r = a.result();
        if (a.failure() != null) { // one bad file does not stop the others
          err.println("geofusion: error: " + a.failure().getMessage());
          failed = true;
        } else if (r.outcome() == FetchResult.Outcome.FETCHED) {
          captures.add(new Capture(r.file(), r));
        } else {
          err.println("geofusion: " + r.outcome().label().replace('_', ' ') + ": "
              + r.source() + " (" + r.detail() + ")");
        }
      }
    } catch (FetchException e) {
      err.println("geofusion: error: " + e.getMessage());
      failed = true;
    } catch (IllegalArgumentException e) {
      throw new UsageError("'" + input + "' is not a valid URL: "
          + e.getMessage());
    }
    return captures;
  }

  /** Analyses one capture, ingests it into the graph (with --graph) and prints it. */
  private void process(Capture c) throws IOException {
    CaptureSummary s;
    try {
      s = analyzer.analyze(c.file(), CapturePrinter.progress(err, c.file()));
    } catch (CaptureException e) {
      CapturePrinter.endProgress(err);
      err.println("geofusion: error: " + e.getMessage());
      failed = true;
      return;
    }
    CapturePrinter.endProgress(err);
    if (s.error().isPresent()) {
      err.println("geofusion: error: " + s.error().get());
      failed = true;
    } else if (c.fetched() != null) {
      fetcher.markIngested(c.fetched());
    }
    long beyond = s.rtt().samplesBeyondHostCap();
    if (beyond > 0) {
      err.println("geofusion: warning: " + s.source() + ": " + beyond + " passive RTT samples of"
          + " hosts beyond the first " + s.hosts().size() + " not kept (limit rttHosts: raise"
          + " with --max-rtt-hosts N)");
    }
    if (graphRun != null) {
      try {
        CaptureIngest.Report r = graphRun.ingest(s);
        if (r.flowsNotIngested() > 0) {
          err.println("geofusion: warning: " + s.source() + ": " + r.flowsNotIngested() + " of "
              + s.flowCount() + " flows not written to the graph (the " + r.flows()
              + " largest by bytes were" + (r.rttHostsNotIngested() > 0 ? ", and the passive RTT"
              + " of " + r.rttHostsNotIngested() + " hosts seen only in the others was not" : "")
              + "; limit graphFlows: raise with --graph-max-flows N)");
        }
      } catch (GeoIpException e) {
        throw new Failure("GeoIP database: " + e.getMessage(), e);
      }
    }
    printer.print(s);
  }

  /** Writes the graph snapshot and says on stderr what the run added. */
  private void snapshot(EntityGraph graph) throws IOException {
    CaptureIngestRun.Totals t = graphRun.totals();
    try (EntityGraph g = graph) {
      g.snapshot(graphSnapshot, GraphSnapshots.FORMAT);
      err.println("geofusion: graph " + graphSnapshot + ": " + t.ingested()
          + " capture(s) ingested, " + t.alreadyPresent() + " already present"
          + (graphRun.linksAsns() ? ", " + t.asnEdges() + " host->asn edges" : "")
          + (graphRun.locatesHosts() ? ", " + t.locations() + " host locations fused" : "")
          + "; " + g.nodeCount() + " nodes, " + g.edgeCount() + " edges");
    }
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
      throw new UsageError(usage);
    }
    return null;
  }

  private static GeoIpService openAsnDb(Path db) {
    try {
      return MaxMindGeoIpService.builder().asnDatabase(db).build();
    } catch (UnsupportedDatabaseException e) {
      throw new Failure("--geoip-asn: " + e.getMessage(), e);
    } catch (GeoIpException e) {
      throw new Failure(db + ": cannot open the GeoIP database: "
          + e.getMessage() + "; give a MaxMind DB file (.mmdb)", e);
    }
  }

  private static EntityGraph openGraph(Path snapshot) throws IOException {
    if (Files.exists(snapshot)) {
      try {
        return EntityGraph.builder().buildFrom(snapshot, GraphSnapshots.FORMAT);
      } catch (IOException e) {
        throw new Failure(snapshot + ": cannot load the graph snapshot: "
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
      CaptureFetcher.Builder b = CaptureFetcher.builder().stagingDir(dir)
          .ledger(IngestLedger.open(ledger))
          .connectTimeout(seconds(connectTimeoutS, "--connect-timeout"))
          .readTimeout(seconds(readTimeoutS, "--read-timeout"))
          .deadline(seconds(deadlineS, "--deadline")).maxBytes(maxBytes);
      if (maxListingEntries != null) {
        b.maxListingEntries(maxListingEntries);
      }
      if (maxListingBytes != null) {
        b.maxListingBytes(maxListingBytes);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private static void checkPositive(Long n, String option) {
    if (n != null && n < 1) {
      throw new UsageError(option + " must be >= 1, got " + n);
    }
  }

  /** The option's value, or the limit's when the option is not given. */
  private static int positive(Integer value, Limits.Limit limit, String option) {
    if (value == null) {
      return limit.intValue();
    }
    if (value < 1) {
      throw new UsageError(option + " must be >= 1, got " + value);
    }
    return value;
  }

  /** Longest timeout or deadline accepted: 7 days (larger values overflowed nanosecond sums). */
  private static final double MAX_WAIT_S = 7 * 86_400;

  private static Duration seconds(double s, String option) {
    if (!(s > 0) || !(s <= MAX_WAIT_S)) {
      throw new UsageError(option + " must be a positive number of seconds up to " + MAX_WAIT_S
          + " (7 days), got " + s);
    }
    return Duration.ofNanos((long) (s * 1e9));
  }
}
