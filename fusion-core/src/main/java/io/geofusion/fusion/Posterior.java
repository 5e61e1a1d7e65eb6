package io.geofusion.fusion;

/**
 * The posterior of one fusion, stage 3 of {@link FusionEngine#fuse}: the leaves of the adaptive
 * quadtree that {@link GridPosterior} evaluated, each with its normalised mass. The weights sum to
 * 1 (to rounding, about 1e-15); the pruned cells, which hold no mass here, held at most 0.1 % of
 * each level's mass (docs/fusion.md §1).
 *
 * <p>Immutable: built once at the end of {@link GridPosterior#compute}, then only read by the
 * summary (mixture, estimate, circles, evidence scores). The arrays are shared, not copied, for
 * speed; they never leave the package and nothing writes them after construction.
 */
final class Posterior {

  /** Number of leaves. */
  final int cells;
  /** Side of the finest cells, degrees. */
  final double sizeDeg;
  /** Quadtree levels evaluated. */
  final int levels;
  /** Cells evaluated over all levels. */
  final int evaluated;
  /** Leaf centres, degrees. */
  final double[] latC;
  final double[] lonC;
  /** Leaf centres as unit vectors. */
  final double[] ux;
  final double[] uy;
  final double[] uz;
  /** Half the side of each leaf, km. */
  final double[] halfKm;
  /** Mass of each leaf, summing to 1. */
  final double[] weight;

  Posterior(double sizeDeg, int levels, int evaluated, double[] latC, double[] lonC, double[] ux,
      double[] uy, double[] uz, double[] halfKm, double[] weight) {
    this.cells = weight.length;
    this.sizeDeg = sizeDeg;
    this.levels = levels;
    this.evaluated = evaluated;
    this.latC = latC;
    this.lonC = lonC;
    this.ux = ux;
    this.uy = uy;
    this.uz = uz;
    this.halfKm = halfKm;
    this.weight = weight;
  }
}
