package io.geofusion.fusion;

/**
 * How a host-class label changes the evidence layers.
 *
 * @param geoIpWeight multiplier on the GeoIP layer's informative weight, in [0, 1] (1 keeps it)
 * @param geoIpSigmaFactor multiplier on the GeoIP Gaussian's σ, ≥ 1 (wider for NAT gateways)
 * @param extraDelayMs access delay added to every vantage's local delay, ms, ≥ 0 (e.g. the
 *     satellite bent pipe), so that it never counts as distance
 * @param populationPrior whether the engine's {@link PopulationPrior} applies (hosts of this class
 *     are where people are); false for satellite terminals, which are often rural
 */
public record ClassPrior(double geoIpWeight, double geoIpSigmaFactor, double extraDelayMs,
    boolean populationPrior) {

  /** No adjustment. */
  public static final ClassPrior NEUTRAL = new ClassPrior(1.0, 1.0, 0.0);

  /** A prior under which the population prior applies. */
  public ClassPrior(double geoIpWeight, double geoIpSigmaFactor, double extraDelayMs) {
    this(geoIpWeight, geoIpSigmaFactor, extraDelayMs, true);
  }

  public ClassPrior {
    if (!(geoIpWeight >= 0.0 && geoIpWeight <= 1.0)) {
      throw new IllegalArgumentException("GeoIP weight must be in [0, 1], got " + geoIpWeight);
    }
    if (!(geoIpSigmaFactor >= 1.0) || Double.isInfinite(geoIpSigmaFactor)) {
      throw new IllegalArgumentException("GeoIP sigma factor must be finite and >= 1, got "
          + geoIpSigmaFactor);
    }
    if (!(extraDelayMs >= 0.0) || Double.isInfinite(extraDelayMs)) {
      throw new IllegalArgumentException("extra delay must be finite and >= 0 ms, got "
          + extraDelayMs);
    }
  }
}
