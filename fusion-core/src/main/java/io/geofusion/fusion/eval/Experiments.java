package io.geofusion.fusion.eval;

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
 * Derived ground truth for the inconsistency and anycast figures of issue 3. Deterministic for a
 * given seed.
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
   * Synthetic anycast targets: for {@code count} random pairs of targets at least
   * {@link #ANYCAST_MIN_SEPARATION_KM} apart, the per-vantage minimum of their RTTs (vantages
   * present in both, the two sites themselves excluded). Truth is unset (two sites).
   */
  public static List<GroundTruthTarget> anycast(List<GroundTruthTarget> ts, int count,
      long seed) {
    List<GroundTruthTarget> withTruth = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      if (t.truth() != null && !t.vantages().isEmpty()) {
        withTruth.add(t);
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<GroundTruthTarget> out = new ArrayList<>();
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
      for (VantageObservation v : a.vantages()) {
        VantageObservation w = bv.get(v.id());
        if (w == null || v.id().equals(a.target()) || v.id().equals(b.target())) {
          continue;
        }
        merged.add(v.minRttMs() <= w.minRttMs() ? v : w);
      }
      LatLon none = null;
      out.add(new GroundTruthTarget("anycast(" + a.target() + "+" + b.target() + ")", none,
          merged, null));
    }
    return out;
  }
}
