package io.geofusion.geoip;

import io.geofusion.net.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP network in CIDR form, {@code 81.2.69.128/26} or {@code 2001:db8::/32}: the address of its
 * first host and a prefix length (0–32 for IPv4, 0–128 for IPv6).
 *
 * <p>The address must have no bits set beyond the prefix: {@code 10.0.0.5/8} is rejected (the
 * message suggests {@code 10.0.0.0/8}); use {@link #containing(InetAddress, int)} to mask an
 * address. Parsing never performs a DNS lookup: only literal addresses are accepted.
 *
 * @param address first address of the network ({@link Inet4Address} for IPv4 networks)
 * @param prefixLength number of leading bits that are fixed
 */
public record IpNetwork(InetAddress address, int prefixLength) {


  public IpNetwork {
    Objects.requireNonNull(address, "address");
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be in [0, " + bits + "] for "
          + address.getHostAddress() + ", got " + prefixLength);
    }
    // Checked in place (this runs on every GeoIP answer): no host bit may be set.
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      if ((bytes[i] & ~(0xFF << (8 - keep)) & 0xFF) != 0) {
        throw new IllegalArgumentException("network " + address.getHostAddress() + "/"
            + prefixLength + " has host bits set; did you mean "
            + toText(mask(bytes, prefixLength)) + "/" + prefixLength + "?");
      }
    }
  }

  /** The network of the given prefix length that contains {@code address} (host bits cleared). */
  public static IpNetwork containing(InetAddress address, int prefixLength) {
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be in [0, " + bits + "] for "
          + address.getHostAddress() + ", got " + prefixLength);
    }
    return new IpNetwork(fromBytes(mask(address.getAddress(), prefixLength)), prefixLength);
  }

  /**
   * Parses {@code ADDRESS/PREFIX} (or a bare address, meaning a single host: /32 or /128).
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static IpNetwork parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    String text = cidr.trim();
    int slash = text.indexOf('/');
    InetAddress address = parseAddress(slash < 0 ? text : text.substring(0, slash));
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("expected CIDR like 192.0.2.0/24 or 2001:db8::/32, got '"
            + cidr + "'");
      }
      prefix = Integer.parseInt(p);
    }
    return new IpNetwork(address, prefix);
  }

  /**
   * Parses a literal IPv4 or IPv6 address without any DNS lookup, through {@link
   * io.geofusion.net.IpAddresses#parseIgnoringZone} (a zone id such as {@code %eth0} is dropped:
   * GeoIP looks up address bits only). IPv4-mapped IPv6 text ({@code ::ffff:192.0.2.1}) yields the
   * IPv4 address, as {@link InetAddress} does.
   *
   * @throws IllegalArgumentException when the text is not an address literal
   */
  public static InetAddress parseAddress(String text) {
    Objects.requireNonNull(text, "text");
    return IpAddresses.parseIgnoringZone(text);
  }

  /** Whether {@code other} lies in this network (an IPv4 address never lies in an IPv6 one). */
  public boolean contains(InetAddress other) {
    byte[] a = address.getAddress();
    byte[] b = other.getAddress();
    return a.length == b.length && java.util.Arrays.equals(mask(b, prefixLength), a);
  }

  /** Whether this is an IPv4 network. */
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }

  static byte[] mask(byte[] bytes, int prefixLength) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      out[i] &= (byte) (0xFF << (8 - keep));
    }
    return out;
  }

  static InetAddress fromBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length, e);
    }
  }

  private static String toText(byte[] bytes) {
    return fromBytes(bytes).getHostAddress();
  }
}
