package io.geofusion.fusion;

/**
 * An RF bearing cone with a log-distance path-loss range: bearing error Gaussian with σ = half
 * the beamwidth, ln(distance) Gaussian around ln of the RSSI-implied median distance with
 * σ_ln = σ_dB·ln 10/(10 n) (see {@link RfBearing}); turned into an area density by dividing by the
 * ring circumference factor {@code R·sin(d/R)}; mixed with a 5 % uniform floor over the sphere.
 */
final class RfLayer extends Layer {

  private static final double WEIGHT = 0.95;
  private final double[] s;
  private final double[] east;
  private final double[] north;
  private final double bearingRad;
  private final double sigmaBearing;
  private final double muLn;
  private final double sigmaLn;
  private final double floor;

  RfLayer(RfBearing rf) {
    this.s = SphereMath.unit(rf.sensor());
    double lam = rf.sensor().lon() * SphereMath.DEG;
    double phi = rf.sensor().lat() * SphereMath.DEG;
    this.east = new double[] {-Math.sin(lam), Math.cos(lam), 0.0};
    this.north = new double[] {-Math.sin(phi) * Math.cos(lam), -Math.sin(phi) * Math.sin(lam),
        Math.cos(phi)};
    this.bearingRad = rf.bearingDeg() * SphereMath.DEG;
    this.sigmaBearing = Math.max(1e-3, rf.beamwidthDeg() * SphereMath.DEG / 2.0);
    this.muLn = Math.log(Math.max(1e-6, rf.medianDistanceKm()));
    this.sigmaLn = rf.lnDistanceSigma();
    this.floor = (1.0 - WEIGHT) / (4.0 * Math.PI * SphereMath.R_KM * SphereMath.R_KM);
  }

  @Override
  String name() {
    return "rf";
  }

  private double informative(double dKm, double dBearing) {
    double d = Math.max(dKm, 1e-3);
    double tb = dBearing / sigmaBearing;
    double tl = (Math.log(d) - muLn) / sigmaLn;
    double pb = Math.exp(-0.5 * tb * tb) / (Math.sqrt(2.0 * Math.PI) * sigmaBearing);
    double pd = Math.exp(-0.5 * tl * tl) / (Math.sqrt(2.0 * Math.PI) * sigmaLn * d);
    double ring = SphereMath.R_KM * Math.max(Math.sin(d / SphereMath.R_KM), 1e-9);
    return WEIGHT * pb * pd / ring;
  }

  private double bearingOffset(double x, double y, double z) {
    double be = x * east[0] + y * east[1] + z * east[2];
    double bn = x * north[0] + y * north[1] + z * north[2];
    double b = Math.atan2(be, bn);
    double diff = Math.abs(b - bearingRad) % (2.0 * Math.PI);
    return diff > Math.PI ? 2.0 * Math.PI - diff : diff;
  }

  @Override
  double logLik(double x, double y, double z) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * s[0] + y * s[1] + z * s[2]);
    return Math.log(informative(d, bearingOffset(x, y, z)) + floor);
  }

  @Override
  double upperBound(double x, double y, double z, double hKm) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * s[0] + y * s[1] + z * s[2]);
    if (d <= hKm * 1.5) {
      return Double.POSITIVE_INFINITY;
    }
    double half = Math.asin(Math.min(1.0, Math.sin(hKm / SphereMath.R_KM)
        / Math.sin(d / SphereMath.R_KM)));
    double db = Math.max(0.0, bearingOffset(x, y, z) - half);
    double lo = Math.max(1e-3, d - hKm);
    double hi = d + hKm;
    // Product of each factor's own maximum over the cell: the Gaussian in ln d at the median
    // clamped into [lo, hi], the 1/d and 1/ring factors at lo.
    double dStar = Math.max(lo, Math.min(hi, Math.exp(muLn)));
    double tb = db / sigmaBearing;
    double tl = (Math.log(dStar) - muLn) / sigmaLn;
    double pb = Math.exp(-0.5 * tb * tb) / (Math.sqrt(2.0 * Math.PI) * sigmaBearing);
    double pd = Math.exp(-0.5 * tl * tl) / (Math.sqrt(2.0 * Math.PI) * sigmaLn * lo);
    double ring = SphereMath.R_KM * Math.max(Math.sin(lo / SphereMath.R_KM), 1e-9);
    return Math.log(WEIGHT * pb * pd / ring + floor);
  }

  @Override
  double responsibility(double x, double y, double z) {
    double d = SphereMath.R_KM * SphereMath.fastAcos(x * s[0] + y * s[1] + z * s[2]);
    double inf = informative(d, bearingOffset(x, y, z));
    return inf / (inf + floor);
  }
}
