package io.geofusion.fusion;

/** The {@link PopulationPrior} as a grid layer: cell means for values, the max pyramid for bounds. */
final class PopulationLayer extends Layer {

  private final PopulationPrior prior;

  PopulationLayer(PopulationPrior prior) {
    this.prior = prior;
  }

  @Override
  String name() {
    return "population";
  }

  @Override
  double logLik(double x, double y, double z) {
    return prior.logAt(x, y, z);
  }

  @Override
  double cellLogLik(double x, double y, double z, double latDeg, double lonDeg,
      double sizeDeg) {
    return prior.logMeanAt(latDeg, lonDeg, sizeDeg);
  }

  @Override
  double cellUpperBound(double x, double y, double z, double latDeg, double lonDeg,
      double hKm) {
    return prior.logUpperBound(latDeg, lonDeg, hKm);
  }

  @Override
  double upperBound(double x, double y, double z, double hKm) {
    return prior.logUpperBound(SphereMath.latDeg(z), SphereMath.lonDeg(x, y), hKm);
  }

  @Override
  double responsibility(double x, double y, double z) {
    return Math.max(0.0, 1.0 - Math.exp(prior.logFloor() - prior.logAt(x, y, z)));
  }
}
