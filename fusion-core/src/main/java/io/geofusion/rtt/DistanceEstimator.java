package io.geofusion.rtt;

import io.geofusion.geo.Geodesy;
import java.util.Optional;

/**
 * Turns an {@link RttEnvelope} into a {@link DistanceEstimate} (docs/model.md, "Distance from
 * RTT").
 *
 * <ul>
 *   <li>{@code max_km = max(0, rtt_min − local_delay)·k}: the hard bound of the {@link
 *       DistanceModel} ({@code k ≈ 99.93 km/ms} at 2/3 c), from the <em>minimum</em> RTT, the
 *       sample least inflated by queuing.
 *   <li>{@code estimate_km = max_km / s} for the route stretch {@code s ≥ 1}: a route {@code s}
 *       times longer than the geodesic covers the same fibre in a shorter straight line. The
 *       origin system <em>multiplied</em> the distance by its ASN penalty, which moves the host
 *       further away the more roundabout its route is, and can exceed the physical bound; a
 *       penalty here never enlarges {@code max_km}.
 *   <li>{@code min_km = 0}: RTT gives no lower bound on distance, because queuing, slow ICMP
 *       generation, satellite or cellular access can inflate it without limit (a host next door
 *       can answer in 600 ms over a geostationary link). CBG (Gueye et al. 2006) likewise uses
 *       latency only as an upper-bound constraint.
 *   <li>Both distances are clamped to half the Earth's circumference ({@link
 *       Geodesy#MAX_DISTANCE_KM}, 20,004 km): a 600 ms RTT bounds nothing on Earth (its raw
 *       bound is 59,958 km); {@link DistanceEstimate#clamped()} tells.
 *   <li>{@code confidence} = {@link #confidence(int, double, double, double, int)}.
 * </ul>
 *
 * <p>Immutable and thread-safe: build once, share freely.
 */
public final class DistanceEstimator {

  /** Received replies at which the sample factor reaches 1/2. */
  public static final double SAMPLES_HALF = 3.0;
  /** Relative jitter (jitter / min RTT) at which the jitter factor falls to 1/e. */
  public static final double JITTER_SCALE = 0.25;
  /** Floor on the min RTT used to make jitter relative, so LAN-scale RTTs do not amplify it. */
  public static final double JITTER_RTT_FLOOR_MS = 1.0;
  /** Share of confidence lost at 100 % loss (linear in the loss ratio). */
  public static final double LOSS_WEIGHT = 0.5;
  /** Anomalies that halve the confidence. */
  public static final double ANOMALIES_HALF = 2.0;

  private static final DistanceEstimator DEFAULTS = builder().build();

  private final DistanceModel model;
  private final LocalDelay localDelay;
  private final double routeStretch;

  private DistanceEstimator(Builder b) {
    this.model = b.model;
    this.localDelay = b.localDelay;
    this.routeStretch = b.routeStretch;
  }

  /** 2/3 c, no local delay, route stretch 1. */
  public static DistanceEstimator defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public DistanceModel model() {
    return model;
  }

  public LocalDelay localDelay() {
    return localDelay;
  }

  /** The default route stretch applied when none is given per call. */
  public double routeStretch() {
    return routeStretch;
  }

  /**
   * Estimate with the configured stretch and no anomalies.
   *
   * @throws IllegalArgumentException if the envelope has no replies
   */
  public DistanceEstimate estimate(RttEnvelope envelope) {
    return estimate(envelope, routeStretch, 0);
  }

  /**
   * Estimate for one target.
   *
   * @param envelope the target's RTTs
   * @param stretch route stretch {@code s ≥ 1} for this target (e.g. from its ASN path)
   * @param anomalies anomaly flags raised on the path or the samples (≥ 0); lowers confidence only
   * @throws IllegalArgumentException if the envelope has no replies, or for an invalid argument
   */
  public DistanceEstimate estimate(RttEnvelope envelope, double stretch, int anomalies) {
    return tryEstimate(envelope, stretch, anomalies).orElseThrow(() ->
        new IllegalArgumentException("no replies (sent=" + envelope.sent()
            + ", received=0): no distance can be derived; use tryEstimate to handle this"));
  }

  /** Like {@link #estimate(RttEnvelope)}, empty when the envelope has no replies. */
  public Optional<DistanceEstimate> tryEstimate(RttEnvelope envelope) {
    return tryEstimate(envelope, routeStretch, 0);
  }

  /**
   * Like {@link #estimate(RttEnvelope, double, int)}, empty when the envelope has no replies.
   *
   * @throws IllegalArgumentException for a stretch below 1 or negative anomaly count
   */
  public Optional<DistanceEstimate> tryEstimate(RttEnvelope envelope, double stretch,
      int anomalies) {
    checkStretch(stretch);
    if (anomalies < 0) {
      throw new IllegalArgumentException("anomaly count must be >= 0, got " + anomalies);
    }
    if (!envelope.hasReplies()) {
      return Optional.empty();
    }
    double raw = model.maxDistanceKm(envelope.minMs(), localDelay.ms());
    double max = Geodesy.clampDistanceKm(raw);
    double est = Math.min(raw / stretch, max);
    double conf = confidence(envelope.received(), envelope.jitterMs(), envelope.minMs(),
        envelope.lossRatio(), anomalies);
    return Optional.of(new DistanceEstimate(est, 0.0, max, conf));
  }

  /**
   * Confidence in an RTT-derived distance, in [0, 1]:
   *
   * <pre>
   * conf = n/(n + 3) · exp(−(jitter / max(min_rtt, 1 ms)) / 0.25) · (1 − 0.5·loss) · 2^(−a/2)
   * </pre>
   *
   * <p>where {@code n} is the number of replies, {@code loss} the loss ratio and {@code a} the
   * anomaly count. It is 0 with no replies, strictly increases with {@code n}, and strictly
   * decreases with jitter, loss and anomalies (each factor is monotone and positive). Example:
   * 10 replies, 2 % relative jitter, no loss, no anomaly → 0.77·0.92 = 0.71. The constants are
   * judgement, documented in docs/model.md, and are the thing to recalibrate against ground
   * truth.
   *
   * @throws IllegalArgumentException for a negative count, NaN, or loss outside [0, 1]
   */
  public static double confidence(int received, double jitterMs, double minRttMs,
      double lossRatio, int anomalies) {
    if (received < 0 || anomalies < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got received=" + received
          + " anomalies=" + anomalies);
    }
    if (received == 0) {
      return 0.0;
    }
    if (!(jitterMs >= 0.0) || !(minRttMs >= 0.0)) {
      throw new IllegalArgumentException("jitter and min RTT must be >= 0 ms, got jitter="
          + jitterMs + " min=" + minRttMs);
    }
    if (!(lossRatio >= 0.0 && lossRatio <= 1.0)) {
      throw new IllegalArgumentException("loss ratio must be in [0, 1], got " + lossRatio);
    }
    double samples = received / (received + SAMPLES_HALF);
    double relJitter = jitterMs / Math.max(minRttMs, JITTER_RTT_FLOOR_MS);
    double jitter = Math.exp(-relJitter / JITTER_SCALE);
    double loss = 1.0 - LOSS_WEIGHT * lossRatio;
    double anomaly = Math.pow(2.0, -anomalies / ANOMALIES_HALF);
    double c = samples * jitter * loss * anomaly;
    return Math.max(0.0, Math.min(1.0, c));
  }

  private static void checkStretch(double s) {
    if (!(s >= 1.0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("route stretch must be finite and >= 1 (a route is"
          + " never shorter than the geodesic), got " + s);
    }
  }

  @Override
  public String toString() {
    return "DistanceEstimator[model=" + model.name() + ", local_delay_ms=" + localDelay.ms()
        + ", route_stretch=" + routeStretch + "]";
  }

  /** Builder; not thread-safe, the estimator it builds is. */
  public static final class Builder {
    private DistanceModel model = DistanceModel.FIBER_TWO_THIRDS;
    private LocalDelay localDelay = LocalDelay.NONE;
    private double routeStretch = 1.0;

    private Builder() {}

    /** Speed model, default {@link DistanceModel#FIBER_TWO_THIRDS}. */
    public Builder model(DistanceModel m) {
      if (m == null) {
        throw new IllegalArgumentException("distance model must not be null");
      }
      this.model = m;
      return this;
    }

    /** A configured local access delay in ms, default 0. */
    public Builder localDelayMs(double ms) {
      this.localDelay = LocalDelay.configured(ms);
      return this;
    }

    /** A local access delay, configured or measured. */
    public Builder localDelay(LocalDelay d) {
      if (d == null) {
        throw new IllegalArgumentException("local delay must not be null; use LocalDelay.NONE");
      }
      this.localDelay = d;
      return this;
    }

    /** Default route stretch {@code s ≥ 1}, default 1 (no detour). */
    public Builder routeStretch(double s) {
      checkStretch(s);
      this.routeStretch = s;
      return this;
    }

    public DistanceEstimator build() {
      return new DistanceEstimator(this);
    }
  }
}
