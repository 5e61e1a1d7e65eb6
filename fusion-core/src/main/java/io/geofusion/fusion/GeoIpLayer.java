package io.geofusion.fusion;

/**
 * GeoIP as an isotropic Gaussian around the claimed centre, mixed with a uniform floor over the
 * sphere: {@code L(x) = w·exp(−d²/2σ²)/(2πσ²) + (1 − w)/(4πR²)}.
 *
 * <p>σ follows from the 67 % accuracy radius {@code a}: for a 2-D isotropic Gaussian
 * {@code P(d ≤ a) = 1 − exp(−a²/2σ²) = 0.67}, so {@code σ = a / √(−2 ln 0.33) = a / 1.4890}.
 */
final class GeoIpLayer extends Layer {

  /** √(−2·ln(1 − 0.67)). */
  static final double RADIUS67_TO_SIGMA = Math.sqrt(-2.0 * Math.log(0.33));

  private final double ux;
  private final double uy;
  private final double uz;
  private final double sigmaKm;
  private final double weight;
  private final double gaussNorm;
  private final double floor;

  GeoIpLayer(double[] centre, double sigmaKm, double weight) {
    this.ux = centre[0];
    this.uy = centre[1];
    this.uz = centre[2];
    this.sigmaKm = sigmaKm;
    this.weight = weight;
    this.gaussNorm = weight / (2.0 * Math.PI * sigmaKm * sigmaKm);
    this.floor = (1.0 - weight) / (4.0 * Math.PI * SphereMath.R_KM * SphereMath.R_KM);
  }

  double sigmaKm() {
    return sigmaKm;
  }

  double weight() {
    return weight;
  }

  @Override
  String name() {
    return "geoip";
  }

  private double density(double d) {
    double t = d / sigmaKm;
    return gaussNorm * Math.exp(-0.5 * t * t) + floor;
  }

  @Override
  double logLik(double x, double y, double z) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * ux + y * uy + z * uz);
    return Math.log(density(d));
  }

  @Override
  double upperBound(double x, double y, double z, double hKm) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * ux + y * uy + z * uz);
    return Math.log(density(Math.max(0.0, d - hKm)));
  }

  @Override
  double responsibility(double x, double y, double z) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * ux + y * uy + z * uz);
    double t = d / sigmaKm;
    double g = gaussNorm * Math.exp(-0.5 * t * t);
    return g / (g + floor);
  }
}
