package io.geofusion.pcap;

/**
 * The link-layer header types GeoFusion decodes, as registered at
 * https://www.tcpdump.org/linktypes.html (LINKTYPE_ values as stored in files).
 */
public final class LinkTypes {

  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;
  /** Ethernet II / 802.3, with 802.1Q, 802.1ad (QinQ) and MPLS tags. */
  public static final int ETHERNET = 1;
  /** DLT_RAW as some BSDs numbered it in files (raw IP, version from the first nibble). */
  public static final int RAW_BSD_12 = 12;
  /** DLT_RAW as OpenBSD numbered it in files. */
  public static final int RAW_BSD_14 = 14;
  /** LINKTYPE_RAW: raw IPv4 or IPv6, version from the first nibble. */
  public static final int RAW = 101;
  /** OpenBSD loopback: 4-byte address family in network byte order. */
  public static final int LOOP = 108;
  /** Linux "cooked" capture v1 (16-byte header). */
  public static final int LINUX_SLL = 113;
  /** Raw IPv4 only. */
  public static final int IPV4 = 228;
  /** Raw IPv6 only. */
  public static final int IPV6 = 229;
  /** Linux "cooked" capture v2 (20-byte header). */
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}

  /** True when {@link PacketDecoder} understands this link type. */
  public static boolean isSupported(int linkType) {
    switch (linkType) {
      case NULL, ETHERNET, RAW_BSD_12, RAW_BSD_14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2:
        return true;
      default:
        return false;
    }
  }

  /** A short readable name ({@code ether}, {@code linux-sll}, ...) or {@code linktype-N}. */
  public static String name(int linkType) {
    switch (linkType) {
      case NULL: return "null";
      case ETHERNET: return "ether";
      case RAW_BSD_12:
      case RAW_BSD_14:
      case RAW: return "rawip";
      case LOOP: return "loop";
      case LINUX_SLL: return "linux-sll";
      case IPV4: return "rawip4";
      case IPV6: return "rawip6";
      case LINUX_SLL2: return "linux-sll2";
      default: return "linktype-" + linkType;
    }
  }
}
