package io.geofusion.geoip;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * Where a GeoIP database places an address, and how wide that answer is.
 *
 * <p><b>Accuracy radius.</b> {@code accuracyRadiusKm} keeps MaxMind's meaning of
 * {@code location.accuracy_radius}: "the approximate accuracy radius in kilometers around the
 * latitude and longitude for the IP address. This is the radius where we have a 67% confidence
 * that the device using the IP address resides within the circle centered at the latitude and
 * longitude with the provided radius" (MaxMind GeoIP2 API documentation, {@code
 * Location.AccuracyRadius}, e.g.
 * https://maxmind.github.io/GeoIP2-dotnet/doc/v3.3.0/html/P_MaxMind_GeoIP2_Model_Location_AccuracyRadius.htm;
 * the same text is in GeoIP2-java's {@code record.Location}). So it is a 67 % circle, not a
 * bound: for an isotropic 2-D Gaussian, P(r ≤ R) = 1 − exp(−R²/2σ²) = 0.67 gives σ = R /
 * √(−2 ln 0.33) ≈ R / 1.489.
 *
 * <p><b>Country centroids.</b> When {@link #countryCentroid()} is true the database only knew the
 * country and the position is a stand-in point for the whole country; {@code accuracyRadiusKm} is
 * then widened to at least the radius of a disc with the country's area (the recognition and
 * widening rules are in {@link CountryCentroids} and docs/geoip.md). {@code
 * reportedAccuracyRadiusKm} always holds the database's own value (or null when it had none).
 *
 * @param position the database's coordinates (or a country's centroid, see above)
 * @param accuracyRadiusKm radius in km of the 67 % circle around {@code position}, after widening;
 *     finite and &gt; 0
 * @param reportedAccuracyRadiusKm the database's {@code accuracy_radius} in km, null when absent
 * @param countryCentroid whether the answer is only country-level
 * @param countryIsoCode ISO 3166-1 alpha-2 code (upper case), null when unknown
 * @param subdivision most specific subdivision name in English (or its ISO code), null when absent
 * @param city city name in English, null when absent
 * @param network the database network that matched the address
 * @param source which database answered: its type and file name, e.g.
 *     {@code "GeoIP2-City (GeoIP2-City-Test.mmdb)"}
 */
public record GeoIpLocation(
    LatLon position,
    double accuracyRadiusKm,
    Integer reportedAccuracyRadiusKm,
    boolean countryCentroid,
    String countryIsoCode,
    String subdivision,
    String city,
    IpNetwork network,
    String source) {

  public GeoIpLocation {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(source, "source");
    if (!(Double.isFinite(accuracyRadiusKm) && accuracyRadiusKm > 0)) {
      throw new IllegalArgumentException("accuracy radius must be finite and > 0 km, got "
          + accuracyRadiusKm);
    }
    if (reportedAccuracyRadiusKm != null && reportedAccuracyRadiusKm < 0) {
      throw new IllegalArgumentException("reported accuracy radius must be >= 0 km, got "
          + reportedAccuracyRadiusKm);
    }
    if (countryIsoCode != null && !isIsoAlpha2(countryIsoCode)) {
      throw new IllegalArgumentException("country ISO code must be two upper-case letters, got '"
          + countryIsoCode + "'");
    }
    if (city != null && city.isBlank()) {
      throw new IllegalArgumentException("city must be null or non-blank");
    }
    if (subdivision != null && subdivision.isBlank()) {
      throw new IllegalArgumentException("subdivision must be null or non-blank");
    }
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must be non-blank");
    }
  }

  /** The probability MaxMind attaches to the accuracy circle: 0.67. */
  public static final double RADIUS_CONFIDENCE = 0.67;

  /**
   * σ (km) of the isotropic 2-D Gaussian whose {@value #RADIUS_CONFIDENCE} circle has radius
   * {@code accuracyRadiusKm}: σ = R / √(−2 ln(1 − 0.67)) ≈ R / 1.489.
   */
  public double gaussianSigmaKm() {
    return accuracyRadiusKm / Math.sqrt(-2.0 * Math.log(1.0 - RADIUS_CONFIDENCE));
  }

  /** Two upper-case ASCII letters (no regex: this runs on every lookup). */
  static boolean isIsoAlpha2(String s) {
    return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A'
        && s.charAt(1) <= 'Z';
  }
}
