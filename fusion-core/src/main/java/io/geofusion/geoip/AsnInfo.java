package io.geofusion.geoip;

import java.util.Objects;

/**
 * The autonomous system that announces an address, as a GeoIP ASN database records it.
 *
 * @param asn autonomous system number, in [0, 4294967295] (32-bit ASNs, RFC 6793)
 * @param organization the registered organisation name, null when the database has none
 * @param network the database network that matched the address
 * @param source which database answered: its type and file name
 */
public record AsnInfo(long asn, String organization, IpNetwork network, String source) {

  /** Largest 32-bit AS number (RFC 6793). */
  public static final long MAX_ASN = 0xFFFF_FFFFL;

  public AsnInfo {
    if (asn < 0 || asn > MAX_ASN) {
      throw new IllegalArgumentException("AS number must be in [0, 4294967295], got " + asn);
    }
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(source, "source");
    if (organization != null && organization.isBlank()) {
      organization = null;
    }
  }
}
