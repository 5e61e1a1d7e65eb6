package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * What a GeoIP database claims about the target.
 *
 * <p>{@code accuracyRadiusKm} keeps MaxMind's meaning: the true location lies within this radius
 * of the centre with about 67 % probability. {@code countryCentroid} marks answers that only name a
 * country (the centre is a centroid, not a city); the engine widens those (see docs/fusion.md).
 *
 * @param centre the claimed position
 * @param accuracyRadiusKm 67 % radius, km, finite and &gt; 0
 * @param countryCentroid whether the centre is only a country centroid
 */
public record GeoIpEvidence(LatLon centre, double accuracyRadiusKm, boolean countryCentroid) {

  public GeoIpEvidence {
    Objects.requireNonNull(centre, "GeoIP centre must not be null");
    if (!(accuracyRadiusKm > 0.0) || Double.isInfinite(accuracyRadiusKm)) {
      throw new IllegalArgumentException(
          "GeoIP accuracy radius must be finite and > 0 km, got " + accuracyRadiusKm);
    }
  }

  /**
   * Adapts a {@link io.geofusion.geoip.GeoIpLocation} lookup result (its accuracy radius keeps
   * the 67 % meaning; country-centroid answers stay marked).
   */
  public static GeoIpEvidence from(io.geofusion.geoip.GeoIpLocation location) {
    Objects.requireNonNull(location, "GeoIP location must not be null");
    return new GeoIpEvidence(location.position(), Math.max(location.accuracyRadiusKm(), 1.0),
        location.countryCentroid());
  }

  /** A city-level answer. */
  public static GeoIpEvidence of(LatLon centre, double accuracyRadiusKm) {
    return new GeoIpEvidence(centre, accuracyRadiusKm, false);
  }
}
