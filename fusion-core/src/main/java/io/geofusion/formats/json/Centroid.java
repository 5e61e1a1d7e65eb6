package io.geofusion.formats.json;

/**
 * One weighted component centre of a location mixture: {@code {lat, lon, weight}} in WGS84
 * degrees, optionally with the component's isotropic standard deviation {@code sigma_km}.
 *
 * @param lat latitude in degrees, [−90, 90]
 * @param lon longitude in degrees, [−180, 180]
 * @param weight mixture weight in (0, 1]
 * @param sigmaKm component standard deviation in km, or null
 */
public record Centroid(double lat, double lon, double weight, Double sigmaKm) {

  public Centroid {
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90] degrees, got " + lat);
    }
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180] degrees, got " + lon);
    }
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in (0, 1], got " + weight);
    }
    sigmaKm = Checks.nonNegative("sigma_km", sigmaKm);
  }

  /** A centre without a component spread. */
  public static Centroid of(double lat, double lon, double weight) {
    return new Centroid(lat, lon, weight, null);
  }
}
