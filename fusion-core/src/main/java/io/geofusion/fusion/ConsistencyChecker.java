package io.geofusion.fusion;

import java.util.Locale;

/**
 * Hard-bound consistency checks that need no grid (O(V) and O(M²) with M ≤ 32).
 *
 * <p><b>GeoIP vs RTT</b> ("too close to be where GeoIP says", the unforgeable direction: delay can
 * be added, never removed): vantage {@code v} contradicts the GeoIP answer when
 * {@code dist(v, g) − a > (1 + tol)·D_v + slack}, with {@code a} the 67 % accuracy radius and
 * {@code D_v} the hard RTT bound. {@code minViolations} vantages must contradict it (one
 * mislocated vantage must not be enough).
 *
 * <p><b>Anycast</b>: among the 32 vantages with the smallest bounds, two feasible disks are
 * disjoint when {@code dist(i, j) > (1 + tol)·(D_i + D_j) + 2·slack}. One wrong vantage makes every
 * disjoint pair share that vantage; anycast is flagged only when no single vantage covers all
 * disjoint pairs (the disjointness graph's vertex cover is ≥ 2).
 */
final class ConsistencyChecker {

  private static final int ANYCAST_CANDIDATES = 32;
  /** Vantages searched for vantage-disjoint pairs of disjoint disks. */
  static final int ANYCAST_WIDE_CANDIDATES = 256;
  /** Vantage-disjoint pairs of disjoint disks that flag anycast in the wide test. */
  static final int ANYCAST_MIN_PAIRS = 3;

  private ConsistencyChecker() {}

  /** Result of the GeoIP check: violating count and the worst ratio, with a sentence. */
  record GeoIpCheck(int violations, double worstRatio, String detail) {}

  static GeoIpCheck checkGeoIp(double[][] vunit, double[] bound, String[] ids, int n,
      double[] g, double accuracyKm, double tol, double slackKm) {
    int count = 0;
    double worst = 0.0;
    String detail = "";
    for (int v = 0; v < n; v++) {
      double d = SphereMath.distanceKm(vunit[v], g);
      double allowed = (1.0 + tol) * bound[v] + slackKm;
      double excess = d - accuracyKm - allowed;
      if (excess > 0.0) {
        count++;
        double ratio = (d - accuracyKm) / Math.max(allowed, 1e-9);
        if (ratio > worst) {
          worst = ratio;
          detail = String.format(Locale.ROOT,
              "vantage %s measured an RTT that bounds the target within %.0f km, but the GeoIP "
                  + "position is %.0f km away (accuracy radius %.0f km)",
              ids[v], bound[v], d, accuracyKm);
        }
      }
    }
    return new GeoIpCheck(count, worst, detail);
  }

  /** Result of the anycast check. */
  record AnycastCheck(boolean suspected, int disjointPairs, String detail) {}

  static AnycastCheck checkAnycast(double[][] vunit, double[] bound, String[] ids, int n,
      double tol, double slackKm, int minCover) {
    return checkAnycast(vunit, bound, bound, ids, n, tol, slackKm, minCover);
  }

  /**
   * As above, with the wide test on {@code soft} bounds (each ≤ the hard bound: where the
   * vantage's calibrated ρ reaches its 0.99 quantile), while the near test keeps the hard ones.
   */
  static AnycastCheck checkAnycast(double[][] vunit, double[] bound, double[] soft, String[] ids,
      int n, double tol, double slackKm, int minCover) {
    int m = Math.min(n, ANYCAST_WIDE_CANDIDATES);
    int[] idx = smallest(bound, ids, n, m);
    int near = Math.min(m, ANYCAST_CANDIDATES);
    int[] ea = new int[64];
    int[] eb = new int[64];
    int hardEdges = 0;
    int softEdges = 0;
    int nearEdges = 0;
    boolean[] matched = new boolean[n];
    int matching = 0;
    double worstGap = 0.0;
    String detail = "";
    double worstSoftGap = 0.0;
    String softDetail = "";
    // Disjoint ⇔ the angle between i and j exceeds α_i + α_j, α = ((1 + tol)·D + slack)/R; with
    // α_i + α_j < π that is dot(u_i, u_j) < cos α_i cos α_j − sin α_i sin α_j (no acos per pair).
    double[] ca = new double[m];
    double[] sa = new double[m];
    double[] al = new double[m];
    double[] cs = new double[m];
    double[] ss = new double[m];
    double[] as = new double[m];
    for (int a = 0; a < m; a++) {
      al[a] = ((1.0 + tol) * bound[idx[a]] + slackKm) / SphereMath.R_KM;
      ca[a] = Math.cos(al[a]);
      sa[a] = Math.sin(al[a]);
      as[a] = ((1.0 + tol) * Math.min(soft[idx[a]], bound[idx[a]]) + slackKm) / SphereMath.R_KM;
      cs[a] = Math.cos(as[a]);
      ss[a] = Math.sin(as[a]);
    }
    // Pairs in order of rank (a, b < near first), so the 32 nearest form a prefix of the edges.
    for (int b = 1; b < m; b++) {
      int j = idx[b];
      double[] uj = vunit[j];
      for (int a = 0; a < b; a++) {
        if (as[a] + as[b] >= Math.PI) {
          continue;
        }
        int i = idx[a];
        double[] ui = vunit[i];
        double dot = ui[0] * uj[0] + ui[1] * uj[1] + ui[2] * uj[2];
        if (dot >= cs[a] * cs[b] - ss[a] * ss[b]) {
          continue; // not even the soft disks are disjoint
        }
        softEdges++;
        if (!matched[i] && !matched[j]) {
          matched[i] = true;
          matched[j] = true;
          matching++;
        }
        double d = SphereMath.distanceKm(ui, uj);
        boolean hard = al[a] + al[b] < Math.PI && dot < ca[a] * ca[b] - sa[a] * sa[b];
        if (hard) {
          hardEdges++;
          if (b < near) {
            if (nearEdges == ea.length) {
              ea = java.util.Arrays.copyOf(ea, nearEdges * 2);
              eb = java.util.Arrays.copyOf(eb, nearEdges * 2);
            }
            ea[nearEdges] = i;
            eb[nearEdges] = j;
            nearEdges++;
          }
          double gap = d - ((1.0 + tol) * (bound[i] + bound[j]) + 2.0 * slackKm);
          if (gap > worstGap) {
            worstGap = gap;
            detail = pairDetail("bound", "", ids[i], ids[j], bound[i], bound[j], d);
          }
        } else {
          double gap = d - ((1.0 + tol) * (soft[i] + soft[j]) + 2.0 * slackKm);
          if (gap > worstSoftGap) {
            worstSoftGap = gap;
            softDetail = pairDetail("place", " (99 % of calibrated paths)", ids[i], ids[j],
                soft[i], soft[j], d);
          }
        }
      }
    }
    if (softEdges == 0) {
      return new AnycastCheck(false, 0, "");
    }
    String why = detail.isEmpty() ? softDetail : detail;
    if (minCover <= 1) {
      return new AnycastCheck(hardEdges > 0, hardEdges, detail);
    }
    // Is there one vantage incident to every disjoint pair among the nearest 32?
    boolean nearCover = nearEdges > 0 && !(coversAll(ea[0], ea, eb, nearEdges)
        || coversAll(eb[0], ea, eb, nearEdges));
    return new AnycastCheck(nearCover || matching >= ANYCAST_MIN_PAIRS, softEdges, why);
  }

  /**
   * The fewest hard-bound violations any candidate point has, among the 32 vantages with the
   * smallest bounds (a point violates vantage v when {@code dist > (1 + tol)·D_v + slack}).
   * Candidates are the posterior's final grid cells and the candidate vantages' own positions.
   * Two or more means no single location is consistent with all but one vantage: anycast (or
   * several mislocated vantages). Returns {fewest, index of its candidate}.
   */
  static int fewestViolations(double[][] vunit, double[] bound, String[] ids, int n, double tol,
      double slackKm, Posterior g) {
    int m = Math.min(n, ANYCAST_CANDIDATES);
    int[] idx = smallest(bound, ids, n, m);
    double[] cosLim = new double[m];
    double[][] u = new double[m][];
    for (int a = 0; a < m; a++) {
      double lim = ((1.0 + tol) * bound[idx[a]] + slackKm) / SphereMath.R_KM;
      cosLim[a] = lim >= Math.PI ? -2.0 : Math.cos(lim);
      u[a] = vunit[idx[a]];
    }
    int best = Integer.MAX_VALUE;
    for (int k = 0; k < g.cells && best > 0; k++) {
      best = Math.min(best, violations(g.ux[k], g.uy[k], g.uz[k], u, cosLim, m, best));
    }
    for (int a = 0; a < m && best > 0; a++) {
      best = Math.min(best, violations(u[a][0], u[a][1], u[a][2], u, cosLim, m, best));
    }
    return best == Integer.MAX_VALUE ? 0 : best;
  }

  private static int violations(double x, double y, double z, double[][] u, double[] cosLim,
      int m, int stopAt) {
    int c = 0;
    for (int a = 0; a < m && c < stopAt; a++) {
      if (x * u[a][0] + y * u[a][1] + z * u[a][2] < cosLim[a]) {
        c++;
      }
    }
    return c;
  }

  private static String pairDetail(String verb, String qualifier, String a, String b,
      double da, double db, double d) {
    return String.format(Locale.ROOT,
        "vantages %s and %s %s the target within %.0f km and %.0f km of themselves%s but are "
            + "%.0f km apart", a, b, verb, da, db, qualifier, d);
  }

  private static boolean coversAll(int v, int[] ea, int[] eb, int edges) {
    for (int e = 0; e < edges; e++) {
      if (ea[e] != v && eb[e] != v) {
        return false;
      }
    }
    return true;
  }

  private static int[] smallest(double[] bound, String[] ids, int n, int m) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> {
      int c = Double.compare(bound[x], bound[y]);
      return c != 0 ? c : ids[x].compareTo(ids[y]);
    });
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = order[i];
    }
    return out;
  }
}
