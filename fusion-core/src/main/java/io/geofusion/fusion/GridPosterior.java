package io.geofusion.fusion;

import java.util.Arrays;
import org.apache.commons.math3.util.KthSelector;

/**
 * The posterior on a coarse-to-fine latitude/longitude quadtree, evaluated by branch and bound.
 *
 * <p>Level 0 has 20° cells (162 cells); each level halves the cell side. A cell's mass is its
 * posterior density at the centre times its exact area {@code R²·Δλ·(sin φ₂ − sin φ₁)}, so cells
 * are weighted in equal-area terms. For every cell an upper bound of the log-density over the cell
 * is computed from its radius {@code h} (the distance from its centre to its farthest corner): for
 * an RTT vantage the Beta-plus-floor likelihood is unimodal in ρ, so its maximum over
 * {@code [(d − h)/S, (d + h)/S]} is at the mode clamped into that range. A cell is refined only if
 * its bound, in log-mass, is within {@link #pruneNats} of the best cell's centre value; pruned cells
 * keep no mass (each dropped cell holds at most e^−12 ≈ 6e−6 of the best cell's mass).
 * Refinement stops at {@code finestDeg}, or when the cells are both finer than 1/8 of the
 * posterior's spread and smooth (bound minus centre value below 1 nat in every surviving cell).
 * When more than {@code maxCells/4} cells survive, the ones with the largest bounds are refined
 * (best first) and the others stay as coarse leaves: the posterior is the set of leaves of an
 * adaptive quadtree, each weighted by its own area.
 *
 * <p>One instance per call; not thread-safe (the engine creates one per {@code fuse}).
 * {@link #compute} returns the result as an immutable {@link Posterior}.
 */
final class GridPosterior {

  static final double LEVEL0_DEG = 20.0;
  private static final double CORNER_MARGIN = 1.02;
  static final double SMOOTH_NATS = 1.0;
  /** Share of a level's mass that pruning may drop (summed upper bounds). */
  static final double DROP_SHARE = 1e-3;
  /** Stateless (median-of-three pivots), so one instance serves every thread. */
  private static final KthSelector SELECTOR = new KthSelector();

  private final RttTable table;
  private final int n;
  private final double[] vx;
  private final double[] vy;
  private final double[] vz;
  private final double[] invS;
  private final int[] bin;
  private final double temperature;
  private final Layer[] layers;
  private final double pruneNats;
  private final double finestDeg;
  private final int maxCells;
  private final double slack2;
  // Far vantages (beyond the nearest): only the lower side of their likelihood, weighted.
  private double[] fx = new double[0];
  private double[] fy = new double[0];
  private double[] fz = new double[0];
  private double[] fInvS = new double[0];
  private int[] fBin = new int[0];
  private double[] fModeLog = new double[0];
  private double[] fCosMode = new double[0];
  private int nf;
  private double farWeight;

  private int levels;
  private int evaluated;
  // Per-level geometry caches (NaN = not computed yet).
  private double[] rowCos = new double[0];
  private double[] rowSin = new double[0];
  private double[] rowH = new double[0];
  private double[] rowArea = new double[0];
  private double[] rowLogArea = new double[0];
  private double[] colCos = new double[0];
  private double[] colSin = new double[0];
  // Leaves of the adaptive quadtree, accumulated over levels.
  private int leaves;
  private double[] leafLat = new double[0];
  private double[] leafLon = new double[0];
  private double[] leafX = new double[0];
  private double[] leafY = new double[0];
  private double[] leafZ = new double[0];
  private double[] leafH = new double[0];
  private double[] leafLog = new double[0];

  GridPosterior(RttTable table, double[] vx, double[] vy, double[] vz, double[] invS, int[] bin,
      int n, double temperature, Layer[] layers, double pruneNats, double finestDeg,
      int maxCells) {
    this.table = table;
    this.slack2 = table.model.slackKm() * table.model.slackKm();
    this.vx = vx;
    this.vy = vy;
    this.vz = vz;
    this.invS = invS;
    this.bin = bin;
    this.n = n;
    this.temperature = temperature;
    this.layers = layers;
    this.pruneNats = pruneNats;
    this.finestDeg = finestDeg;
    this.maxCells = maxCells;
  }

  /** Spacing of the lattice on which the far vantages' term is evaluated, degrees. */
  static final double FAR_LATTICE_DEG = 5.0;

  /**
   * Adds vantages that contribute only the lower side of their likelihood ("too close for this
   * RTT"): at a point where vantage v's scaled distance ρ is below its mode, {@code weight ·
   * (ln L_v(ρ) − ln L_v(mode))}; nothing at or beyond the mode. Applied to the leaves after the
   * refinement (the term only lowers the density, so the bounds stay valid), evaluated on a
   * {@value #FAR_LATTICE_DEG}° lattice and interpolated bilinearly: it is a sum of many broad,
   * shallow terms (each at most {@code weight · 2.2} nats).
   */
  void farVantages(double[] x, double[] y, double[] z, double[] invS, int[] bins, int count,
      double weight) {
    this.fx = x;
    this.fy = y;
    this.fz = z;
    this.fInvS = invS;
    this.fBin = bins;
    this.nf = count;
    this.farWeight = weight;
    // Per vantage: ln L at its mode, and the cosine of the distance at which ρ reaches the mode
    // (nearer points have ρ below it); > 1 when even ρ(0) = slack/(D + slack) is past the mode.
    fModeLog = new double[count];
    fCosMode = new double[count];
    for (int v = 0; v < count; v++) {
      double m = table.mode[bins[v]];
      fModeLog[v] = table.logLik(bins[v], m);
      double dm2 = (m / invS[v]) * (m / invS[v]) - slack2;
      fCosMode[v] = dm2 <= 0.0 ? 2.0
          : Math.cos(Math.min(Math.PI, Math.sqrt(dm2) / SphereMath.R_KM));
    }
  }

  /** Σ over far vantages of min(0, ln L(ρ) − ln L(mode)) at a unit vector. */
  private double farTerm(double x, double y, double z) {
    double sum = 0.0;
    for (int v = 0; v < nf; v++) {
      double dot = x * fx[v] + y * fy[v] + z * fz[v];
      if (dot <= fCosMode[v]) {
        continue; // at or beyond the mode distance: no cost
      }
      int b = fBin[v];
      double d = SphereMath.R_KM * SphereMath.fastAcos(dot);
      double rho = Math.sqrt(d * d + slack2) * fInvS[v];
      if (rho < table.mode[b]) {
        sum += table.logLik(b, rho) - fModeLog[v];
      }
    }
    return sum;
  }

  private void applyFarVantages(int count) {
    if (nf == 0 || farWeight == 0.0) {
      return;
    }
    int rows = (int) Math.round(180.0 / FAR_LATTICE_DEG) + 1;
    int cols = (int) Math.round(360.0 / FAR_LATTICE_DEG) + 1;
    double[] node = new double[rows * cols];
    Arrays.fill(node, Double.NaN);
    double scale = temperature * farWeight;
    for (int k = 0; k < count; k++) {
      double fr = (leafLat[k] + 90.0) / FAR_LATTICE_DEG;
      double fc = (leafLon[k] + 180.0) / FAR_LATTICE_DEG;
      int r0 = Math.max(0, Math.min(rows - 2, (int) fr));
      int c0 = Math.max(0, Math.min(cols - 2, (int) fc));
      double tr = fr - r0;
      double tc = fc - c0;
      double v00 = farNode(node, cols, r0, c0);
      double v01 = farNode(node, cols, r0, c0 + 1);
      double v10 = farNode(node, cols, r0 + 1, c0);
      double v11 = farNode(node, cols, r0 + 1, c0 + 1);
      leafLog[k] += scale * ((1.0 - tr) * ((1.0 - tc) * v00 + tc * v01)
          + tr * ((1.0 - tc) * v10 + tc * v11));
    }
  }

  private double farNode(double[] node, int cols, int r, int c) {
    int i = r * cols + c;
    double v = node[i];
    if (Double.isNaN(v)) {
      double phi = (r * FAR_LATTICE_DEG - 90.0) * SphereMath.DEG;
      double lam = (c * FAR_LATTICE_DEG - 180.0) * SphereMath.DEG;
      double cp = Math.cos(phi);
      v = farTerm(cp * Math.cos(lam), cp * Math.sin(lam), Math.sin(phi));
      node[i] = v;
    }
    return v;
  }

  /** Evaluates the quadtree; call once. */
  Posterior compute() {
    leaves = 0;
    double size = LEVEL0_DEG;
    int rows = (int) Math.round(180.0 / size);
    int cols = (int) Math.round(360.0 / size);
    int count = rows * cols;
    double[] latLo = new double[count];
    double[] lonLo = new double[count];
    for (int r = 0, k = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++, k++) {
        latLo[k] = -90.0 + r * size;
        lonLo[k] = -180.0 + c * size;
      }
    }
    double[] logMass = new double[0];
    double[] ubMass = new double[0];
    double[] cx = new double[0];
    double[] cy = new double[0];
    double[] cz = new double[0];
    double[] hk = new double[0];
    double[] area = new double[0];
    levels = 0;
    evaluated = 0;
    while (true) {
      levels++;
      evaluated += count;
      logMass = ensure(logMass, count);
      ubMass = ensure(ubMass, count);
      cx = ensure(cx, count);
      cy = ensure(cy, count);
      cz = ensure(cz, count);
      hk = ensure(hk, count);
      area = ensure(area, count);
      double best = Double.NEGATIVE_INFINITY;
      double half = size / 2.0;
      boolean lastLevel = size / 2.0 < finestDeg * 0.999;
      int nRows = (int) Math.round(180.0 / size) + 1;
      int nCols = (int) Math.round(360.0 / size) + 1;
      rowCos = nanArray(rowCos, nRows);
      rowSin = nanArray(rowSin, nRows);
      rowH = nanArray(rowH, nRows);
      rowArea = nanArray(rowArea, nRows);
      rowLogArea = nanArray(rowLogArea, nRows);
      colCos = nanArray(colCos, nCols);
      colSin = nanArray(colSin, nCols);
      for (int k = 0; k < count; k++) {
        // Geometry depends only on the cell's row (latitude) and column (longitude): cached per
        // level, so the inner loop does no trigonometry.
        int row = (int) Math.round((latLo[k] + 90.0) / size);
        int col = (int) Math.round((lonLo[k] + 180.0) / size);
        if (Double.isNaN(rowCos[row])) {
          fillRow(row, size);
        }
        if (Double.isNaN(colCos[col])) {
          double lam = (lonLo[k] + half) * SphereMath.DEG;
          colCos[col] = Math.cos(lam);
          colSin[col] = Math.sin(lam);
        }
        double cphi = rowCos[row];
        double x = cphi * colCos[col];
        double y = cphi * colSin[col];
        double z = rowSin[row];
        double h = rowH[row];
        double la = rowLogArea[row];
        double a = rowArea[row];
        // The per-cell sums stay in registers.
        double sl = 0.0;
        double su = 0.0;
        for (int v = 0; v < n; v++) {
          double d = SphereMath.R_KM * SphereMath.fastAcos(x * vx[v] + y * vy[v] + z * vz[v]);
          int b = bin[v];
          double is = invS[v];
          if (!lastLevel) {
            double m = table.mode[b];
            double dl = d > h ? d - h : 0.0;
            double dh = d + h;
            double lo = Math.sqrt(dl * dl + slack2) * is;
            double hi = Math.sqrt(dh * dh + slack2) * is;
            su += table.logLik(b, m < lo ? lo : (m > hi ? hi : m));
          }
          sl += table.logLik(b, Math.sqrt(d * d + slack2) * is);
        }
        double lb = temperature * sl;
        // On the last level nothing is refined: the bound is not needed (saves half the work).
        double ub = lastLevel ? 0.0 : temperature * su;
        for (Layer layer : layers) {
          lb += layer.cellLogLik(x, y, z, latLo[k] + half, lonLo[k] + half, size);
          if (!lastLevel) {
            ub += layer.cellUpperBound(x, y, z, latLo[k] + half, lonLo[k] + half, h);
          }
        }
        if (lastLevel || ub < lb) {
          ub = lb;
        }
        logMass[k] = lb + la;
        ubMass[k] = ub + la;
        cx[k] = x;
        cy[k] = y;
        cz[k] = z;
        hk[k] = h;
        area[k] = a;
        if (logMass[k] > best) {
          best = logMass[k];
        }
      }
      double cut = massCut(count, logMass, ubMass, best);
      int survivors = 0;
      double maxGap = 0.0;
      for (int k = 0; k < count; k++) {
        if (ubMass[k] >= cut) {
          survivors++;
          maxGap = Math.max(maxGap, ubMass[k] - logMass[k]);
        }
      }
      // Smooth enough: within every surviving cell the density varies by less than
      // SMOOTH_NATS, so the centre value represents the cell (wide posteriors stop early;
      // narrow or multi-modal ones refine until their peaks are resolved).
      boolean refine = size / 2.0 >= finestDeg * 0.999
          && (maxGap > SMOOTH_NATS || !fineEnough(count, logMass, best, cx, cy, cz, size));
      // Best first: when the budget is short, refine the cells with the largest bounds and keep
      // the other survivors as coarse leaves (their mass stays in the posterior).
      double refineCut = cut;
      if (refine && survivors * 4 > maxCells) {
        double[] ubs = new double[survivors];
        for (int k = 0, j = 0; k < count; k++) {
          if (ubMass[k] >= cut) {
            ubs[j++] = ubMass[k];
          }
        }
        // The k-th smallest bound by selection (linear on average), not a full sort.
        refineCut = SELECTOR.select(ubs, null, survivors - maxCells / 4);
      }
      double hs = size / 2.0;
      int nRefine = 0;
      if (refine) {
        // Strictly above the threshold first, then ties, so that a tie of many equal bounds
        // (cells at the floor) can never crowd out a peak.
        for (int pass = 0; pass < 2; pass++) {
          for (int k = 0; k < count && nRefine < maxCells / 4; k++) {
            boolean take = pass == 0 ? ubMass[k] > refineCut
                : ubMass[k] == refineCut && ubMass[k] >= cut;
            if (take && ubMass[k] >= cut) {
              nRefine++;
              ubMass[k] = Double.NaN; // marker: refined
            }
          }
        }
      }
      for (int k = 0; k < count; k++) {
        if (Double.isNaN(ubMass[k])) {
          continue;
        }
        boolean survives = ubMass[k] >= cut;
        if (survives || !refine) {
          addLeaf(latLo[k] + hs, lonLo[k] + hs, cx[k], cy[k], cz[k], hk[k], logMass[k]);
        }
      }
      if (nRefine == 0) {
        return finish(hs * 2.0);
      }
      double[] nLat = new double[nRefine * 4];
      double[] nLon = new double[nRefine * 4];
      int j = 0;
      for (int k = 0; k < count; k++) {
        if (Double.isNaN(ubMass[k])) {
          for (int q = 0; q < 4; q++) {
            nLat[j] = latLo[k] + ((q & 1) == 0 ? 0.0 : hs);
            nLon[j] = lonLo[k] + ((q & 2) == 0 ? 0.0 : hs);
            j++;
          }
        }
      }
      latLo = nLat;
      lonLo = nLon;
      count = j;
      size = hs;
    }
  }

  /**
   * The pruning threshold in log-mass: the larger of {@code best − pruneNats} and the bound below
   * which all cells together hold at most {@link #DROP_SHARE} of this level's mass (their upper
   * bounds summed), so that a broad posterior is not carried at full resolution to its far tails.
   */
  private double massCut(int count, double[] logMass, double[] ubMass, double best) {
    double cut = best - pruneNats;
    double total = 0.0;
    for (int k = 0; k < count; k++) {
      total += Math.exp(logMass[k] - best);
    }
    double budget = DROP_SHARE * total;
    // Only bounds whose own mass is within the budget can be dropped: sort just those (the
    // cells near the peak, usually most of them, are never sorted). The smallest bound above
    // the budget ends the scan if the small ones never exceed it.
    double limit = best + Math.log(budget);
    double[] ubs = new double[count];
    int m = 0;
    double firstBig = Double.POSITIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      double u = ubMass[k];
      if (u >= cut) {
        if (u <= limit) {
          ubs[m++] = u;
        } else if (u < firstBig) {
          firstBig = u;
        }
      }
    }
    Arrays.sort(ubs, 0, m);
    double dropped = 0.0;
    for (int i = 0; i < m; i++) {
      dropped += Math.exp(ubs[i] - best);
      if (dropped > budget) {
        return Math.max(cut, ubs[i]);
      }
    }
    return firstBig == Double.POSITIVE_INFINITY ? cut : Math.max(cut, firstBig);
  }

  private void addLeaf(double lat, double lon, double x, double y, double z, double h,
      double logMass) {
    if (leaves == leafLat.length) {
      int cap = Math.max(64, leaves * 2);
      leafLat = Arrays.copyOf(leafLat, cap);
      leafLon = Arrays.copyOf(leafLon, cap);
      leafX = Arrays.copyOf(leafX, cap);
      leafY = Arrays.copyOf(leafY, cap);
      leafZ = Arrays.copyOf(leafZ, cap);
      leafH = Arrays.copyOf(leafH, cap);
      leafLog = Arrays.copyOf(leafLog, cap);
    }
    leafLat[leaves] = lat;
    leafLon[leaves] = lon;
    leafX[leaves] = x;
    leafY[leaves] = y;
    leafZ[leaves] = z;
    leafH[leaves] = h;
    leafLog[leaves] = logMass;
    leaves++;
  }

  private static double[] nanArray(double[] a, int n) {
    double[] out = a.length >= n ? a : new double[n];
    Arrays.fill(out, 0, n, Double.NaN);
    return out;
  }

  /** Centre, radius (to the corner nearest the equator, the farthest) and area of a cell row. */
  private void fillRow(int row, double size) {
    double latLo = -90.0 + row * size;
    double phi = (latLo + size / 2.0) * SphereMath.DEG;
    double cphi = Math.cos(phi);
    double sphi = Math.sin(phi);
    double latCorner = Math.abs(latLo) < Math.abs(latLo + size) ? latLo : latLo + size;
    double pc = latCorner * SphereMath.DEG;
    double dl = size / 2.0 * SphereMath.DEG;
    // Centre at longitude 0, corner at longitude size/2.
    double dot = cphi * Math.cos(pc) * Math.cos(dl) + sphi * Math.sin(pc);
    rowCos[row] = cphi;
    rowSin[row] = sphi;
    rowH[row] = CORNER_MARGIN * SphereMath.R_KM * Math.acos(Math.min(1.0, dot));
    double a = SphereMath.R_KM * SphereMath.R_KM * size * SphereMath.DEG
        * (Math.sin((latLo + size) * SphereMath.DEG) - Math.sin(latLo * SphereMath.DEG));
    rowArea[row] = Math.max(a, 1e-12);
    rowLogArea[row] = Math.log(rowArea[row]);
  }

  private static double[] ensure(double[] a, int n) {
    return a.length >= n ? a : new double[Math.max(n, a.length * 2)];
  }

  /** Whether the cells are already finer than 1/8 of the posterior's RMS spread. */
  private static boolean fineEnough(int count, double[] logMass, double best, double[] cx,
      double[] cy, double[] cz, double size) {
    double sw = 0.0;
    double mx = 0.0;
    double my = 0.0;
    double mz = 0.0;
    for (int k = 0; k < count; k++) {
      double w = Math.exp(logMass[k] - best);
      sw += w;
      mx += w * cx[k];
      my += w * cy[k];
      mz += w * cz[k];
    }
    double norm = Math.sqrt(mx * mx + my * my + mz * mz);
    if (!(norm > 0.0)) {
      return true;
    }
    mx /= norm;
    my /= norm;
    mz /= norm;
    double s2 = 0.0;
    for (int k = 0; k < count; k++) {
      double w = Math.exp(logMass[k] - best);
      double dx = cx[k] - mx;
      double dy = cy[k] - my;
      double dz = cz[k] - mz;
      s2 += w * (dx * dx + dy * dy + dz * dz);
    }
    double spreadKm = SphereMath.R_KM * Math.sqrt(s2 / sw);
    double sideKm = size * SphereMath.DEG * SphereMath.R_KM;
    return sideKm < spreadKm / 8.0;
  }

  private Posterior finish(double finestSize) {
    int count = leaves;
    double[] halfKm = new double[count];
    double[] weight = new double[count];
    applyFarVantages(count);
    double best = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      best = Math.max(best, leafLog[k]);
    }
    double sum = 0.0;
    for (int k = 0; k < count; k++) {
      halfKm[k] = leafH[k] / CORNER_MARGIN / Math.sqrt(2.0);
      double w = Double.isFinite(best) ? Math.exp(leafLog[k] - best) : 1.0;
      if (!(w >= 0.0)) {
        w = 0.0;
      }
      weight[k] = w;
      sum += w;
    }
    if (!(sum > 0.0)) {
      Arrays.fill(weight, 1.0 / count);
    } else {
      for (int k = 0; k < count; k++) {
        weight[k] /= sum;
      }
    }
    return new Posterior(finestSize, levels, evaluated, Arrays.copyOf(leafLat, count),
        Arrays.copyOf(leafLon, count), Arrays.copyOf(leafX, count), Arrays.copyOf(leafY, count),
        Arrays.copyOf(leafZ, count), halfKm, weight);
  }
}
