package io.geofusion.locate;

import io.geofusion.formats.Measurement;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.VantagePositions;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.net.AddressClass;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns measurements into per-target fusion evidence ({@link TargetEvidence}). Every front end
 * (recorded files, live probes, packet captures) builds its {@link VantageObservation}s here, so
 * the rules are applied once:
 *
 * <ul>
 *   <li><b>Vantage identity.</b> A recorded measurement's vantage is placed by its vantage id,
 *       its RIPE Atlas probe id or its source address ({@link VantagePositions#find}), else at
 *       the fallback position when one is given (e.g. {@code --from}); its observation is named
 *       by the vantage id, else the source address, else {@code "vantage"}.
 *   <li><b>One observation per vantage</b> and target: the smallest RTT the vantage measured is
 *       kept; the target's jitter is the smallest any ping series showed.
 *   <li><b>The local-delay clamp</b> ({@link #observation}): a vantage's access delay is cut to
 *       the RTT it measured.
 *   <li><b>Order</b>: targets, and vantages within a target, in the order first met.
 * </ul>
 *
 * <p>What counts as a target's RTT: a ping's minimum; a trace's destination's own minimum RTT
 * ({@link io.geofusion.path.TracePath#destinationMinRttMs()}: a hop bounds the hop, not the
 * target). Traces that name no destination are counted, not located; mtr-style summaries and
 * records without an RTT are skipped.
 *
 * <p>With {@link Builder#hopTargets(boolean) hopTargets(true)} a trace instead contributes every
 * public address that answered on it (its destination included) as a target, seen from the
 * trace's vantage with the smallest RTT that address showed on that trace: a hop's RTT bounds
 * the hop. Private, shared (CGNAT) and other non-public responders are left out, because the
 * same private address names different routers in different networks.
 *
 * <p>Immutable and thread-safe; each call assembles its own input.
 */
public final class EvidenceAssembler {

  /** The observation name of a record that names neither its vantage nor its source. */
  static final String UNNAMED_VANTAGE = "vantage";

  private final VantagePositions positions;
  private final LatLon fallback;
  private final double localDelayMs;
  private final boolean hopTargets;

  private EvidenceAssembler(Builder b) {
    this.positions = b.positions;
    this.fallback = b.fallback;
    this.localDelayMs = b.localDelayMs;
    this.hopTargets = b.hopTargets;
  }

  /** A builder: no vantage positions, no fallback, no access delay. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The evidence in recorded measurements, per target (see the class comment for the rules).
   *
   * @param records measurements, e.g. a {@link io.geofusion.formats.MeasurementReader}
   */
  public RecordedEvidence assemble(Iterable<? extends Measurement> records) {
    Objects.requireNonNull(records, "records");
    Targets targets = new Targets();
    Counts counts = new Counts();
    for (Measurement m : records) {
      emit(m, counts, s -> targets.add(s.target(),
          observation(s.vantageId(), s.at(), s.minRttMs(), localDelayMs), s.jitterMs()));
    }
    return new RecordedEvidence(targets.evidence(), counts.unnamed, counts.unplaced,
        counts.placedByFallback.size());
  }

  /**
   * The placed samples one recorded measurement contributes, by the rules of
   * {@link #assemble} (vantage placement, hop targets), before any grouping: a front end that
   * groups by target elsewhere (a distributed job) feeds each target's samples to
   * {@link #assembleSamples} and gets what {@link #assemble} would have given for that target,
   * up to the order of its vantages. Empty for a record that names no target, has no RTT, or
   * whose vantage has no position (and no fallback was given).
   */
  public List<Sample> samples(Measurement record) {
    Objects.requireNonNull(record, "record");
    List<Sample> out = new ArrayList<>(2);
    emit(record, new Counts(), out::add);
    return out;
  }

  /** What a record contributes, counted in {@code counts}; see the class comment. */
  private void emit(Measurement m, Counts counts, Consumer<Sample> out) {
    if (m instanceof PingMeasurement p) {
      double minRtt = p.minRttMs();
      if (!Double.isNaN(minRtt)) {
        place(p.vantageId(), p.source(), counts, (id, at) -> out.accept(new Sample(p.target(),
            id, at, minRtt, p.envelope().map(RttEnvelope::jitterMs).orElse(Double.NaN))));
      }
    } else if (m instanceof TraceMeasurement t) {
      if (hopTargets) {
        Map<String, Double> hops = publicResponders(t);
        if (!hops.isEmpty()) {
          place(t.vantageId(), t.path().source(), counts, (id, at) -> hops.forEach(
              (address, rtt) -> out.accept(new Sample(address, id, at, rtt, Double.NaN))));
        }
        return;
      }
      String target = t.path().destination();
      if (target == null) {
        counts.unnamed++;
        return;
      }
      double minRtt = t.path().destinationMinRttMs();
      if (!Double.isNaN(minRtt)) {
        place(t.vantageId(), t.path().source(), counts,
            (id, at) -> out.accept(new Sample(target, id, at, minRtt, Double.NaN)));
      }
    }
  }

  /** Every public responder of a trace with its smallest RTT on it, in the order first met. */
  private static Map<String, Double> publicResponders(TraceMeasurement t) {
    Map<String, Double> min = new LinkedHashMap<>();
    for (Hop h : t.path().hops()) {
      for (HopReply r : h.replies()) {
        if (r.answered() && (min.containsKey(r.address()) || isPublic(r.address()))) {
          min.merge(r.address(), r.rttMs(), Math::min);
        }
      }
    }
    return min;
  }

  private static boolean isPublic(String address) {
    return IpAddresses.isLiteral(address) && AddressClass.of(address).isPublic();
  }

  /** Places a record's vantage and hands its name and position on, or counts it unplaced. */
  private void place(String vantageId, String source, Counts counts,
      BiConsumer<String, LatLon> placed) {
    String id = vantageId != null ? vantageId : source != null ? source : UNNAMED_VANTAGE;
    Optional<LatLon> at = positions.find(vantageId, source);
    if (at.isEmpty()) {
      if (fallback == null) {
        counts.unplaced++;
        return;
      }
      counts.placedByFallback.add(id);
    }
    placed.accept(id, at.orElse(fallback));
  }

  /** What {@link #assemble} left out; one per call. */
  private static final class Counts {
    int unnamed;
    int unplaced;
    final Set<String> placedByFallback = new HashSet<>();
  }

  /**
   * One RTT series to a target from a placed vantage, as a front end without records measured
   * it (a live probe, a capture's passive RTT).
   *
   * @param target the target's IP literal (or name)
   * @param vantageId the vantage's stable id
   * @param at where the vantage is
   * @param minRttMs the series' smallest RTT, ms, finite and ≥ 0
   * @param jitterMs the series' jitter, ms, or NaN when unknown (fewer than two replies)
   */
  public record Sample(String target, String vantageId, LatLon at, double minRttMs,
      double jitterMs) {

    public Sample {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(vantageId, "vantageId");
      Objects.requireNonNull(at, "vantage '" + vantageId + "' needs a position");
    }
  }

  /**
   * The evidence in samples, per target, by the same rules as recorded measurements: one
   * observation per vantage (smallest RTT kept), smallest jitter, access delay clamped,
   * first-met order. The assembler's positions and fallback play no part: a sample is placed.
   */
  public List<TargetEvidence> assembleSamples(Iterable<Sample> samples) {
    Objects.requireNonNull(samples, "samples");
    Targets targets = new Targets();
    for (Sample s : samples) {
      targets.add(s.target(), observation(s.vantageId(), s.at(), s.minRttMs(), localDelayMs),
          s.jitterMs());
    }
    return targets.evidence();
  }

  /**
   * One vantage's observation of a target, with the access delay clamped to the RTT: a vantage
   * cannot have spent longer in its own access network than the whole round trip took, so
   * {@code localDelayMs} is cut to {@code minRttMs} (the distance bound is then 0, never
   * negative).
   *
   * @param vantageId the vantage's stable id
   * @param at where the vantage is
   * @param minRttMs minimum RTT to the target, ms, finite and ≥ 0
   * @param localDelayMs the vantage's access delay, ms, finite and ≥ 0
   * @throws IllegalArgumentException when an RTT or delay is negative, NaN or infinite
   */
  public static VantageObservation observation(String vantageId, LatLon at, double minRttMs,
      double localDelayMs) {
    checkLocalDelay(localDelayMs);
    return new VantageObservation(vantageId, at, minRttMs, Math.min(localDelayMs, minRttMs));
  }

  private static void checkLocalDelay(double localDelayMs) {
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException("local delay must be finite and >= 0 ms, got "
          + localDelayMs);
    }
  }

  /** Observations grouped by target, then by vantage; not thread-safe (one per call). */
  private static final class Targets {
    private final Map<String, Map<String, VantageObservation>> byTarget = new LinkedHashMap<>();
    private final Map<String, Double> jitter = new LinkedHashMap<>();

    void add(String target, VantageObservation v, double jitterMs) {
      byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>())
          .merge(v.id(), v, (a, b) -> a.minRttMs() <= b.minRttMs() ? a : b);
      if (!Double.isNaN(jitterMs)) {
        jitter.merge(target, jitterMs, Math::min);
      }
    }

    List<TargetEvidence> evidence() {
      List<TargetEvidence> out = new ArrayList<>(byTarget.size());
      byTarget.forEach((target, vs) -> {
        List<VantageObservation> list = new ArrayList<>(vs.values());
        double min = list.stream().mapToDouble(VantageObservation::minRttMs).min()
            .orElse(Double.NaN);
        out.add(new TargetEvidence(target, list, min, jitter.getOrDefault(target, Double.NaN)));
      });
      return out;
    }
  }

  /** Configures an {@link EvidenceAssembler}; not thread-safe. */
  public static final class Builder {
    private VantagePositions positions = VantagePositions.NONE;
    private LatLon fallback;
    private double localDelayMs;
    private boolean hopTargets;

    private Builder() {}

    /**
     * Whether a trace's targets are all its public responders (true) or only its destination
     * (false, the default); see the class comment.
     */
    public Builder hopTargets(boolean everyResponder) {
      this.hopTargets = everyResponder;
      return this;
    }

    /** Where recorded vantages are (default {@link VantagePositions#NONE}). */
    public Builder positions(VantagePositions vantagePositions) {
      this.positions = Objects.requireNonNull(vantagePositions,
          "positions must not be null (use VantagePositions.NONE)");
      return this;
    }

    /**
     * Where a recorded vantage without a position is put (e.g. the one machine that recorded
     * the file); {@code null} (the default) leaves such records out, counted as unplaced.
     */
    public Builder fallback(LatLon position) {
      this.fallback = position;
      return this;
    }

    /**
     * The vantages' access delay, ms, finite and ≥ 0 (default 0), clamped per observation to its
     * RTT.
     *
     * @throws IllegalArgumentException when negative, NaN or infinite
     */
    public Builder localDelayMs(double ms) {
      checkLocalDelay(ms);
      this.localDelayMs = ms;
      return this;
    }

    public EvidenceAssembler build() {
      return new EvidenceAssembler(this);
    }
  }
}
