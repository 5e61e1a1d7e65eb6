package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.List;

/**
 * The point estimate of a posterior (docs/fusion.md §4, "Estimate"): its spherical geometric
 * median, which minimises the expected great-circle error, unless the mixture has a heavier
 * mode well separated from another, in which case that mode's mean: an average of two distant
 * modes would be a place no evidence supports. The median is found by Weiszfeld iterations to a
 * step below 0.5 km (at most 12).
 */
final class PointEstimate {

  private PointEstimate() {}

  /** The estimate of {@code g}, whose mixture is {@code comps} (heaviest first). */
  static LatLon of(Posterior g, List<MixtureFitter.Comp> comps) {
    double[] est = meanOrMode(g, comps);
    boolean separated = est.length > 3;
    if (!separated) {
      est = weiszfeld(g, est);
    }
    return SphereMath.toLatLon(est[0], est[1], est[2]);
  }

  /**
   * The heaviest component's mean when a component of weight above 0.1 lies farther from it
   * than {@code 3(σ₁ + σ₂)} (then with a 4th element, marking "separated modes"), otherwise the
   * posterior's spherical mean (the heaviest leaf if the mean is undefined).
   */
  private static double[] meanOrMode(Posterior g, List<MixtureFitter.Comp> comps) {
    if (comps.size() >= 2) {
      MixtureFitter.Comp a = comps.get(0);
      for (int i = 1; i < comps.size(); i++) {
        MixtureFitter.Comp b = comps.get(i);
        double d = SphereMath.distanceKm(new double[] {a.mx, a.my, a.mz},
            new double[] {b.mx, b.my, b.mz});
        double sa = Math.sqrt(Math.max(a.see, a.snn));
        double sb = Math.sqrt(Math.max(b.see, b.snn));
        if (b.weight > 0.1 && d > 3.0 * (sa + sb)) {
          return new double[] {a.mx, a.my, a.mz, 1.0};
        }
      }
    }
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
    int heaviest = 0;
    for (int k = 0; k < g.cells; k++) {
      x += g.weight[k] * g.ux[k];
      y += g.weight[k] * g.uy[k];
      z += g.weight[k] * g.uz[k];
      if (g.weight[k] > g.weight[heaviest]) {
        heaviest = k;
      }
    }
    double norm = Math.sqrt(x * x + y * y + z * z);
    if (!(norm > 1e-9)) {
      return new double[] {g.ux[heaviest], g.uy[heaviest], g.uz[heaviest]};
    }
    return new double[] {x / norm, y / norm, z / norm};
  }

  /**
   * Spherical geometric median of the posterior by Weiszfeld iterations in 3-D projected back to
   * the sphere, started at {@code start}; 12 iterations or a step below 0.5 km.
   */
  private static double[] weiszfeld(Posterior g, double[] start) {
    double[] m = start.clone();
    for (int it = 0; it < 12; it++) {
      double sx = 0.0;
      double sy = 0.0;
      double sz = 0.0;
      for (int k = 0; k < g.cells; k++) {
        double d = SphereMath.fastAcos(m[0] * g.ux[k] + m[1] * g.uy[k] + m[2] * g.uz[k]);
        double w = g.weight[k] / Math.max(d, 1e-5);
        sx += w * g.ux[k];
        sy += w * g.uy[k];
        sz += w * g.uz[k];
      }
      double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
      if (!(norm > 0.0)) {
        return m;
      }
      double nx = sx / norm;
      double ny = sy / norm;
      double nz = sz / norm;
      double step = SphereMath.R_KM * SphereMath.fastAcos(nx * m[0] + ny * m[1] + nz * m[2]);
      m[0] = nx;
      m[1] = ny;
      m[2] = nz;
      if (step < 0.5) {
        break;
      }
    }
    return m;
  }
}
