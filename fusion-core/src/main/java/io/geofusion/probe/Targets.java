package io.geofusion.probe;

import io.geofusion.net.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Which destinations a probe may be sent to. Package-private: requests call it on creation. */
final class Targets {

  private Targets() {}

  /**
   * Refuses addresses that would reach more than one host or no host: unspecified
   * ({@code 0.0.0.0}, {@code ::}), multicast (224/4, ff00::/8) and the IPv4 limited broadcast
   * {@code 255.255.255.255}. Directed (subnet) broadcasts are refused by the kernel itself, since
   * no backend sets {@code SO_BROADCAST}.
   *
   * @throws IllegalArgumentException naming the address and why it is refused
   */
  static InetAddress check(InetAddress target) {
    if (target == null) {
      throw new IllegalArgumentException("a probe needs a target address");
    }
    String text = IpAddresses.toText(target);
    if (target.isAnyLocalAddress()) {
      throw new IllegalArgumentException("refusing to probe the unspecified address " + text
          + ": give a host address");
    }
    if (target.isMulticastAddress()) {
      throw new IllegalArgumentException("refusing to probe the multicast address " + text
          + ": probes go to one host only");
    }
    if (target instanceof Inet4Address && text.equals("255.255.255.255")) {
      throw new IllegalArgumentException("refusing to probe the broadcast address " + text
          + ": probes go to one host only");
    }
    return target;
  }
}
