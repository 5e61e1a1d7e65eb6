package io.geofusion.net;

import java.net.InetAddress;
import java.util.Locale;

/**
 * What kind of address an IP address is, after the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates). Each address has exactly one class, the most specific
 * that applies.
 *
 * <p>IPv4 ranges: {@code 0.0.0.0} unspecified, rest of {@code 0/8} this-network; {@code 10/8},
 * {@code 172.16/12}, {@code 192.168/16} private (RFC 1918); {@code 100.64/10} shared, i.e. carrier
 * NAT (RFC 6598); {@code 127/8} loopback; {@code 169.254/16} link-local (RFC 3927);
 * {@code 192.0.0/24} reserved (IETF protocol assignments, RFC 6890) except the globally reachable
 * anycast {@code 192.0.0.9} and {@code 192.0.0.10}; {@code 192.0.2/24}, {@code 198.51.100/24},
 * {@code 203.0.113/24} documentation (RFC 5737); {@code 192.88.99/24} reserved (deprecated 6to4
 * relay anycast, RFC 7526); {@code 198.18/15} benchmarking (RFC 2544); {@code 224/4} multicast;
 * {@code 255.255.255.255} broadcast; rest of {@code 240/4} reserved (RFC 1112).
 *
 * <p>IPv6 ranges: {@code ::} unspecified; {@code ::1} loopback; {@code ::/96} (IPv4-compatible,
 * deprecated) reserved; {@code 100::/64} reserved (discard-only, RFC 6666); {@code 2001:2::/48}
 * benchmarking (RFC 5180); {@code 2001:db8::/32} and {@code 3fff::/20} documentation (RFC 3849,
 * RFC 9637); {@code 2001:10::/28} and {@code 2001:20::/28} reserved (ORCHID, RFC 4843/7343);
 * {@code 64:ff9b:1::/48} private (local-use NAT64, RFC 8215); {@code fc00::/7} unique-local (RFC
 * 4193); {@code fe80::/10} link-local; {@code fec0::/10} site-local (deprecated, RFC 3879);
 * {@code ff00::/8} multicast; other addresses in {@code 2000::/3} public; everything else outside
 * {@code 2000::/3} is unallocated and reserved.
 *
 * <p>Transition forms take the class of the IPv4 address they carry (see
 * {@link IpAddresses#embeddedIpv4}): IPv4-mapped {@code ::ffff:0:0/96}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16} and Teredo {@code 2001::/32} (the client's address). So
 * {@code 2002:c0a8:0101::1} (6to4 of 192.168.1.1) is {@link #PRIVATE} and
 * {@code 64:ff9b::8.8.8.8} is {@link #PUBLIC}.
 */
public enum AddressClass {
  /** Globally reachable unicast. */
  PUBLIC,
  /** RFC 1918 private IPv4 (and local-use NAT64, RFC 8215). */
  PRIVATE,
  /** Shared address space {@code 100.64/10} used for carrier-grade NAT (RFC 6598). */
  SHARED,
  /** {@code 127/8}, {@code ::1}. */
  LOOPBACK,
  /** {@code 169.254/16}, {@code fe80::/10}. */
  LINK_LOCAL,
  /** IPv6 unique local addresses {@code fc00::/7} (RFC 4193). */
  UNIQUE_LOCAL,
  /** Deprecated IPv6 site-local {@code fec0::/10} (RFC 3879), still seen in old networks. */
  SITE_LOCAL,
  /** Documentation prefixes (RFC 5737, RFC 3849, RFC 9637). */
  DOCUMENTATION,
  /** Benchmarking {@code 198.18/15} (RFC 2544), {@code 2001:2::/48} (RFC 5180). */
  BENCHMARKING,
  /** {@code 224/4}, {@code ff00::/8}. */
  MULTICAST,
  /** Limited broadcast {@code 255.255.255.255}. */
  BROADCAST,
  /** {@code 0.0.0.0}, {@code ::}. */
  UNSPECIFIED,
  /** {@code 0/8} other than {@code 0.0.0.0} ("this network", RFC 791). */
  THIS_NETWORK,
  /** Reserved, deprecated or unallocated space (e.g. {@code 240/4}); a bogon. */
  RESERVED;

  private final String jsonName = name().toLowerCase(Locale.ROOT);

  /** Name used in JSON and on the command line, e.g. {@code "link_local"}. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * True only for {@link #PUBLIC}: a globally reachable unicast address, the only kind GeoIP
   * databases and public geolocation say anything about.
   */
  public boolean isPublic() {
    return this == PUBLIC;
  }

  /**
   * True for unicast addresses that routers forward beyond one link in some network: public,
   * private, shared (CGNAT), unique-local, site-local and benchmarking. False for host- or
   * link-scoped addresses (loopback, link-local), for multicast and broadcast, and for
   * documentation, unspecified and reserved values, which should never be forwarded.
   */
  public boolean isRoutable() {
    return switch (this) {
      case PUBLIC, PRIVATE, SHARED, UNIQUE_LOCAL, SITE_LOCAL, BENCHMARKING -> true;
      default -> false;
    };
  }

  /** The class of an address. */
  public static AddressClass of(InetAddress address) {
    return ofBytes(address.getAddress());
  }

  /**
   * The class of an IP literal (any zone id is ignored); never resolves names.
   *
   * @throws IllegalArgumentException when {@code literal} is not an IP literal
   */
  public static AddressClass of(String literal) {
    long v4 = IpAddresses.canonicalV4(literal);
    if (v4 >= 0) {
      return ofV4((int) (v4 >>> 24), (int) (v4 >>> 16) & 0xff, (int) (v4 >>> 8) & 0xff,
          (int) v4 & 0xff);
    }
    LiteralParser.Parsed p = LiteralParser.parse(literal);
    if (!p.ok()) {
      throw new IllegalArgumentException(p.error());
    }
    return ofBytes(p.bytes());
  }

  /**
   * Looks a class up by its {@link #jsonName()}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static AddressClass fromJsonName(String name) {
    for (AddressClass c : values()) {
      if (c.jsonName.equals(name)) {
        return c;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (AddressClass c : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(c.jsonName);
    }
    throw new IllegalArgumentException("unknown address class '" + name + "'; use one of " + sb);
  }

  static AddressClass ofBytes(byte[] b) {
    if (b.length == 4) {
      return ofV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }
    if (b.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + b.length);
    }
    return ofV6(b);
  }

  private static AddressClass ofV4(int a, int b, int c, int d) {
    if (a == 0) {
      return (b | c | d) == 0 ? UNSPECIFIED : THIS_NETWORK;
    }
    if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
      return PRIVATE;
    }
    if (a == 100 && (b & 0xc0) == 64) {
      return SHARED;
    }
    if (a == 127) {
      return LOOPBACK;
    }
    if (a == 169 && b == 254) {
      return LINK_LOCAL;
    }
    if (a == 192 && b == 0 && c == 0) {
      return d == 9 || d == 10 ? PUBLIC : RESERVED;
    }
    if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)) {
      return DOCUMENTATION;
    }
    if (a == 192 && b == 88 && c == 99) {
      return RESERVED;
    }
    if (a == 198 && (b & 0xfe) == 18) {
      return BENCHMARKING;
    }
    if ((a & 0xf0) == 224) {
      return MULTICAST;
    }
    if ((a & b & c & d) == 255) {
      return BROADCAST;
    }
    if ((a & 0xf0) == 240) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass ofV6(byte[] b) {
    int g0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int g1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    int g2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
    byte[] v4 = IpAddresses.embeddedIpv4Bytes(b);
    if (v4 != null) {
      return ofBytes(v4);
    }
    if (g0 == 0) {
      boolean zeroTo14 = true;
      for (int i = 0; i < 15; i++) {
        zeroTo14 &= b[i] == 0;
      }
      if (zeroTo14 && b[15] == 0) {
        return UNSPECIFIED;
      }
      if (zeroTo14 && b[15] == 1) {
        return LOOPBACK;
      }
      return RESERVED; // IPv4-compatible ::/96 and the rest of the unassigned ::/8
    }
    if (g0 == 0x0064 && g1 == 0xff9b && g2 == 0x0001) {
      return PRIVATE; // 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
    }
    if (g0 == 0x0100 && g1 == 0 && g2 == 0 && b[6] == 0 && b[7] == 0) {
      return RESERVED; // 100::/64 discard-only (RFC 6666)
    }
    if (g0 == 0x2001) {
      if (g1 == 0x0db8) {
        return DOCUMENTATION;
      }
      if (g1 == 0x0002 && g2 == 0) {
        return BENCHMARKING;
      }
      if ((g1 & 0xfff0) == 0x0010 || (g1 & 0xfff0) == 0x0020) {
        return RESERVED; // ORCHID and ORCHIDv2
      }
    }
    if (g0 == 0x3fff && (g1 & 0xf000) == 0) {
      return DOCUMENTATION; // 3fff::/20
    }
    if ((g0 & 0xe000) == 0x2000) {
      return PUBLIC;
    }
    if ((g0 & 0xfe00) == 0xfc00) {
      return UNIQUE_LOCAL;
    }
    if ((g0 & 0xffc0) == 0xfe80) {
      return LINK_LOCAL;
    }
    if ((g0 & 0xffc0) == 0xfec0) {
      return SITE_LOCAL;
    }
    if ((g0 & 0xff00) == 0xff00) {
      return MULTICAST;
    }
    return RESERVED;
  }
}
