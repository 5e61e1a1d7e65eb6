package io.geofusion.fusion;

import java.util.ArrayList;
import java.util.Arrays;
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
 * Uses the grid cells themselves when there are at most 64, otherwise cells merged into the
 * finest lat/lon bins (0.5° to 90°) that give at most 64, so every mode is represented. One
 * instance per call.
 */
final class MixtureFitter {

  static final int MAX_K = 4;
  private static final int MAX_CELLS = 64;
  private static final int MAX_ITER = 20;

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

  MixtureFitter(Posterior g) {
    int n = g.cells;
    double[] wx;
    double[] wy;
    double[] wz;
    double[] ww;
    double[] wv;
    if (n <= MAX_CELLS) {
      wx = g.ux;
      wy = g.uy;
      wz = g.uz;
      ww = g.weight;
      wv = new double[n];
      for (int k = 0; k < n; k++) {
        double side = 2.0 * g.halfKm[k];
        wv[k] = side * side / 12.0;
      }
    } else {
      // Aggregate into lat/lon bins, as fine as possible with at most MAX_CELLS non-empty bins,
      // so that every mode of the posterior is represented (the top-N cells would keep only the
      // heaviest mode).
      double[][] agg = null;
      // Start near the size at which MAX_CELLS bins could cover the leaves' area.
      double areaKm2 = 0.0;
      for (int k = 0; k < n; k++) {
        if (g.weight[k] >= 1e-9) {
          areaKm2 += 4.0 * g.halfKm[k] * g.halfKm[k];
        }
      }
      double startDeg = Math.sqrt(areaKm2 / MAX_CELLS) / 111.2 / 2.0;
      for (double bin : new double[] {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0, 90.0}) {
        if (bin < 90.0 && bin * 2.0 < startDeg) {
          continue;
        }
        agg = aggregate(g, bin);
        if (agg[0].length <= MAX_CELLS) {
          break;
        }
      }
      wx = agg[0];
      wy = agg[1];
      wz = agg[2];
      ww = agg[3];
      wv = agg[4];
    }
    m = wx.length;
    px = Arrays.copyOf(wx, m);
    py = Arrays.copyOf(wy, m);
    pz = Arrays.copyOf(wz, m);
    w = new double[m];
    double sum = 0.0;
    double var = 0.0;
    for (int i = 0; i < m; i++) {
      w[i] = ww[i];
      sum += w[i];
      var += w[i] * wv[i];
    }
    for (int i = 0; i < m; i++) {
      w[i] = sum > 0.0 ? w[i] / sum : 1.0 / m;
    }
    cellVar = sum > 0.0 ? var / sum : 0.0;
    ex = new double[m];
    ey = new double[m];
  }

  /**
   * Cells merged per lat/lon bin of {@code binDeg}: {x, y, z, weight, within-variance km²} with
   * the mean direction normalised; cells under 1e-9 of the mass are dropped.
   */
  private static double[][] aggregate(Posterior g, double binDeg) {
    java.util.HashMap<Long, double[]> bins = new java.util.HashMap<>();
    long cols = (long) Math.ceil(360.0 / binDeg) + 1;
    for (int k = 0; k < g.cells; k++) {
      if (g.weight[k] < 1e-9) {
        continue;
      }
      long r = (long) Math.floor((g.latC[k] + 90.0) / binDeg);
      long c = (long) Math.floor((g.lonC[k] + 180.0) / binDeg);
      double[] a = bins.computeIfAbsent(r * cols + c, key -> new double[5]);
      if (bins.size() > MAX_CELLS && binDeg < 90.0) {
        return new double[5][MAX_CELLS + 1]; // too many bins: the caller tries a coarser size
      }
      double wk = g.weight[k];
      double side = 2.0 * g.halfKm[k];
      a[0] += wk * g.ux[k];
      a[1] += wk * g.uy[k];
      a[2] += wk * g.uz[k];
      a[3] += wk;
      a[4] += wk * side * side / 12.0;
    }
    int n = bins.size();
    double[][] out = new double[5][n];
    int i = 0;
    for (double[] a : bins.values()) {
      double norm = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
      out[0][i] = a[0] / norm;
      out[1][i] = a[1] / norm;
      out[2][i] = a[2] / norm;
      out[3][i] = a[3];
      // Spread of the merged cells around their mean, per axis: R²(1 − |mean|) ≈ E|p − m|²/2.
      double spread = SphereMath.R_KM * SphereMath.R_KM * (1.0 - norm / a[3]);
      out[4][i] = a[4] / a[3] + Math.max(0.0, spread);
      i++;
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
