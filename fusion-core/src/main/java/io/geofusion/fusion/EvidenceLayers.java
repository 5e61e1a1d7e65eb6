package io.geofusion.fusion;

/**
 * Stage 2 of {@link FusionEngine#fuse}: one target's evidence as factors of the posterior,
 * ready for the grid. Built by {@link LayerStage}; never written afterwards.
 *
 * @param grid the non-RTT layers, in the order their log-likelihoods are summed: GeoIP, the RF
 *     bearings in input order, the population prior
 * @param geoIp the GeoIP layer, or null without a GeoIP answer
 * @param geoIpWeight the GeoIP layer's informative weight after the host-class and consistency
 *     adjustments, or 0
 * @param near the vantages whose RTT likelihoods enter the product, nearest first
 * @param table the RTT table for {@code near.count()} vantages (its outlier floor depends on it)
 * @param far the vantages beyond {@code near}, nearest first, for the lower-side term; null when
 *     the term is off or there are none
 * @param farWeight the weight of each far vantage, 0 without {@code far}
 * @param finestCellDeg the finest quadtree cell, degrees
 */
record EvidenceLayers(Layer[] grid, GeoIpLayer geoIp, double geoIpWeight, RttVantages near,
    RttTable table, RttVantages far, double farWeight, double finestCellDeg) {

  /**
   * RTT vantages as the grid reads them: unit vectors, {@code 1/(D + slack)} and table bins,
   * index-aligned.
   */
  record RttVantages(double[] x, double[] y, double[] z, double[] invS, int[] bins) {

    int count() {
      return x.length;
    }
  }
}
