package io.geofusion.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address literals to {@link InetAddress} and back, without ever touching DNS.
 *
 * <p>{@link InetAddress#getByName(String)} silently resolves anything that is not a literal, so a
 * typo or a host name in recorded data would leak a DNS query (and block for seconds). This class
 * parses the text itself and only then calls {@link InetAddress#getByAddress(String, byte[])},
 * which never resolves. Accepted forms:
 * <ul>
 *   <li>IPv4 dotted quad, four decimal parts 0–255 without leading zeros (as glibc
 *       {@code inet_pton}; {@code 010.1.1.1} is rejected because some parsers read it as octal);
 *   <li>IPv6 in every RFC 4291 §2.2 form, including {@code ::} and a trailing dotted IPv4;
 *   <li>IPv6 in brackets ({@code [2001:db8::1]}, RFC 3986), with an optional zone id
 *       ({@code fe80::1%eth0}, {@code fe80::1%3}, RFC 4007 §11; {@code %25} inside brackets, RFC
 *       6874). Leading and trailing white space is ignored.
 * </ul>
 * A numeric zone becomes the scope id; a named zone must name a local network interface (this
 * asks the kernel, not DNS) and becomes that interface (or its index, when the JDK will not bind
 * the address to it) — use {@link #parseIgnoringZone} for recorded data from other hosts.
 * IPv4-mapped IPv6 text ({@code ::ffff:192.0.2.1}) yields an {@link Inet4Address}, as Java always
 * does for such bytes.
 *
 * <p>Do not call {@code getHostName()} or {@code getCanonicalHostName()} on the results: those do
 * reverse DNS. {@link #toText(InetAddress)} gives the canonical text instead. Thread-safe
 * (stateless).
 */
public final class IpAddresses {

  private IpAddresses() {}

  /**
   * Parses an IP literal.
   *
   * @throws IllegalArgumentException naming the text and what is wrong (e.g. a host name)
   */
  public static InetAddress parse(String text) {
    LiteralParser.Parsed p = LiteralParser.parse(text);
    if (!p.ok()) {
      throw new IllegalArgumentException(p.error());
    }
    return toInet(text, p, true);
  }

  /**
   * Parses an IP literal and drops any zone id (scope), e.g. {@code fe80::1%eth0} from another
   * machine's traceroute.
   *
   * @throws IllegalArgumentException naming the text and what is wrong
   */
  public static InetAddress parseIgnoringZone(String text) {
    LiteralParser.Parsed p = LiteralParser.parse(text);
    if (!p.ok()) {
      throw new IllegalArgumentException(p.error());
    }
    return toInet(text, p, false);
  }

  /**
   * Parses an IP literal, ignoring any zone id; empty for anything that is not a literal. Costs no
   * exception on a miss.
   */
  public static Optional<InetAddress> tryParse(String text) {
    LiteralParser.Parsed p = LiteralParser.parse(text);
    return p.ok() ? Optional.of(toInet(text, p, false)) : Optional.empty();
  }

  /** True when {@code text} is an IPv4 or IPv6 literal in one of the accepted forms. */
  public static boolean isLiteral(String text) {
    return LiteralParser.parse(text).ok();
  }

  /**
   * The canonical text of an address: dotted quad for IPv4; RFC 5952 for IPv6 (lower case, no
   * leading zeros, the longest run of two or more zero groups shortened to {@code ::}, the first
   * one on a tie), followed by {@code %scope} when the address has a scope.
   */
  public static String toText(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return v4Text(b, 0);
    }
    StringBuilder sb = new StringBuilder(40);
    v6Text(b, sb);
    Inet6Address a6 = (Inet6Address) address;
    if (a6.getScopedInterface() != null) {
      sb.append('%').append(a6.getScopedInterface().getName());
    } else if (a6.getScopeId() != 0) {
      sb.append('%').append(a6.getScopeId());
    }
    return sb.toString();
  }

  /**
   * The canonical text of a literal (see {@link #toText}), zone id dropped; empty when {@code text}
   * is not a literal. Two texts denote the same address exactly when their canonical forms are
   * equal ({@code 2001:DB8:0::1} and {@code 2001:db8::1} both give {@code 2001:db8::1}).
   */
  public static Optional<String> canonical(String text) {
    if (canonicalV4(text) >= 0) {
      return Optional.of(text); // what the parse below gives back for it, at a fraction of the cost
    }
    LiteralParser.Parsed p = LiteralParser.parse(text);
    if (!p.ok()) {
      return Optional.empty();
    }
    byte[] b = p.bytes();
    if (b.length == 16 && isMapped(b)) {
      return Optional.of(v4Text(b, 12));
    }
    if (b.length == 4) {
      return Optional.of(v4Text(b, 0));
    }
    StringBuilder sb = new StringBuilder(40);
    v6Text(b, sb);
    return Optional.of(sb.toString());
  }

  /**
   * The 32 bits of {@code text} when it is a dotted quad exactly as {@link #canonical} writes one
   * — four decimal parts of 0–255 without leading zeros or anything around them — else -1. A bulk
   * traceroute run asks for the canonical form and the class of about 25 addresses per trace,
   * nearly all of them written so.
   */
  static long canonicalV4(String text) {
    int n = text == null ? 0 : text.length();
    if (n < 7 || n > 15) {
      return -1;
    }
    long bits = 0;
    int parts = 0;
    int i = 0;
    while (true) {
      int start = i;
      int v = 0;
      while (i < n && i - start < 3) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        v = 10 * v + (c - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || v > 255 || (len > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      bits = bits << 8 | v;
      parts++;
      if (i == n) {
        return parts == 4 ? bits : -1;
      }
      if (parts == 4 || text.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  /**
   * The IPv4 address an IPv6 address carries, for the transition forms that carry one:
   * IPv4-mapped {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2), NAT64 {@code 64:ff9b::/96} (RFC 6052),
   * 6to4 {@code 2002::/16} (RFC 3056, bits 16–47) and Teredo {@code 2001::/32} (RFC 4380, the
   * client's public address, bits 96–127 inverted). An IPv4 address returns itself; other IPv6
   * addresses return empty.
   */
  public static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
    if (address instanceof Inet4Address a4) {
      return Optional.of(a4);
    }
    byte[] v4 = embeddedIpv4Bytes(address.getAddress());
    if (v4 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(null, v4));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always a valid IPv4 address", e);
    }
  }

  /** Embedded IPv4 bytes of a 16-byte address (see {@link #embeddedIpv4}), or null. */
  static byte[] embeddedIpv4Bytes(byte[] b) {
    if (b.length != 16) {
      return null;
    }
    if (isMapped(b) || isNat64WellKnown(b)) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    if ((b[0] & 0xff) == 0x20 && b[1] == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    if ((b[0] & 0xff) == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      return new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
    }
    return null;
  }

  static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  static boolean isNat64WellKnown(byte[] b) {
    if (b[0] != 0 || b[1] != 0x64 || b[2] != (byte) 0xff || b[3] != (byte) 0x9b) {
      return false;
    }
    for (int i = 4; i < 12; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress toInet(String text, LiteralParser.Parsed p, boolean keepZone) {
    try {
      String zone = p.zone();
      if (!keepZone || zone == null || p.bytes().length == 4 || isMapped(p.bytes())) {
        return InetAddress.getByAddress(null, p.bytes());
      }
      if (isAllDigits(zone)) {
        int scope;
        try {
          scope = Integer.parseInt(zone);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' has a numeric zone id out of range");
        }
        return Inet6Address.getByAddress(null, p.bytes(), scope);
      }
      NetworkInterface nif;
      try {
        nif = NetworkInterface.getByName(zone);
      } catch (SocketException e) {
        nif = null;
      }
      if (nif == null) {
        throw new IllegalArgumentException("'" + text + "' names zone '" + zone
            + "', which is not a network interface of this machine; use a numeric zone id,"
            + " or IpAddresses.parseIgnoringZone for addresses recorded elsewhere");
      }
      try {
        return Inet6Address.getByAddress(null, p.bytes(), nif);
      } catch (UnknownHostException noAddressOfThatScope) {
        // The JDK insists the interface carries an address of the same scope; the kernel only
        // needs the interface index as sin6_scope_id, so fall back to that.
        return Inet6Address.getByAddress(null, p.bytes(), nif.getIndex());
      }
    } catch (UnknownHostException e) {
      // getByAddress only throws this for a wrong byte count, which the parser rules out.
      throw new AssertionError("parser produced " + p.bytes().length + " bytes", e);
    }
  }

  private static boolean isAllDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String v4Text(byte[] b, int off) {
    return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "."
        + (b[off + 3] & 0xff);
  }

  private static void v6Text(byte[] b, StringBuilder sb) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLen) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
  }
}
