package io.geofusion.json;

import io.geofusion.formats.HopSummary;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.LiveTrace;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopFlag;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import io.geofusion.probe.TraceResult;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.RttEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A traceroute, recorded or live, as the product's {@code TRACEROUTE} document: every hop with
 * its RTT envelope, flags and Δkm (docs/hop-analysis.md), the distance to the last clean hop with
 * confidence lowered by the path's anomalies, and the path's anomalies; and the streaming {@code
 * RECON_LATENCY_ANALYSIS} event of such a document. Stateless.
 */
public final class TraceDocuments {

  private TraceDocuments() {}

  /** The document of a recorded trace with per-probe replies. */
  public static TracerouteDocument recorded(TraceMeasurement t, HopAnalyzer analyzer,
      DistanceEstimator estimator) {
    return of(t.path(), analyzer.analyze(t.path()), t.vantageId(), t.destinationName(),
        t.timestamp(), t.protocol(), t.origin().name(), estimator);
  }

  /**
   * The document of a trace kept only as per-hop summaries ({@code mtr --json}): each hop is
   * analysed as one reply at its best RTT ({@link TraceSummary#bestReplyPath()}); loss and spread
   * stay as mtr reported them.
   */
  public static TracerouteDocument recorded(TraceSummary s, HopAnalyzer analyzer,
      DistanceEstimator estimator) {
    PathAnalysis a = analyzer.analyze(s.bestReplyPath());
    List<TracerouteHopJson> out = new ArrayList<>();
    for (HopSummary h : s.hops()) {
      HopAnalysis ha = a.hop(h.ttl()).orElseThrow();
      out.add(TracerouteHopJson.of(h, flagNames(ha), ha.deltaKm()));
    }
    return new TracerouteDocument(TracerouteDocument.TYPE, s.source(), null, s.destination(),
        null, s.timestamp(), null, s.origin().name(), false, out, distance(a, estimator),
        a.eventAnomalies());
  }

  /**
   * The document of a trace with per-probe replies, recorded or live.
   *
   * @param analysis {@code path} analysed
   * @param vantage vantage id, or null
   * @param destinationName the destination's name as given, or null
   * @param startedAt when the trace started, or null
   * @param protocol probe protocol, or null
   * @param sourceFormat recorded format, null for a live trace
   */
  public static TracerouteDocument of(TracePath path, PathAnalysis analysis, String vantage,
      String destinationName, Instant startedAt, String protocol, String sourceFormat,
      DistanceEstimator estimator) {
    List<TracerouteHopJson> hops = new ArrayList<>();
    for (Hop hop : path.hops()) {
      HopAnalysis h = analysis.hop(hop.ttl()).orElseThrow();
      // the analysis's envelope is RttEnvelope.of of the same RTTs: not sorted again
      hops.add(TracerouteHopJson.of(hop, flagNames(h), h.deltaKm(), h.rtt()));
    }
    return new TracerouteDocument(TracerouteDocument.TYPE, path.source(), vantage,
        path.destination(), destinationName, startedAt, protocol, sourceFormat, true, hops,
        distance(analysis, estimator), analysis.eventAnomalies());
  }

  /**
   * The document of a live trace: its path and hop analysis, the name typed (when one was
   * resolved), the method as protocol, no vantage and no source format.
   */
  public static TracerouteDocument live(LiveTrace trace) {
    TraceResult r = trace.result();
    LiveTarget t = trace.target();
    return of(r.path(), trace.analysis(), null, t.byName() ? t.typed() : null, r.startedAt(),
        r.method().name(), null, trace.estimator());
  }

  /**
   * The streaming event of a trace: the metrics of its last clean hop (the farthest trusted RTT),
   * empty metrics when no hop is clean.
   */
  public static LatencyAnalysisEvent event(TracerouteDocument d) {
    TracerouteHopJson last = null;
    for (TracerouteHopJson h : d.hops()) {
      if (h.deltaKm() != null) {
        last = h;
      }
    }
    LatencyMetrics metrics = last == null
        ? LatencyMetrics.of(RttEnvelope.of())
        : new LatencyMetrics(last.minRttMs(), last.medianRttMs(), null, null, null, null,
            last.maxRttMs(), last.meanRttMs(), null, last.sent(), last.received(),
            last.sent() == 0 ? 0.0 : 1.0 - (double) last.received() / last.sent());
    return new LatencyAnalysisEvent(LatencyAnalysisEvent.TYPE, d.destination(), metrics,
        d.distance(), d.anomalies(), d.vantage(), d.source(), d.startedAt(), d.sourceFormat());
  }

  private static List<String> flagNames(HopAnalysis h) {
    List<String> names = new ArrayList<>();
    for (HopFlag f : h.flags()) {
      names.add(f.jsonName());
    }
    return names;
  }

  /** Distance to the last clean hop, with confidence lowered by the path's anomalies. */
  private static DistanceJson distance(PathAnalysis a, DistanceEstimator estimator) {
    return a.lastCleanHop()
        .flatMap(h -> estimator.tryEstimate(h.rtt(), estimator.routeStretch(),
            a.eventAnomalies().size()))
        .map(DistanceJson::of)
        .orElse(null);
  }
}
