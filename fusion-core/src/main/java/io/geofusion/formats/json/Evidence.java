package io.geofusion.formats.json;

/**
 * Per-layer evidence scores of a host location, each in [0, 1], or null when that layer had no
 * input (e.g. no radio bearing: {@code rf} null).
 *
 * @param rf radio-frequency layer score
 * @param rtt latency layer score
 * @param semantic semantic (host class) layer score
 * @param geoip GeoIP layer score (a richer field beyond DESIGN §5), or null
 */
public record Evidence(Double rf, Double rtt, Double semantic, Double geoip) {

  public Evidence {
    rf = Checks.unit("rf", rf);
    rtt = Checks.unit("rtt", rtt);
    semantic = Checks.unit("semantic", semantic);
    geoip = Checks.unit("geoip", geoip);
  }

  /** The three scores DESIGN §5 names. */
  public static Evidence of(Double rf, Double rtt, Double semantic) {
    return new Evidence(rf, rtt, semantic, null);
  }
}
