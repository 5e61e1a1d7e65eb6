package io.geofusion.fusion;

/**
 * Radius of the circle around a centre that holds a share {@code q} of the posterior mass. Each
 * cell's mass is spread linearly over the distances {@code [d − a, d + a]} (a = half the cell
 * side), so the radius does not jump in cell-size steps; found by bisection to 0.2 % (at least 0.5 km).
 */
final class CircleRadius {

  private CircleRadius() {}

  static double radiusKm(Posterior g, double[] centre, double q) {
    int n = g.cells;
    double[] d = new double[n];
    double hi = 0.0;
    for (int k = 0; k < n; k++) {
      d[k] = SphereMath.R_KM * SphereMath.fastAcos(centre[0] * g.ux[k] + centre[1] * g.uy[k]
          + centre[2] * g.uz[k]);
      hi = Math.max(hi, d[k] + g.halfKm[k]);
    }
    double lo = 0.0;
    hi = Math.min(hi, Math.PI * SphereMath.R_KM);
    if (massWithin(g, d, hi) < q) {
      return hi;
    }
    while (hi - lo > Math.max(0.5, 0.002 * hi)) {
      double mid = 0.5 * (lo + hi);
      if (massWithin(g, d, mid) >= q) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static double massWithin(Posterior g, double[] d, double r) {
    double s = 0.0;
    for (int k = 0; k < g.cells; k++) {
      double a = g.halfKm[k];
      double lo = d[k] - a;
      if (r <= lo) {
        continue;
      }
      double hi = d[k] + a;
      s += r >= hi ? g.weight[k] : g.weight[k] * (r - lo) / (hi - lo);
    }
    return s;
  }
}
