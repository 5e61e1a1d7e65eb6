package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.json.AnalysisJson;
import io.geofusion.json.DistanceJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.LatencyAnalysisEvent;
import io.geofusion.json.LatencyMetrics;
import io.geofusion.json.PingDocuments;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LiveTrace;
import io.geofusion.path.HopAnalysis;
import io.geofusion.probe.PingResult;
import io.geofusion.rtt.RttEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The output of {@code geofusion analyze TARGET...}: each {@link Analysis.Result} as the user
 * asked, as it arrives — a text report with the path table, a {@code RECON_LATENCY_ANALYSIS}
 * and a {@code HOST_LOCATION} line (NDJSON), or one document in {@code {"results": [...]}}
 * (JSON) — and the map outputs ({@code --geojson}, {@code --html}) of every target. Documents are the library's host-location
 * document plus the live fields (ping, traceroute with each hop's ASN and city, distance model,
 * route stretch and its source, vantage, warnings).
 *
 * <p>Not thread-safe: used on the thread that runs the targets.
 */
final class LiveAnalysisOutput {

  /** How the text report says each {@link Analysis.StretchSource}. */
  private static final Map<Analysis.StretchSource, String> STRETCH_SOURCES = Map.of(
      Analysis.StretchSource.CONFIGURED, "from --stretch or the config file",
      Analysis.StretchSource.PATH_NETWORKS, "from the path's networks",
      Analysis.StretchSource.TARGET_NETWORK, "from the target's network",
      Analysis.StretchSource.UNKNOWN_NETWORK, "for an unknown network");

  private final boolean anonymousIpDatabase;
  private final RttLikelihoodModel rttModel;
  private final Analysis analysis;
  private final String modelName;
  private final OutputOptions.Mode mode;
  private final TargetFeatures features;
  private final PrintWriter out;
  private final List<ObjectNode> docs = new ArrayList<>();

  /**
   * @param anonymousIpDatabase whether an anonymous-IP database was given, so reports say "not
   *     listed" for targets it does not list
   * @param rttModel the engine's RTT likelihood, for the vantages' disks in GeoJSON
   * @param modelName {@code --model} as given, for the report
   * @param features the map outputs ({@code --geojson}, {@code --html}) of every target, or null
   */
  LiveAnalysisOutput(boolean anonymousIpDatabase, RttLikelihoodModel rttModel, Analysis analysis,
      String modelName, OutputOptions.Mode mode, TargetFeatures features, PrintWriter out) {
    this.anonymousIpDatabase = anonymousIpDatabase;
    this.rttModel = rttModel;
    this.analysis = analysis;
    this.modelName = modelName;
    this.mode = mode;
    this.features = features;
    this.out = out;
  }

  /** Prints one target's result (JSON is kept for {@link #finish}). */
  void print(Analysis.Result r) {
    ObjectNode doc = HostReportJson.document(r.report(), anonymousIpDatabase);
    switch (mode) {
      case NDJSON -> {
        out.println(ProductJson.toTree(latencyEvent(r)).toString());
        ObjectNode e = HostReportJson.event(doc);
        addLiveFields(e, r);
        out.println(e.toString());
        out.flush();
      }
      case JSON -> {
        addLiveFields(doc, r);
        docs.add(doc);
      }
      case TEXT -> printReport(r);
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
    if (features != null) {
      features.add(r.report(), r.vantages(), rttModel, r.geoPath());
    }
  }

  /** Prints the JSON document of every target and writes the GeoJSON file. */
  void finish() throws IOException {
    if (mode == OutputOptions.Mode.JSON) {
      out.println(HostReportJson.results(docs));
    }
    out.flush();
    if (features != null) {
      features.write();
    }
  }

  /** The RECON_LATENCY_ANALYSIS event ({@link AnalysisJson#latencyEvent}). */
  private static LatencyAnalysisEvent latencyEvent(Analysis.Result r) {
    return AnalysisJson.latencyEvent(r);
  }

  /** Adds the live fields ({@link AnalysisJson#addLiveFields}), warnings in CLI terms. */
  private void addLiveFields(ObjectNode d, Analysis.Result r) {
    AnalysisJson.addLiveFields(d, r, analysis, modelName, w -> warning(r, w));
  }

  /** A warning as the command line says it: in terms of its options. */
  private static String warning(Analysis.Result r, Analysis.Warning w) {
    return switch (w.kind()) {
      case NO_REPLY -> "no reply from " + r.target().addressText() + " to "
          + r.ping().choice().method() + " probes: no RTT, so no distance; try another --method"
          + " (e.g. tcp:443)";
      case NO_VANTAGE -> "no vantage position (--from LAT,LON or 'vantage' in the config file):"
          + " the RTTs bound the distance but cannot place the target or check GeoIP";
      default -> w.text();
    };
  }

  private void printReport(Analysis.Result r) {
    HostReportText.printReport(out, r.target().label(), r.report(), anonymousIpDatabase);
    PingResult pr = r.ping().result();
    LatencyMetrics m = PingDocuments.live(r.ping()).metrics();
    DistanceJson dist = PingDocuments.live(r.ping()).distance();
    out.printf(Locale.ROOT, "  ping: %d sent, %s loss, min/median/max %s/%s/%s ms, jitter %s ms"
            + " (%s)%n", m.sent(), Render.pct(m.lossRatio()), Render.ms(m.minRtt()),
        Render.ms(m.medianRtt()), Render.ms(m.maxRtt()), Render.ms(m.jitter()),
        Render.how(r.ping().choice(), pr.backend(), pr.timestampSource(), pr.startedAt()));
    if (dist != null) {
      out.printf(Locale.ROOT, "  distance from %s: likely %.0f km, at most %.0f km (confidence"
              + " %.2f; model %s; route stretch %.2f %s)%n",
          analysis.vantage().map(v -> "the vantage " + v).orElse("this machine"),
          dist.estimateKm(), dist.maxKm(), dist.confidence(), modelName, r.routeStretch(),
          STRETCH_SOURCES.get(r.stretchSource()));
    }
    if (r.trace().isPresent()) {
      LiveTrace tr = r.trace().get();
      out.printf(Locale.ROOT, "  path: %s, %s in %.1f s%n", Render.how(tr.choice(),
              tr.result().backend(), tr.result().timestampSource(), tr.result().startedAt()),
          tr.result().reachedDestination() ? "destination reached" : "destination NOT reached",
          tr.result().elapsed().toNanos() / 1e9);
      StringWriter table = new StringWriter();
      try (PrintWriter tw = new PrintWriter(table)) {
        pathTable(r, tr).print(tw);
      }
      table.toString().lines().forEach(l -> out.println("    " + l));
    }
    for (Analysis.Warning w : r.warnings()) {
      out.println("  warning: " + warning(r, w));
    }
    HostReportText.printWarnings(out, r.report().result());
    out.println();
    out.flush();
  }

  /** The mtr-like path table: hop, host, ASN, loss, best/median/worst, jitter, flags, Δkm, city. */
  private static TextTable pathTable(Analysis.Result r, LiveTrace tr) {
    TextTable t = new TextTable(">HOP", "HOST", "ASN", ">LOSS", ">BEST", ">MEDIAN", ">WORST",
        ">JITTER", "FLAGS", ">DKM", "CITY");
    for (HopAnalysis h : tr.analysis().hops()) {
      RttEnvelope e = h.rtt();
      HostLocator.Lookup g = r.hopLookups().get(h.ttl());
      String asn = g == null ? "" : g.asn().map(a -> "AS" + a.asn()).orElse("");
      String city = g == null ? "" : g.location().map(HostReportText::place).orElse("");
      t.row(h.ttl(), h.address() == null ? "*" : h.address(), asn,
          e.sent() == 0 ? "-" : Render.pct(e.lossRatio()),
          e.hasReplies() ? Render.ms(e.minMs()) : "-",
          e.hasReplies() ? Render.ms(e.medianMs()) : "-",
          e.hasReplies() ? Render.ms(e.maxMs()) : "-",
          e.received() >= 2 ? Render.ms(e.jitterMs()) : "-",
          String.join(",", h.flagNames()),
          h.deltaKm() == null ? "-" : Render.km(h.deltaKm()), city);
    }
    return t;
  }

}
