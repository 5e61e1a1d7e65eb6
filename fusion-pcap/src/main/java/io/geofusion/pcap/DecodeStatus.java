package io.geofusion.pcap;

import java.util.Locale;

/**
 * Outcome of decoding one packet. {@link #OK} and {@link #NOT_IP} are normal; every other
 * value is a reason a packet was counted as bad and skipped. {@link #label()} is the
 * {@code snake_case} name used in summaries and JSON.
 */
public enum DecodeStatus {
  /** An IPv4 or IPv6 packet; transport fields are filled when its header was captured. */
  OK,
  /** A well-formed frame that does not carry IP (ARP, LLDP, STP, ...): not bad, just not IP. */
  NOT_IP,
  /** The interface's link type is not one GeoFusion decodes (see {@link LinkTypes}). */
  UNSUPPORTED_LINK_TYPE,
  /** The frame ends inside its link-layer header (including VLAN/MPLS tags). */
  LINK_TRUNCATED,
  /** Too many stacked VLAN or MPLS headers (more than 8). */
  TOO_MANY_TAGS,
  /** The first nibble of an IP header is neither 4 nor 6, or disagrees with the link type. */
  BAD_IP_VERSION,
  /** The frame ends inside the IPv4/IPv6 fixed header. */
  IP_TRUNCATED,
  /** IPv4 IHL below 5 or beyond the captured bytes. */
  BAD_IP_HEADER_LENGTH,
  /** IPv4 total length shorter than its header (IPv6: payload length beyond a jumbogram). */
  BAD_IP_TOTAL_LENGTH,
  /** The frame ends inside an IPv6 extension header. */
  IPV6_EXTENSION_TRUNCATED,
  /** More than 16 chained IPv6 extension headers. */
  IPV6_TOO_MANY_EXTENSIONS,
  /** The captured bytes end inside the TCP header (often a small snapshot length). */
  TCP_TRUNCATED,
  /** TCP data offset below 5 words or beyond the IP payload. */
  BAD_TCP_HEADER_LENGTH,
  /** The captured bytes end inside the 8-byte UDP header. */
  UDP_TRUNCATED,
  /** UDP length field below 8 or beyond the IP payload. */
  BAD_UDP_LENGTH,
  /** The captured bytes end inside the ICMP/ICMPv6 header. */
  ICMP_TRUNCATED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The {@code snake_case} name. */
  public String label() {
    return label;
  }

  /** True for the reasons that count a packet as bad. */
  public boolean isBad() {
    return this != OK && this != NOT_IP;
  }
}
