package io.geofusion.asn;

import java.util.Locale;

/**
 * What kind of network an autonomous system is, as far as it matters for reading RTT as distance.
 * Per-type default route stretches live in the bundled table (see docs/asn-profiles.md).
 */
public enum AsnType {
  /** Settlement-free global backbone (e.g. AS701, AS3356, AS1299). */
  TIER1,
  /** Other transit and wholesale carriers. */
  TRANSIT,
  /** Cable (DOCSIS) access provider (e.g. AS7922 Comcast). */
  CABLE,
  /** DSL / fibre consumer access provider. */
  RESIDENTIAL,
  /** Mobile carrier: traffic is hauled to a few central packet gateways (carrier NAT). */
  MOBILE,
  /** Satellite access (LEO such as Starlink AS14593, or geostationary). */
  SATELLITE,
  /** Content delivery network: edges close to users, often anycast. */
  CDN,
  /** Global cloud with a private backbone (e.g. AS15169 Google, AS16509 Amazon). */
  HYPERSCALER,
  /** Hosting and smaller cloud providers (e.g. OVH, Hetzner, DigitalOcean). */
  HOSTING,
  /** An organisation's own network. */
  ENTERPRISE,
  /** Research and education networks (NRENs, universities). */
  EDUCATION,
  /** Government and military networks. */
  GOVERNMENT,
  /** Internet exchange point infrastructure (route servers, peering LANs). */
  IXP,
  /** Nothing known. */
  UNKNOWN;

  private final String jsonName = name().toLowerCase(Locale.ROOT);

  /** Name in JSON tables, e.g. {@code "hyperscaler"}. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * Looks a type up by {@link #jsonName()}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static AsnType fromJsonName(String name) {
    for (AsnType t : values()) {
      if (t.jsonName.equals(name)) {
        return t;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (AsnType t : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(t.jsonName);
    }
    throw new IllegalArgumentException("unknown ASN type '" + name + "'; use one of " + sb);
  }
}
