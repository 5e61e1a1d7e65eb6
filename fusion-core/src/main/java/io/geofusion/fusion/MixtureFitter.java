package io.geofusion.fusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted EM for a Gaussian mixture over grid cells on the sphere, K = 1..4 chosen by BIC.
 *
 * <p>Each component lives in the azimuthal-equidistant plane tangent at its own mean (distances
 * and bearings from the mean are exact on the sphere), so modes on different continents are each
 * fitted without projection distortion. Cells are weighted samples; the sample size used by BIC is
 * the effective size {@code n_eff = 1/Σw²} of the normalised weights; BIC =
 * {@code −2·n_eff·Σ w_i ln p(x_i) + (6K − 1)·ln n_eff}. Each cell adds its own within-cell variance
 * {@code side²/12} per axis, and variances are floored at 1 km². Initialisation is deterministic
 * (heaviest cell, then k-means++-style farthest weighted cells), so results are reproducible.
 * Uses at most the 128 heaviest cells (renormalised). One instance per call.
 */
final class MixtureFitter {

  static final int MAX_K = 4;
  private static final int MAX_CELLS = 128;
  private static final int MAX_ITER = 30;

  private final int m;
  private final double[] px;
  private final double[] py;
  private final double[] pz;
  private final double[] w;
  private final double cellVar;
  // Scratch.
  private final double[] ex;
  private final double[] ey;

  /** A fitted component: unit-vector mean, weight, covariance (east/north km²). */
  static final class Comp {
    double mx;
    double my;
    double mz;
    double weight;
    double see;
    double sen;
    double snn;
  }

  MixtureFitter(GridPosterior g) {
    int n = g.cells;
    int[] idx = topIndices(g.weight, n, MAX_CELLS);
    m = idx.length;
    px = new double[m];
    py = new double[m];
    pz = new double[m];
    w = new double[m];
    double sum = 0.0;
    double var = 0.0;
    for (int i = 0; i < m; i++) {
      int k = idx[i];
      px[i] = g.ux[k];
      py[i] = g.uy[k];
      pz[i] = g.uz[k];
      w[i] = g.weight[k];
      sum += w[i];
      double side = 2.0 * g.halfKm[k];
      var += w[i] * side * side / 12.0;
    }
    for (int i = 0; i < m; i++) {
      w[i] = sum > 0.0 ? w[i] / sum : 1.0 / m;
    }
    cellVar = sum > 0.0 ? var / sum : 0.0;
    ex = new double[m];
    ey = new double[m];
  }

  private static int[] topIndices(double[] weight, int n, int limit) {
    if (n <= limit) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    // Partial selection: keep the `limit` heaviest (simple threshold search, O(n·log)).
    double[] sorted = java.util.Arrays.copyOf(weight, n);
    java.util.Arrays.sort(sorted);
    double threshold = sorted[n - limit];
    int[] out = new int[limit];
    int j = 0;
    for (int i = 0; i < n && j < limit; i++) {
      if (weight[i] > threshold) {
        out[j++] = i;
      }
    }
    for (int i = 0; i < n && j < limit; i++) {
      if (weight[i] == threshold) {
        out[j++] = i;
      }
    }
    return out;
  }

  /** Fits K = 1..4 and returns the BIC-best components, heaviest first. */
  List<Comp> fit() {
    double sw2 = 0.0;
    for (int i = 0; i < m; i++) {
      sw2 += w[i] * w[i];
    }
    double neff = Math.max(1.0, 1.0 / sw2);
    List<Comp> best = null;
    double bestBic = Double.POSITIVE_INFINITY;
    int kmax = Math.min(MAX_K, m);
    for (int k = 1; k <= kmax; k++) {
      Comp[] comps = init(k);
      double ll = em(comps);
      double bic = -2.0 * neff * ll + (6.0 * k - 1.0) * Math.log(neff);
      if (bic < bestBic - 1e-9) {
        bestBic = bic;
        best = new ArrayList<>(List.of(comps));
      }
    }
    best.removeIf(c -> !(c.weight > 0.0));
    best.sort((a, b) -> Double.compare(b.weight, a.weight));
    double s = 0.0;
    for (Comp c : best) {
      s += c.weight;
    }
    for (Comp c : best) {
      c.weight /= s;
    }
    return best;
  }

  private Comp[] init(int k) {
    Comp[] comps = new Comp[k];
    double[] minD2 = new double[m];
    java.util.Arrays.fill(minD2, Double.POSITIVE_INFINITY);
    int first = 0;
    for (int i = 1; i < m; i++) {
      if (w[i] > w[first]) {
        first = i;
      }
    }
    int chosen = first;
    for (int c = 0; c < k; c++) {
      Comp comp = new Comp();
      comp.mx = px[chosen];
      comp.my = py[chosen];
      comp.mz = pz[chosen];
      comp.weight = 1.0 / k;
      comps[c] = comp;
      int next = -1;
      double bestScore = -1.0;
      for (int i = 0; i < m; i++) {
        double dx = px[i] - comp.mx;
        double dy = py[i] - comp.my;
        double dz = pz[i] - comp.mz;
        minD2[i] = Math.min(minD2[i], dx * dx + dy * dy + dz * dz);
        double score = w[i] * minD2[i];
        if (score > bestScore) {
          bestScore = score;
          next = i;
        }
      }
      chosen = next < 0 ? first : next;
    }
    // Initial covariance: the overall spread, isotropic.
    for (Comp comp : comps) {
      double s2 = 0.0;
      project(comp);
      for (int i = 0; i < m; i++) {
        s2 += w[i] * (ex[i] * ex[i] + ey[i] * ey[i]) / 2.0;
      }
      s2 = Math.max(s2 / (k * k), 1.0) + cellVar;
      comp.see = s2;
      comp.snn = s2;
      comp.sen = 0.0;
    }
    return comps;
  }

  /** Azimuthal-equidistant coordinates (km, east/north) of every cell around comp's mean. */
  private void project(Comp c) {
    double lat = Math.asin(Math.max(-1.0, Math.min(1.0, c.mz)));
    double lon = Math.atan2(c.my, c.mx);
    double el = -Math.sin(lon);
    double em = Math.cos(lon);
    double nl = -Math.sin(lat) * Math.cos(lon);
    double nm = -Math.sin(lat) * Math.sin(lon);
    double nn = Math.cos(lat);
    for (int i = 0; i < m; i++) {
      double dot = px[i] * c.mx + py[i] * c.my + pz[i] * c.mz;
      double theta = SphereMath.fastAcos(dot);
      double e = px[i] * el + py[i] * em;
      double n = px[i] * nl + py[i] * nm + pz[i] * nn;
      double len = Math.sqrt(e * e + n * n);
      if (len < 1e-15) {
        ex[i] = 0.0;
        ey[i] = 0.0;
      } else {
        double f = SphereMath.R_KM * theta / len;
        ex[i] = e * f;
        ey[i] = n * f;
      }
    }
  }

  private double em(Comp[] comps) {
    int k = comps.length;
    double[][] resp = new double[k][m];
    double prevLl = Double.NEGATIVE_INFINITY;
    double ll = 0.0;
    for (int iter = 0; iter < MAX_ITER; iter++) {
      // E step.
      double[] total = new double[m];
      for (int c = 0; c < k; c++) {
        Comp comp = comps[c];
        project(comp);
        double det = Math.max(comp.see * comp.snn - comp.sen * comp.sen, 1e-12);
        double ia = comp.snn / det;
        double ib = -comp.sen / det;
        double id = comp.see / det;
        double norm = comp.weight / (2.0 * Math.PI * Math.sqrt(det));
        for (int i = 0; i < m; i++) {
          double x = ex[i];
          double y = ey[i];
          double q = ia * x * x + 2.0 * ib * x * y + id * y * y;
          double p = norm * Math.exp(-0.5 * q);
          resp[c][i] = p;
          total[i] += p;
        }
      }
      ll = 0.0;
      for (int i = 0; i < m; i++) {
        double t = total[i] > 1e-300 ? total[i] : 1e-300;
        ll += w[i] * Math.log(t);
        for (int c = 0; c < k; c++) {
          resp[c][i] = total[i] > 1e-300 ? resp[c][i] / t : 1.0 / k;
        }
      }
      if (Math.abs(ll - prevLl) < 1e-7) {
        break;
      }
      prevLl = ll;
      // M step.
      for (int c = 0; c < k; c++) {
        Comp comp = comps[c];
        double sw = 0.0;
        double sx = 0.0;
        double sy = 0.0;
        double sz = 0.0;
        for (int i = 0; i < m; i++) {
          double r = w[i] * resp[c][i];
          sw += r;
          sx += r * px[i];
          sy += r * py[i];
          sz += r * pz[i];
        }
        comp.weight = sw;
        double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
        if (!(sw > 1e-12) || !(norm > 0.0)) {
          comp.weight = 0.0;
          continue;
        }
        comp.mx = sx / norm;
        comp.my = sy / norm;
        comp.mz = sz / norm;
        project(comp);
        double see = 0.0;
        double sen = 0.0;
        double snn = 0.0;
        for (int i = 0; i < m; i++) {
          double r = w[i] * resp[c][i];
          see += r * ex[i] * ex[i];
          sen += r * ex[i] * ey[i];
          snn += r * ey[i] * ey[i];
        }
        comp.see = Math.max(see / sw + cellVar, 1.0);
        comp.snn = Math.max(snn / sw + cellVar, 1.0);
        double lim = Math.sqrt(comp.see * comp.snn) * 0.999;
        comp.sen = Math.max(-lim, Math.min(lim, sen / sw));
      }
    }
    return ll;
  }
}
