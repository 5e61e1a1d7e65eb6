package io.geofusion.asn;

/**
 * What GeoFusion assumes about one autonomous system.
 *
 * <p>{@code routeStretch} {@code s ≥ 1} is the typical ratio of the path length inside and through
 * this network to the geodesic distance it covers. An RTT-derived hard bound {@code d_max} becomes
 * the likely distance {@code d_est = d_max / s} (docs/architecture.md §5; the origin multiplied by
 * the penalty, which is backwards for a distance derived from RTT). It is capped at {@value
 * #MAX_STRETCH} to catch typos in user tables.
 *
 * @param asn the AS number, 0–4,294,967,295 (RFC 6793 four-octet)
 * @param name a human-readable name, not blank
 * @param type the kind of network
 * @param routeStretch route stretch, in [1, {@value #MAX_STRETCH}]
 */
public record AsnProfile(long asn, String name, AsnType type, double routeStretch) {

  /** The largest accepted route stretch. */
  public static final double MAX_STRETCH = 10.0;

  /** The largest AS number (2^32 − 1). */
  public static final long MAX_ASN = 4_294_967_295L;

  public AsnProfile {
    checkAsn(asn);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("AS" + asn + " needs a name");
    }
    if (type == null) {
      throw new IllegalArgumentException("AS" + asn + " needs a type");
    }
    checkStretch("AS" + asn, routeStretch);
  }

  static void checkAsn(long asn) {
    if (asn < 0 || asn > MAX_ASN) {
      throw new IllegalArgumentException("AS number must be in [0, 4294967295], got " + asn);
    }
  }

  static void checkStretch(String what, double s) {
    if (!(s >= 1.0 && s <= MAX_STRETCH)) {
      throw new IllegalArgumentException(what + ": route stretch must be in [1, " + MAX_STRETCH
          + "] (it divides an RTT distance, so it can never be below 1), got " + s);
    }
  }
}
