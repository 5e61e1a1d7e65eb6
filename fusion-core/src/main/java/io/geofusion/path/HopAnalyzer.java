package io.geofusion.path;

import io.geofusion.geo.Geodesy;
import io.geofusion.net.AddressClass;
import io.geofusion.net.IpAddresses;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the hops of a traceroute whose RTT does not measure the path, and turns the rest into a
 * distance gradient. Immutable and thread-safe: build one and share it.
 *
 * <pre>{@code
 * PathAnalysis a = HopAnalyzer.builder()
 *     .distanceModel(DistanceModel.FIBER_TWO_THIRDS)
 *     .spikeTolerance(5.0, 0.25)
 *     .build()
 *     .analyze(trace);
 * }</pre>
 *
 * <h2>Rules</h2>
 * Per hop, {@code y} is the min RTT over every reply at that TTL. A true path's RTT never falls as
 * the path gets longer, and a router can only add delay (slow ICMP generation in its control
 * plane), never remove it. So:
 * <ol>
 *   <li>{@code timeout}: no reply with an RTT. {@code mpls}: a reply quoted an MPLS label stack.
 *       {@code private_backbone}: the primary address is not public ({@link AddressClass}).
 *   <li>{@code repeated_hop}: the primary address equals that of the previous answering hop;
 *       {@code routing_loop}: it appeared earlier with a different address in between (A, B, A).
 *   <li>A robust isotonic fit {@code f} of {@code y} over all hops with an RTT (L1
 *       pool-adjacent-violators, lower block median; see docs/hop-analysis.md). The hop with the
 *       largest residual beyond tolerance is flagged — {@code rtt_spike} when {@code y − f >
 *       tolSpike(f)}, {@code non_monotonic} when {@code f − y > tolMono(f)} — and removed, and the
 *       fit is redone on the rest until every residual is within tolerance. Tolerances are
 *       {@code tol(v) = max(absoluteMs, relative·v)}; default 5 ms and 25 % for both.
 *   <li>In TTL order, with {@code m} the highest {@code y} among earlier clean hops (0 at the
 *       source): a remaining hop with {@code y < m − tolMono(m)} is {@code non_monotonic};
 *       otherwise it is clean with {@code delta_ms = max(0, y − m)} and {@code delta_km = max(0,
 *       D(y) − D(m))}, {@code D(x) = model.maxDistanceKm(x, localDelayMs)}.
 *   <li>{@code geographic_jump}: a clean hop with {@code delta_km} above the threshold (default
 *       2,000 km, about 20 ms of RTT at 2/3 c).
 * </ol>
 * Hops flagged {@code timeout}, {@code rtt_spike}, {@code non_monotonic}, {@code repeated_hop} or
 * {@code routing_loop} never feed distance. In the origin's example (hop 1 1.49 ms, hop 2
 * {@code 10.x} at 235 ms, hop 3 35 ms) hop 2 is {@code rtt_spike} and {@code private_backbone} and
 * hop 3 is clean, its step measured from hop 1.
 */
public final class HopAnalyzer {

  private static final HopAnalyzer DEFAULTS = builder().build();

  private final DistanceModel distanceModel;
  private final double localDelayMs;
  private final double spikeAbsoluteMs;
  private final double spikeRelative;
  private final double monotonicAbsoluteMs;
  private final double monotonicRelative;
  private final double geographicJumpKm;

  private HopAnalyzer(Builder b) {
    this.distanceModel = b.distanceModel;
    this.localDelayMs = b.localDelayMs;
    this.spikeAbsoluteMs = b.spikeAbsoluteMs;
    this.spikeRelative = b.spikeRelative;
    this.monotonicAbsoluteMs = b.monotonicAbsoluteMs;
    this.monotonicRelative = b.monotonicRelative;
    this.geographicJumpKm = b.geographicJumpKm;
  }

  /** An analyzer with every default: 2/3 c, no local delay, 5 ms / 25 % tolerances, 2,000 km. */
  public static HopAnalyzer defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Analyses a trace. Never returns null; a trace with no hops gives no hop results. */
  public PathAnalysis analyze(TracePath path) {
    List<Hop> hops = path.hops();
    int n = hops.size();
    String[] primary = new String[n];
    AddressClass[] classes = new AddressClass[n];
    RttEnvelope[] envelopes = new RttEnvelope[n];
    List<List<String>> responders = new ArrayList<>(n);
    List<EnumSet<HopFlag>> flags = new ArrayList<>(n);
    double[] y = new double[n];
    Optional<String> dest = path.destination() == null ? Optional.empty()
        : IpAddresses.canonical(path.destination());
    // A tool's own verdict covers hops recorded as names, which are never resolved here.
    boolean reached = Boolean.TRUE.equals(path.destinationReached());
    // Probes of one hop usually share a responder: parse each distinct text once per call.
    Map<String, String> canonical = new HashMap<>();

    for (int i = 0; i < n; i++) {
      Hop hop = hops.get(i);
      flags.add(EnumSet.noneOf(HopFlag.class));
      List<HopReply> replies = hop.replies();
      double[] rtts = new double[replies.size()];
      // Distinct responders in order of first answer, with answer counts and min RTTs; a hop
      // rarely has more than a few, so parallel arrays beat maps.
      int distinct = 0;
      String[] names = new String[replies.size()];
      int[] counts = new int[replies.size()];
      double[] mins = new double[replies.size()];
      Map<String, Integer> index = new HashMap<>();
      for (int r = 0; r < replies.size(); r++) {
        HopReply reply = replies.get(r);
        rtts[r] = reply.rttMs();
        if (!reply.mpls().isEmpty()) {
          flags.get(i).add(HopFlag.MPLS);
        }
        if (reply.address() == null) {
          continue;
        }
        String a = canonical.computeIfAbsent(reply.address(),
            k -> IpAddresses.canonical(k).orElse(k.strip()));
        // An index, not a scan of the names so far: a hop of 200,000 distinct responders
        // (a hostile file) made the scan quadratic, 203 s; the map keeps it linear.
        Integer known = index.putIfAbsent(a, distinct);
        int k = known == null ? distinct : known;
        if (k == distinct) {
          names[k] = a;
          mins[k] = Double.NaN;
          distinct++;
        }
        counts[k]++;
        if (reply.answered() && !(mins[k] <= reply.rttMs())) {
          mins[k] = reply.rttMs();
        }
      }
      envelopes[i] = RttEnvelope.of(rtts);
      responders.add(List.of(Arrays.copyOf(names, distinct)));
      int best = choosePrimary(names, counts, mins, distinct);
      primary[i] = best < 0 ? null : names[best];
      if (primary[i] != null) {
        Optional<AddressClass> c = classify(primary[i]);
        classes[i] = c.orElse(null);
        if (c.isPresent() && !c.get().isPublic()) {
          flags.get(i).add(HopFlag.PRIVATE_BACKBONE);
        }
        if (!reached && dest.isPresent()) {
          reached = index.containsKey(dest.get());
        }
      }
      y[i] = envelopes[i].minMs();
      if (!envelopes[i].hasReplies()) {
        flags.get(i).add(HopFlag.TIMEOUT);
      }
    }

    markRepeatsAndLoops(primary, flags);
    double[] expected = fitAndFlagOutliers(y, flags);
    double[][] deltas = gradient(y, flags);

    List<HopAnalysis> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Double dMs = null;
      Double dKm = null;
      if (deltas[i] != null) {
        dMs = deltas[i][0];
        dKm = deltas[i][1];
        if (dKm > geographicJumpKm) {
          flags.get(i).add(HopFlag.GEOGRAPHIC_JUMP);
        }
      }
      out.add(new HopAnalysis(hops.get(i).ttl(), primary[i], responders.get(i), classes[i],
          envelopes[i], Double.isNaN(expected[i]) ? null : expected[i], flags.get(i), dMs, dKm));
    }
    // Without a destination, only the tool's verdict decides; with none, it stays undecided.
    boolean undecided = !reached && path.destination() == null && path.destinationReached() == null;
    return new PathAnalysis(path.source(), path.destination(), reached, distanceModel.name(),
        localDelayMs, out, undecided);
  }

  private static Optional<AddressClass> classify(String canonical) {
    try {
      return Optional.of(AddressClass.of(canonical));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // recorded as a name or garbage: no class, no flag
    }
  }

  /**
   * Index of the responder with most answers; then lowest min RTT (NaN last); then smallest text.
   * Independent of reply order. -1 when there is none.
   */
  private static int choosePrimary(String[] names, int[] counts, double[] mins, int distinct) {
    int best = -1;
    for (int k = 0; k < distinct; k++) {
      if (best < 0) {
        best = k;
        continue;
      }
      int c = Integer.compare(counts[k], counts[best]);
      if (c == 0) {
        double ma = mins[k];
        double mb = mins[best];
        c = Double.isNaN(ma) ? (Double.isNaN(mb) ? 0 : -1)
            : Double.isNaN(mb) ? 1 : Double.compare(mb, ma);
      }
      if (c == 0) {
        c = names[best].compareTo(names[k]);
      }
      if (c > 0) {
        best = k;
      }
    }
    return best;
  }

  private static void markRepeatsAndLoops(String[] primary, List<EnumSet<HopFlag>> flags) {
    String previous = null;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < primary.length; i++) {
      String p = primary[i];
      if (p == null) {
        continue;
      }
      if (p.equals(previous)) {
        flags.get(i).add(HopFlag.REPEATED_HOP);
      } else if (seen.contains(p)) {
        flags.get(i).add(HopFlag.ROUTING_LOOP);
      }
      seen.add(p);
      previous = p;
    }
  }

  /**
   * Step 3 of the rules: iterated robust isotonic fit. Returns the final fit per hop (NaN for hops
   * without an RTT; a removed outlier keeps the fit it was judged against).
   */
  private double[] fitAndFlagOutliers(double[] y, List<EnumSet<HopFlag>> flags) {
    int n = y.length;
    double[] expected = new double[n];
    Arrays.fill(expected, Double.NaN);
    int[] idx = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(y[i])) {
        idx[m++] = i;
      }
    }
    double[] vals = new double[m];
    while (m > 0) {
      for (int k = 0; k < m; k++) {
        vals[k] = y[idx[k]];
      }
      double[] f = IsotonicFit.fit(vals, m);
      int worst = -1;
      double worstRatio = 1.0;
      double worstResidual = 0;
      for (int k = 0; k < m; k++) {
        expected[idx[k]] = f[k];
        double r = vals[k] - f[k];
        double tol = r > 0 ? tolerance(spikeAbsoluteMs, spikeRelative, f[k])
            : tolerance(monotonicAbsoluteMs, monotonicRelative, f[k]);
        double ratio = Math.abs(r) / tol;
        // Strictly larger wins, so the lowest TTL wins a tie.
        if (ratio > worstRatio
            || (ratio == worstRatio && worst >= 0 && Math.abs(r) > Math.abs(worstResidual))) {
          worst = k;
          worstRatio = ratio;
          worstResidual = r;
        }
      }
      if (worst < 0) {
        break;
      }
      flags.get(idx[worst]).add(worstResidual > 0 ? HopFlag.RTT_SPIKE : HopFlag.NON_MONOTONIC);
      System.arraycopy(idx, worst + 1, idx, worst, m - worst - 1);
      m--;
    }
    return expected;
  }

  /** Step 4 of the rules; returns {deltaMs, deltaKm} for clean hops, null for the others. */
  private double[][] gradient(double[] y, List<EnumSet<HopFlag>> flags) {
    double[][] out = new double[y.length][];
    double highest = 0.0;
    double highestKm = 0.0;
    for (int i = 0; i < y.length; i++) {
      if (Double.isNaN(y[i]) || excluded(flags.get(i))) {
        continue;
      }
      if (y[i] < highest - tolerance(monotonicAbsoluteMs, monotonicRelative, highest)) {
        flags.get(i).add(HopFlag.NON_MONOTONIC);
        continue;
      }
      double km = Geodesy.clampDistanceKm(distanceModel.maxDistanceKm(y[i], localDelayMs));
      out[i] = new double[] {Math.max(0.0, y[i] - highest), Math.max(0.0, km - highestKm)};
      if (y[i] > highest) {
        highest = y[i];
      }
      if (km > highestKm) {
        highestKm = km;
      }
    }
    return out;
  }

  private static boolean excluded(Set<HopFlag> flags) {
    for (HopFlag f : flags) {
      if (f.excludesFromGradient()) {
        return true;
      }
    }
    return false;
  }

  private static double tolerance(double absoluteMs, double relative, double value) {
    return Math.max(absoluteMs, relative * value);
  }

  /** The distance model used for {@code delta_km}. */
  public DistanceModel distanceModel() {
    return distanceModel;
  }

  /** The vantage's access delay, ms, subtracted before RTT becomes distance. */
  public double localDelayMs() {
    return localDelayMs;
  }

  /** Absolute part of the spike tolerance, ms. */
  public double spikeAbsoluteMs() {
    return spikeAbsoluteMs;
  }

  /** Relative part of the spike tolerance (share of the fitted RTT). */
  public double spikeRelative() {
    return spikeRelative;
  }

  /** Absolute part of the monotonicity tolerance, ms. */
  public double monotonicAbsoluteMs() {
    return monotonicAbsoluteMs;
  }

  /** Relative part of the monotonicity tolerance. */
  public double monotonicRelative() {
    return monotonicRelative;
  }

  /** Distance step above which a clean hop is a {@code geographic_jump}, km. */
  public double geographicJumpKm() {
    return geographicJumpKm;
  }

  /** Builds a {@link HopAnalyzer}; each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private DistanceModel distanceModel = DistanceModel.FIBER_TWO_THIRDS;
    private double localDelayMs = 0.0;
    private double spikeAbsoluteMs = 5.0;
    private double spikeRelative = 0.25;
    private double monotonicAbsoluteMs = 5.0;
    private double monotonicRelative = 0.25;
    private double geographicJumpKm = 2000.0;

    private Builder() {}

    /** RTT-to-distance model for {@code delta_km}; default {@link DistanceModel#FIBER_TWO_THIRDS}. */
    public Builder distanceModel(DistanceModel model) {
      if (model == null) {
        throw new IllegalArgumentException("distance model cannot be null");
      }
      this.distanceModel = model;
      return this;
    }

    /** The vantage's own access delay in ms (default 0), subtracted before RTT becomes km. */
    public Builder localDelayMs(double ms) {
      this.localDelayMs = nonNegative("local delay (ms)", ms);
      return this;
    }

    /**
     * A hop is an {@code rtt_spike} when its min RTT exceeds the fit by more than
     * {@code max(absoluteMs, relative·fit)}. Default 5 ms and 0.25.
     */
    public Builder spikeTolerance(double absoluteMs, double relative) {
      checkTolerance("spike", absoluteMs, relative);
      this.spikeAbsoluteMs = absoluteMs;
      this.spikeRelative = relative;
      return this;
    }

    /**
     * A hop is {@code non_monotonic} when its min RTT is below the fit (or an earlier clean hop's)
     * by more than {@code max(absoluteMs, relative·reference)}. Default 5 ms and 0.25.
     */
    public Builder monotonicTolerance(double absoluteMs, double relative) {
      checkTolerance("monotonic", absoluteMs, relative);
      this.monotonicAbsoluteMs = absoluteMs;
      this.monotonicRelative = relative;
      return this;
    }

    /** Distance step in km above which a clean hop is a {@code geographic_jump}; default 2,000. */
    public Builder geographicJumpKm(double km) {
      if (!(km > 0) || Double.isInfinite(km)) {
        throw new IllegalArgumentException(
            "geographic jump threshold must be finite and > 0 km, got " + km);
      }
      this.geographicJumpKm = km;
      return this;
    }

    /** The analyzer. */
    public HopAnalyzer build() {
      return new HopAnalyzer(this);
    }

    private static void checkTolerance(String what, double absoluteMs, double relative) {
      if (!(absoluteMs > 0) || Double.isInfinite(absoluteMs)) {
        throw new IllegalArgumentException(
            what + " tolerance needs a finite absolute part > 0 ms, got " + absoluteMs);
      }
      if (!(relative >= 0 && relative <= 10)) {
        throw new IllegalArgumentException(
            what + " tolerance needs a relative part in [0, 10], got " + relative);
      }
    }

    private static double nonNegative(String what, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
      }
      return v;
    }
  }
}
