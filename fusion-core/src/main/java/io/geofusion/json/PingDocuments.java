package io.geofusion.json;

import io.geofusion.formats.PingMeasurement;
import io.geofusion.locate.LivePing;
import io.geofusion.locate.LiveTarget;
import io.geofusion.probe.PingResult;
import io.geofusion.rtt.DistanceEstimate;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ping series, recorded or live, as the product's {@code PING_RESULT} document: the RTT
 * envelope's metrics, the distance its minimum allows (docs/model.md) and the anomalies seen
 * ({@code no_reply}, {@code packet_loss}, {@code duplicate_replies}, {@code summary_only},
 * {@code router_error_reply}, {@code connect_error}, {@code distance_clamped}). Both sources produce the same shape; a live one has no source
 * format. Stateless.
 */
public final class PingDocuments {

  private PingDocuments() {}

  /**
   * The document of a recorded series: envelope → distance with confidence; a record that kept
   * only a summary is estimated from its reported minimum and marked {@code summary_only}.
   */
  public static PingResultDocument recorded(PingMeasurement p, DistanceEstimator estimator) {
    List<String> anomalies = new ArrayList<>();
    Optional<RttEnvelope> env = p.envelope();
    Optional<DistanceEstimate> d;
    if (env.isPresent()) {
      d = estimator.tryEstimate(env.get());
    } else {
      anomalies.add("summary_only");
      double min = p.minRttMs();
      d = Double.isNaN(min) ? Optional.empty() : estimator.tryEstimate(RttEnvelope.of(min));
    }
    if (p.sent() > 0 && p.summary().received() == 0) {
      anomalies.add("no_reply");
    } else if (p.summary().lossRatio() > 0) {
      anomalies.add("packet_loss");
    }
    if (p.duplicates() > 0) {
      anomalies.add("duplicate_replies");
    }
    noteClamped(d, anomalies);
    return PingResultDocument.of(p, d.map(DistanceJson::of).orElse(null), anomalies);
  }

  /** The document of a live ping under its own estimator. */
  public static PingResultDocument live(LivePing ping) {
    return live(ping.result(), ping.target(), ping.estimator());
  }

  /**
   * The document of a live ping: the same shape as a recorded one, with no source format, the
   * name typed (when one was resolved) and the method as protocol. An ICMP error from a router
   * instead of the target's reply is {@code router_error_reply}, and the document's
   * {@code error_replies} say who sent it, with its ICMP type and code; a connect() the kernel
   * failed (tcp-connect: no route to host, network unreachable) is {@code connect_error}.
   */
  public static PingResultDocument live(PingResult r, LiveTarget target,
      DistanceEstimator estimator) {
    RttEnvelope env = r.envelope();
    List<String> anomalies = new ArrayList<>();
    if (env.received() == 0) {
      anomalies.add("no_reply");
    } else if (env.lossRatio() > 0) {
      anomalies.add("packet_loss");
    }
    boolean routerError = false;
    boolean connectError = false;
    for (int i = 0; i < r.rttsMs().size(); i++) {
      String who = r.responders().get(i);
      routerError |= who != null && Double.isNaN(r.rttsMs().get(i)) && !who.equals(r.target());
      connectError |= r.errors().get(i) != null && r.errors().get(i).from() == null;
    }
    if (routerError) {
      anomalies.add("router_error_reply");
    }
    if (connectError) {
      anomalies.add("connect_error");
    }
    List<Double> rtts = new ArrayList<>(r.rttsMs().size());
    for (double v : r.rttsMs()) {
      rtts.add(Double.isNaN(v) ? null : v);
    }
    Optional<DistanceEstimate> d = estimator.tryEstimate(env);
    noteClamped(d, anomalies);
    return new PingResultDocument(PingResultDocument.TYPE, r.target(),
        target.byName() ? target.typed() : null, null, null, r.startedAt(), r.method().name(),
        null, null, 0, rtts, LatencyMetrics.of(env), d.map(DistanceJson::of).orElse(null),
        anomalies, ErrorReplyJson.group(r.errors()));
  }

  /**
   * {@code distance_clamped}: the RTT allowed more than half the Earth's circumference, so the
   * distance was cut to 20,004 km (it bounds nothing on Earth).
   */
  private static void noteClamped(Optional<DistanceEstimate> d, List<String> anomalies) {
    if (d.isPresent() && d.get().clamped()) {
      anomalies.add("distance_clamped");
    }
  }
}
