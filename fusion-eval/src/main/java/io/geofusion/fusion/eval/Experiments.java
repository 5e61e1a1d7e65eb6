package io.geofusion.fusion.eval;

import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Derived ground truth for the inconsistency and anycast figures of docs/evaluation.md.
 * Deterministic for a given seed.
 */
public final class Experiments {

  /** Minimum distance between the two sites of a synthetic anycast target, km. */
  public static final double ANYCAST_MIN_SEPARATION_KM = 3000.0;

  private Experiments() {}

  /** Every target with its true position as GeoIP (accuracy radius {@code radiusKm}). */
  public static List<GroundTruthTarget> trueGeoIp(List<GroundTruthTarget> ts, double radiusKm) {
    List<GroundTruthTarget> out = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      if (t.truth() != null) {
        out.add(t.withGeoIp(GeoIpEvidence.of(t.truth(), radiusKm)));
      }
    }
    return out;
  }

  /**
   * Every target with a false GeoIP: another (random, seeded) target's true position, accuracy
   * radius {@code radiusKm}.
   */
  public static List<GroundTruthTarget> falseGeoIp(List<GroundTruthTarget> ts, double radiusKm,
      long seed) {
    List<GroundTruthTarget> withTruth = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      if (t.truth() != null) {
        withTruth.add(t);
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<GroundTruthTarget> out = new ArrayList<>();
    int n = withTruth.size();
    for (int i = 0; i < n && n > 1; i++) {
      int j = rnd.nextInt(n - 1);
      if (j >= i) {
        j++;
      }
      out.add(withTruth.get(i).withGeoIp(GeoIpEvidence.of(withTruth.get(j).truth(), radiusKm)));
    }
    return out;
  }

  /**
   * Radius of the tightest feasible disk of a target: the smallest hard bound
   * {@code min_rtt·(2/3)c/2} over its vantages, km (infinite without vantages).
   */
  public static double feasibleRadiusKm(GroundTruthTarget t) {
    double best = Double.POSITIVE_INFINITY;
    for (VantageObservation v : t.vantages()) {
      best = Math.min(best, Math.max(0.0, v.minRttMs() - v.localDelayMs())
          * io.geofusion.rtt.DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(1.0));
    }
    return best;
  }

  /**
   * A synthetic anycast target.
   *
   * @param target the merged target (no truth: it has two sites)
   * @param bothSitesVisible whether each site gives the smaller RTT for at least 2 of the 12
   *     lowest-RTT vantages: otherwise one site hides the other from every nearby vantage and
   *     no RTT-based method can see two sites
   */
  public record AnycastCase(GroundTruthTarget target, boolean bothSitesVisible) {}

  /**
   * How the engine did on the synthetic anycast targets.
   *
   * @param cases synthetic anycast targets scored
   * @param flagged of those, the ones with an {@code anycast} alert
   * @param bothSitesVisible cases whose two sites are both visible ({@link
   *     AnycastCase#bothSitesVisible()})
   * @param bothSitesVisibleFlagged of those, the ones with an {@code anycast} alert
   */
  public record AnycastOutcome(int cases, int flagged, int bothSitesVisible,
      int bothSitesVisibleFlagged) {

    /**
     * The outcome of {@code cases} scored in {@code report} (score {@code i} is case {@code i}).
     */
    public static AnycastOutcome of(List<AnycastCase> cases, EvalReport report) {
      int flagged = 0;
      int visible = 0;
      int visibleFlagged = 0;
      for (int i = 0; i < cases.size(); i++) {
        boolean f = report.scores().get(i).result().hasAlert(FusionAlert.Type.ANYCAST);
        flagged += f ? 1 : 0;
        if (cases.get(i).bothSitesVisible()) {
          visible++;
          visibleFlagged += f ? 1 : 0;
        }
      }
      return new AnycastOutcome(cases.size(), flagged, visible, visibleFlagged);
    }
  }

  /**
   * Synthetic anycast targets: for {@code count} random pairs of targets at least
   * {@link #ANYCAST_MIN_SEPARATION_KM} apart, the per-vantage minimum of their RTTs (vantages
   * present in both, the two sites themselves excluded).
   */
  public static List<AnycastCase> anycast(List<GroundTruthTarget> ts, int count, long seed) {
    List<GroundTruthTarget> withTruth = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      if (t.truth() != null && !t.vantages().isEmpty()) {
        withTruth.add(t);
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<AnycastCase> out = new ArrayList<>();
    int n = withTruth.size();
    int attempts = 0;
    while (out.size() < count && n > 1 && attempts++ < count * 100) {
      GroundTruthTarget a = withTruth.get(rnd.nextInt(n));
      GroundTruthTarget b = withTruth.get(rnd.nextInt(n));
      if (a == b || Geodesy.distanceKm(a.truth(), b.truth()) < ANYCAST_MIN_SEPARATION_KM) {
        continue;
      }
      Map<String, VantageObservation> bv = new HashMap<>();
      for (VantageObservation v : b.vantages()) {
        bv.put(v.id(), v);
      }
      List<VantageObservation> merged = new ArrayList<>();
      List<double[]> site = new ArrayList<>();
      for (VantageObservation v : a.vantages()) {
        VantageObservation w = bv.get(v.id());
        if (w == null || v.id().equals(a.target()) || v.id().equals(b.target())) {
          continue;
        }
        boolean fromA = v.minRttMs() <= w.minRttMs();
        merged.add(fromA ? v : w);
        site.add(new double[] {Math.min(v.minRttMs(), w.minRttMs()), fromA ? 0 : 1});
      }
      site.sort((x, y) -> Double.compare(x[0], y[0]));
      int ca = 0;
      int cb = 0;
      for (int i = 0; i < Math.min(12, site.size()); i++) {
        if (site.get(i)[1] == 0) {
          ca++;
        } else {
          cb++;
        }
      }
      LatLon none = null;
      out.add(new AnycastCase(new GroundTruthTarget("anycast(" + a.target() + "+" + b.target()
          + ")", none, merged, null), ca >= 2 && cb >= 2));
    }
    return out;
  }
}
