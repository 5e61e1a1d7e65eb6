package io.geofusion.formats;

import io.geofusion.net.IpAddresses;

/**
 * IP literal checks for recorded text, without any DNS lookup: {@link IpAddresses} decides what
 * a literal is; addresses are otherwise kept as recorded.
 */
final class IpLiterals {

  private IpLiterals() {}

  /** True for an IPv4 or IPv6 literal (optionally with a %zone), never resolving anything. */
  static boolean isLiteral(String s) {
    return s != null && !s.isEmpty() && IpAddresses.isLiteral(s);
  }

  /**
   * Writes an IPv4-mapped IPv6 literal ({@code ::ffff:192.0.2.1}, RFC 4291 §2.5.5.2) as its IPv4
   * form, as scamper records IPv4 traces made over IPv6 sockets; any other text is unchanged.
   */
  static String unmapIpv4(String s) {
    if (s != null && s.regionMatches(true, 0, "::ffff:", 0, 7) && s.indexOf(':', 7) < 0
        && isLiteral(s.substring(7))) {
      return s.substring(7);
    }
    return s;
  }
}
