package io.geofusion.json;

import io.geofusion.formats.HopSummary;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.TraceSummary;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.PathAnalysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A traceroute as the product writes it ({@code geofusion traceroute --json}): the envelope fields
 * (who, to where, when, how) and one {@link TracerouteHopJson} per hop in TTL order. Schema:
 * docs/schemas/traceroute.schema.json.
 *
 * @param type always {@value #TYPE}
 * @param source vantage address, or null
 * @param vantage vantage identifier, or null
 * @param destination the target (IP literal when recorded as one), or null when the recording does
 *     not name it (a traceroute transcript without its header; see
 *     {@link io.geofusion.path.TracePath#destination()})
 * @param destinationName the target's name as given to the tool, or null
 * @param startedAt when the trace started, or null
 * @param protocol probe protocol or method as recorded, or null
 * @param sourceFormat recorded format the trace was read from, or null for live probes
 * @param samplesKnown false when hops carry only summaries (mtr), so {@code rtt_ms} is null
 * @param hops hops in increasing TTL order
 * @param distance distance to the last clean hop, or null when not analysed or none
 * @param anomalies path-level anomaly names, possibly empty
 */
public record TracerouteDocument(
    String type,
    String source,
    String vantage,
    String destination,
    String destinationName,
    Instant startedAt,
    String protocol,
    String sourceFormat,
    boolean samplesKnown,
    List<TracerouteHopJson> hops,
    DistanceJson distance,
    List<String> anomalies) {

  /** The document type tag. */
  public static final String TYPE = "TRACEROUTE";

  public TracerouteDocument {
    if (type == null) {
      type = TYPE;
    }
    if (!TYPE.equals(type)) {
      throw new IllegalArgumentException("document type must be " + TYPE + ", got " + type);
    }
    if (destination != null && destination.isBlank()) {
      throw new IllegalArgumentException("destination is blank; use null when it is unknown");
    }
    hops = hops == null ? List.of() : List.copyOf(hops);
    for (int i = 1; i < hops.size(); i++) {
      if (hops.get(i).ttl() <= hops.get(i - 1).ttl()) {
        throw new IllegalArgumentException("hops must be in increasing TTL order, got TTL "
            + hops.get(i).ttl() + " after " + hops.get(i - 1).ttl());
      }
    }
    anomalies = Checks.names(anomalies);
  }

  /** The document of a recorded trace, without hop analysis (no anomalies, no delta_km). */
  public static TracerouteDocument of(TraceMeasurement t) {
    List<TracerouteHopJson> hops = new ArrayList<>(t.path().hops().size());
    for (Hop h : t.path().hops()) {
      hops.add(TracerouteHopJson.of(h, List.of(), null));
    }
    return new TracerouteDocument(TYPE, t.path().source(), t.vantageId(), t.path().destination(),
        t.destinationName(), t.timestamp(), t.protocol(), t.origin().name(), true, hops, null,
        List.of());
  }

  /**
   * The document of a recorded trace with its hop analysis: per-hop flags and {@code delta_km},
   * the path's event anomalies ({@link PathAnalysis#eventAnomalies()}) and a distance.
   *
   * @param analysis {@code HopAnalyzer.analyze(t.path())}
   * @param distance distance to the last clean hop, or null
   * @throws IllegalArgumentException when the analysis lacks one of the trace's hops
   */
  public static TracerouteDocument of(TraceMeasurement t, PathAnalysis analysis,
      DistanceJson distance) {
    List<TracerouteHopJson> hops = new ArrayList<>(t.path().hops().size());
    for (Hop h : t.path().hops()) {
      HopAnalysis a = analysis.hop(h.ttl()).orElseThrow(() -> new IllegalArgumentException(
          "the analysis has no hop with TTL " + h.ttl() + "; analyse this trace's own path"));
      hops.add(TracerouteHopJson.of(h, a));
    }
    return new TracerouteDocument(TYPE, t.path().source(), t.vantageId(), t.path().destination(),
        t.destinationName(), t.timestamp(), t.protocol(), t.origin().name(), true, hops, distance,
        analysis.eventAnomalies());
  }

  /** The document of an mtr report, without hop analysis. */
  public static TracerouteDocument of(TraceSummary t) {
    List<TracerouteHopJson> hops = new ArrayList<>(t.hops().size());
    for (HopSummary h : t.hops()) {
      hops.add(TracerouteHopJson.of(h, List.of(), null));
    }
    return new TracerouteDocument(TYPE, t.source(), null, t.destination(), null, t.timestamp(),
        null, t.origin().name(), false, hops, null, List.of());
  }
}
