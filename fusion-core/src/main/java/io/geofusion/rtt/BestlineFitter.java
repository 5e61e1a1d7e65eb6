package io.geofusion.rtt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Fits CBG bestlines (Gueye et al. 2006) by linear programming.
 *
 * <p>The LP, over {@code m} (ms/km) and {@code b} (ms), for landmarks {@code (d_i, rtt_i)}:
 *
 * <pre>
 * minimise   Σ (rtt_i − m·d_i − b)        ⇔ maximise m·Σd_i + n·b
 * subject to m·d_i + b ≤ rtt_i  for all i  (on or below every landmark)
 *            m ≥ 1/k                        (no faster than the speed bound k km/ms)
 *            b ≥ 0
 * </pre>
 *
 * <p>solved with commons-math3's {@link SimplexSolver} in units of ms per 1000 km for numerical
 * balance, with only the landmarks on the lower convex hull of the (distance, RTT) points as
 * rows (the others cannot bind), then snapped so every landmark lies on or above the line exactly. The LP is
 * infeasible if a landmark is faster than the bound ({@code rtt_i < d_i/k}), which means its
 * position or RTT is wrong; the fitter either rejects the input naming the landmark (default) or
 * excludes such landmarks and reports them. The line is undetermined unless the landmarks span at
 * least two distinct distances; then the fitter throws and the documented fallback is {@link
 * Bestline#baseline(double)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class BestlineFitter {

  /** What to do with a landmark faster than the speed bound. */
  public enum ImpossibleLandmarks {
    /** Throw, naming the first such landmark. */
    REJECT,
    /** Leave them out of the fit and list them in {@link BestlineFit#excluded()}. */
    EXCLUDE
  }

  private static final BestlineFitter DEFAULTS =
      new BestlineFitter(DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0), ImpossibleLandmarks.REJECT);
  private static final double UNIT_KM = 1000.0;

  private final double maxKmPerRttMs;
  private final ImpossibleLandmarks policy;

  private BestlineFitter(double maxKmPerRttMs, ImpossibleLandmarks policy) {
    this.maxKmPerRttMs = maxKmPerRttMs;
    this.policy = policy;
  }

  /** Speed bound 2/3 c (≈ 99.93 km per RTT-ms), impossible landmarks rejected. */
  public static BestlineFitter defaults() {
    return DEFAULTS;
  }

  /**
   * A fitter with a speed bound and policy.
   *
   * @param maxKmPerRttMs the bound {@code k}: one-way km per RTT millisecond, in (0, c/2]
   * @param policy what to do with landmarks faster than {@code k}
   */
  public static BestlineFitter of(double maxKmPerRttMs, ImpossibleLandmarks policy) {
    if (!(maxKmPerRttMs > 0.0 && maxKmPerRttMs <= DistanceModel.C_KM_PER_MS / 2.0)) {
      throw new IllegalArgumentException("speed bound must be in (0, c/2 = 149.9] km per RTT-ms,"
          + " got " + maxKmPerRttMs);
    }
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    return new BestlineFitter(maxKmPerRttMs, policy);
  }

  public double maxKmPerRttMs() {
    return maxKmPerRttMs;
  }

  public ImpossibleLandmarks policy() {
    return policy;
  }

  /**
   * Fits the bestline.
   *
   * @throws IllegalArgumentException when fewer than two distinct landmark distances remain
   *     (fall back to {@link Bestline#baseline(double)}), or under {@link
   *     ImpossibleLandmarks#REJECT} when a landmark is faster than the bound
   */
  public BestlineFit fit(Collection<Landmark> landmarks) {
    double minSlope = 1.0 / maxKmPerRttMs;
    List<Landmark> used = new ArrayList<>(landmarks.size());
    List<Landmark> excluded = new ArrayList<>();
    for (Landmark l : landmarks) {
      if (l.minRttMs() < l.distanceKm() * minSlope) {
        if (policy == ImpossibleLandmarks.REJECT) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
              "landmark at %.1f km answered in %.3f ms, faster than the speed bound (needs >= %.3f"
                  + " ms at %.2f km/ms): its position or RTT is wrong; remove it or use"
                  + " ImpossibleLandmarks.EXCLUDE", l.distanceKm(), l.minRttMs(),
              l.distanceKm() * minSlope, maxKmPerRttMs));
        }
        excluded.add(l);
      } else {
        used.add(l);
      }
    }
    int n = used.size();
    double sumD = 0;
    double dMin = Double.POSITIVE_INFINITY;
    double dMax = Double.NEGATIVE_INFINITY;
    for (Landmark l : used) {
      sumD += l.distanceKm() / UNIT_KM;
      dMin = Math.min(dMin, l.distanceKm());
      dMax = Math.max(dMax, l.distanceKm());
    }
    if (n < 2 || !(dMax > dMin)) {
      throw new IllegalArgumentException("a bestline needs landmarks at two or more distinct"
          + " distances, got " + n + (n == 0 ? "" : " at " + (n == 1 ? "" : "one distance ")
          + dMin + " km") + (excluded.isEmpty() ? "" : " after excluding " + excluded.size()
          + " impossible") + "; use Bestline.baseline(k) as the fallback");
    }
    // Only the lower convex hull of the points can bind: a line on or below every hull vertex is
    // on or below the hull, hence below every point. Same LP, typically 10-20 rows instead of n.
    List<Landmark> hull = lowerHull(used);
    List<LinearConstraint> cs = new ArrayList<>(hull.size() + 1);
    for (Landmark l : hull) {
      cs.add(new LinearConstraint(new double[] {l.distanceKm() / UNIT_KM, 1.0}, Relationship.LEQ,
          l.minRttMs()));
    }
    cs.add(new LinearConstraint(new double[] {1.0, 0.0}, Relationship.GEQ, minSlope * UNIT_KM));
    PointValuePair p;
    try {
      p = new SimplexSolver().optimize(new MaxIter(10_000),
          new LinearObjectiveFunction(new double[] {sumD, n}, 0.0), new LinearConstraintSet(cs),
          GoalType.MAXIMIZE, new NonNegativeConstraint(true));
    } catch (NoFeasibleSolutionException | UnboundedSolutionException e) {
      // Cannot happen after the checks above (m = 1/k, b = 0 is feasible; d_max > 0 bounds m).
      throw new IllegalStateException("bestline LP failed on checked input: " + e.getMessage(), e);
    }
    double m = Math.max(p.getPoint()[0] / UNIT_KM, minSlope);
    double b = Math.max(0.0, p.getPoint()[1]);
    // Snap away solver round-off so no landmark lies below the line, as computed by
    // Bestline.rttMsAt (m·d + b in double). b goes down first; if it is 0, m goes down (m = 1/k,
    // b = 0 is feasible for every used landmark, checked above).
    for (int iter = 0; iter < 8; iter++) {
      double worst = 0;
      for (Landmark l : used) {
        worst = Math.min(worst, l.minRttMs() - (m * l.distanceKm() + b));
      }
      if (worst >= 0) {
        break;
      }
      if (b > 0) {
        b = Math.max(0.0, b + worst - 4 * Math.ulp(b));
      } else {
        for (Landmark l : used) {
          if (l.distanceKm() > 0 && m * l.distanceKm() > l.minRttMs()) {
            m = Math.max(minSlope, Math.nextDown(l.minRttMs() / l.distanceKm()));
          }
        }
      }
    }
    double gap = 0;
    for (Landmark l : used) {
      gap += Math.max(0.0, l.minRttMs() - (m * l.distanceKm() + b));
    }
    return new BestlineFit(new Bestline(m, b), n, excluded, gap);
  }

  /** Andrew's monotone chain, lower half, over (distance, RTT); keeps the lowest RTT per distance. */
  static List<Landmark> lowerHull(List<Landmark> points) {
    List<Landmark> sorted = new ArrayList<>(points);
    sorted.sort((a, b) -> a.distanceKm() != b.distanceKm()
        ? Double.compare(a.distanceKm(), b.distanceKm())
        : Double.compare(a.minRttMs(), b.minRttMs()));
    List<Landmark> h = new ArrayList<>();
    for (Landmark p : sorted) {
      if (!h.isEmpty() && h.get(h.size() - 1).distanceKm() == p.distanceKm()) {
        continue; // same distance, higher RTT: redundant
      }
      while (h.size() >= 2 && cross(h.get(h.size() - 2), h.get(h.size() - 1), p) <= 0) {
        h.remove(h.size() - 1);
      }
      h.add(p);
    }
    return h;
  }

  /** Cross product of (b − a) × (c − a): > 0 when a, b, c turn counter-clockwise. */
  private static double cross(Landmark a, Landmark b, Landmark c) {
    return (b.distanceKm() - a.distanceKm()) * (c.minRttMs() - a.minRttMs())
        - (b.minRttMs() - a.minRttMs()) * (c.distanceKm() - a.distanceKm());
  }
}
