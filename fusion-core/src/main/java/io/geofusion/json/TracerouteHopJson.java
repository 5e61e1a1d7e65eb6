package io.geofusion.json;

import io.geofusion.formats.HopSummary;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One hop of a traceroute document. The field names {@code ttl}, {@code address},
 * {@code min_rtt_ms}, {@code anomalies} and {@code delta_km} are the CLI contract
 * (docs/schemas/traceroute.schema.json).
 *
 * @param ttl TTL of the probes, 1–255
 * @param address primary responder (the one that answered most probes), or null for a silent hop
 * @param responders every distinct responder in order of first answer
 * @param rttMs per-probe RTTs in send order, null for a lost probe; null when the source kept only
 *     summaries (mtr)
 * @param sent probes sent at this TTL
 * @param received probes answered with an RTT
 * @param minRttMs smallest RTT, or null when none
 * @param medianRttMs median RTT, or null when none or unknown (summaries)
 * @param meanRttMs mean RTT, or null
 * @param maxRttMs largest RTT, or null
 * @param anomalies hop flags (e.g. {@code timeout}, {@code private_backbone}, {@code rtt_spike}),
 *     possibly empty
 * @param deltaKm growth of the distance bound on the clean path at this hop, or null when the hop
 *     is not clean or was not analysed
 * @param replyFlags traceroute annotations seen ({@code !H}, {@code !N}, {@code !X}, ...)
 * @param mpls MPLS label stack quoted by the responders (distinct entries), possibly empty
 */
public record TracerouteHopJson(
    int ttl,
    String address,
    List<String> responders,
    List<Double> rttMs,
    int sent,
    int received,
    Double minRttMs,
    Double medianRttMs,
    Double meanRttMs,
    Double maxRttMs,
    List<String> anomalies,
    Double deltaKm,
    List<String> replyFlags,
    List<MplsLabelJson> mpls) {

  public TracerouteHopJson {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
    responders = responders == null ? List.of() : List.copyOf(responders);
    if (rttMs != null) {
      List<Double> copy = new ArrayList<>(rttMs.size());
      for (Double v : rttMs) {
        copy.add(Checks.nonNegative("rtt_ms", v));
      }
      rttMs = Collections.unmodifiableList(copy);
    }
    if (sent < 0 || received < 0 || received > sent) {
      throw new IllegalArgumentException(
          "need 0 <= received <= sent, got sent=" + sent + " received=" + received);
    }
    minRttMs = Checks.nonNegative("min_rtt_ms", minRttMs);
    medianRttMs = Checks.nonNegative("median_rtt_ms", medianRttMs);
    meanRttMs = Checks.nonNegative("mean_rtt_ms", meanRttMs);
    maxRttMs = Checks.nonNegative("max_rtt_ms", maxRttMs);
    deltaKm = Checks.nonNegative("delta_km", deltaKm);
    anomalies = Checks.names(anomalies);
    replyFlags = Checks.names(replyFlags);
    mpls = mpls == null ? List.of() : List.copyOf(mpls);
  }

  /**
   * The JSON form of a recorded hop without analysis: primary responder, samples and statistics;
   * {@code anomalies} and {@code delta_km} as given (empty/null when not analysed).
   */
  public static TracerouteHopJson of(Hop hop, List<String> anomalies, Double deltaKm) {
    return of(hop, anomalies, deltaKm, null);
  }

  /**
   * {@link #of(Hop, List, Double)} with the hop's RTT envelope computed already ({@code
   * RttEnvelope.of} of its replies' RTTs in order, as {@link io.geofusion.path.HopAnalyzer} keeps
   * it), or null to compute it here.
   */
  static TracerouteHopJson of(Hop hop, List<String> anomalies, Double deltaKm,
      RttEnvelope envelope) {
    double[] rtts = new double[hop.replies().size()];
    List<Double> boxed = new ArrayList<>(rtts.length);
    Map<String, Integer> answers = new LinkedHashMap<>();
    Set<String> flags = new LinkedHashSet<>();
    Set<MplsLabelJson> labels = new LinkedHashSet<>();
    for (int i = 0; i < rtts.length; i++) {
      HopReply r = hop.replies().get(i);
      rtts[i] = r.rttMs();
      boxed.add(Checks.ms(r.rttMs()));
      if (r.address() != null) {
        answers.merge(r.address(), r.answered() ? 1 : 0, Integer::sum);
      }
      if (r.flag() != null) {
        flags.add(r.flag());
      }
      for (MplsLabel l : r.mpls()) {
        labels.add(MplsLabelJson.of(l));
      }
    }
    String primary = null;
    int best = -1;
    for (Map.Entry<String, Integer> e : answers.entrySet()) {
      if (e.getValue() > best) {
        best = e.getValue();
        primary = e.getKey();
      }
    }
    RttEnvelope env = envelope != null ? envelope : RttEnvelope.of(rtts);
    return new TracerouteHopJson(hop.ttl(), primary, new ArrayList<>(answers.keySet()), boxed,
        env.sent(), env.received(), Checks.ms(env.minMs()), Checks.ms(env.medianMs()),
        Checks.ms(env.meanMs()), Checks.ms(env.maxMs()), anomalies,
        deltaKm == null ? null : Checks.round3(deltaKm),
        new ArrayList<>(flags), new ArrayList<>(labels));
  }

  /**
   * The JSON form of a recorded hop with its analysis ({@link io.geofusion.path.HopAnalyzer}):
   * primary responder, responders, statistics, flags and {@code delta_km} as the analysis found
   * them; samples, reply flags and MPLS labels from the recorded hop.
   *
   * @throws IllegalArgumentException when the analysis is of another TTL
   */
  public static TracerouteHopJson of(Hop hop, HopAnalysis analysis) {
    if (hop.ttl() != analysis.ttl()) {
      throw new IllegalArgumentException("analysis of TTL " + analysis.ttl()
          + " does not belong to hop " + hop.ttl());
    }
    TracerouteHopJson raw = of(hop, analysis.flagNames(), analysis.deltaKm());
    RttEnvelope env = analysis.rtt();
    return new TracerouteHopJson(hop.ttl(), analysis.address(), analysis.responders(),
        raw.rttMs(), env.sent(), env.received(), Checks.ms(env.minMs()),
        Checks.ms(env.medianMs()), Checks.ms(env.meanMs()), Checks.ms(env.maxMs()),
        raw.anomalies(), raw.deltaKm(), raw.replyFlags(), raw.mpls());
  }

  /**
   * The JSON form of an mtr hop: statistics as mtr reported them, no samples ({@code rtt_ms}
   * null), no median (mtr does not keep one).
   */
  public static TracerouteHopJson of(HopSummary hop, List<String> anomalies, Double deltaKm) {
    var s = hop.stats();
    List<String> who = hop.host() == null ? List.of() : List.of(hop.host());
    return new TracerouteHopJson(hop.ttl(), hop.host(), who, null, s.sent(), s.received(),
        Checks.ms(s.minMs()), null, Checks.ms(s.meanMs()), Checks.ms(s.maxMs()),
        anomalies, deltaKm == null ? null : Checks.round3(deltaKm), List.of(), List.of());
  }
}
