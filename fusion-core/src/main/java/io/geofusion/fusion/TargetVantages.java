package io.geofusion.fusion;

import java.util.List;

/**
 * One target's vantages with what every stage of {@link FusionEngine#fuse} reads of them: unit
 * vectors, ids and the hard RTT bounds {@code D = (min_rtt − local)·k} of the uncalibrated model
 * (the consistency checks never use a bestline). Computed once per fusion; never written after
 * construction.
 */
final class TargetVantages {

  final List<VantageObservation> list;
  final int n;
  final double[][] unit;
  final double[] hardBoundKm;
  final String[] ids;

  TargetVantages(List<VantageObservation> vantages, RttLikelihoodModel model) {
    this.list = vantages;
    this.n = vantages.size();
    this.unit = new double[n][];
    this.hardBoundKm = new double[n];
    this.ids = new String[n];
    for (int i = 0; i < n; i++) {
      VantageObservation v = vantages.get(i);
      unit[i] = SphereMath.unit(v.location());
      hardBoundKm[i] = model.hardBoundKm(RttBounds.effectiveRttMs(v, 0.0));
      ids[i] = v.id();
    }
  }
}
