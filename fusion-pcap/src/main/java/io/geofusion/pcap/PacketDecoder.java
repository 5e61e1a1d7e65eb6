package io.geofusion.pcap;

/**
 * Decodes link, network and transport headers of captured packets into a
 * {@link DecodedPacket} flyweight, without allocating.
 *
 * <p>Link types: see {@link LinkTypes}. Ethernet frames may carry up to 8 stacked 802.1Q /
 * 802.1ad / QinQ (0x9100) tags, LLC/SNAP encapsulation, or MPLS labels (the payload after the
 * bottom-of-stack label is taken as IP when its first nibble says 4 or 6). Network: IPv4 with
 * options (skipped by IHL) and fragments (only the first fragment carries ports), IPv6 with
 * hop-by-hop, routing, destination-options, fragment, AH and mobility extension headers
 * (RFC 8200 §4; ESP and "no next header" end the chain). Transport: TCP (flags, sequence
 * numbers, RFC 7323 timestamps option), UDP, ICMP and ICMPv6 (echo identifier and sequence).
 *
 * <p>Checksums are not verified (offloading makes bad checksums normal in captures taken on a
 * sending host). Ethernet padding beyond the IP length is ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class PacketDecoder {

  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86DD;
  private static final int ETH_VLAN = 0x8100;
  private static final int ETH_QINQ = 0x88A8;
  private static final int ETH_QINQ_OLD = 0x9100;
  private static final int ETH_MPLS = 0x8847;
  private static final int ETH_MPLS_MC = 0x8848;
  private static final int MAX_TAGS = 8;
  private static final int MAX_EXTENSIONS = 16;

  private PacketDecoder() {}

  /** Decodes a packet delivered by a {@link CaptureReader}. */
  public static DecodeStatus decode(CapturedPacket p, DecodedPacket out) {
    return decode(p.array(), p.offset(), p.capturedLength(), p.linkType(), p.timestampNanos(),
        out);
  }

  /**
   * Decodes {@code len} bytes of {@code a} from {@code off}, captured on an interface of the
   * given LINKTYPE.
   *
   * @return {@link DecodeStatus#OK}, {@link DecodeStatus#NOT_IP}, or the reason it is bad
   */
  public static DecodeStatus decode(byte[] a, int off, int len, int linkType, long nanos,
      DecodedPacket out) {
    out.reset(nanos);
    int end = off + len;
    switch (linkType) {
      case LinkTypes.ETHERNET:
        if (len < 14) {
          return DecodeStatus.LINK_TRUNCATED;
        }
        return ethertype(a, off + 14, end, u16(a, off + 12), out);
      case LinkTypes.LINUX_SLL:
        if (len < 16) {
          return DecodeStatus.LINK_TRUNCATED;
        }
        return ethertype(a, off + 16, end, u16(a, off + 14), out);
      case LinkTypes.LINUX_SLL2:
        if (len < 20) {
          return DecodeStatus.LINK_TRUNCATED;
        }
        return ethertype(a, off + 20, end, u16(a, off), out);
      case LinkTypes.NULL:
      case LinkTypes.LOOP:
        return loopback(a, off, end, linkType == LinkTypes.LOOP, out);
      case LinkTypes.RAW:
      case LinkTypes.RAW_BSD_12:
      case LinkTypes.RAW_BSD_14:
        return rawIp(a, off, end, 0, out);
      case LinkTypes.IPV4:
        return rawIp(a, off, end, 4, out);
      case LinkTypes.IPV6:
        return rawIp(a, off, end, 6, out);
      default:
        return DecodeStatus.UNSUPPORTED_LINK_TYPE;
    }
  }

  private static DecodeStatus loopback(byte[] a, int off, int end, boolean network,
      DecodedPacket out) {
    if (end - off < 4) {
      return DecodeStatus.LINK_TRUNCATED;
    }
    int v = (int) u32(a, off);
    if (!network && (v & 0xFFFF_0000) != 0) {
      v = Integer.reverseBytes(v); // DLT_NULL is in the capturing host's byte order
    }
    switch (v) {
      case 2:
        return ipv4(a, off + 4, end, out);
      case 10: // Linux
      case 24: // NetBSD, OpenBSD, BSD/OS
      case 28: // FreeBSD, DragonFly
      case 30: // macOS
        return ipv6(a, off + 4, end, out);
      default:
        return DecodeStatus.NOT_IP;
    }
  }

  private static DecodeStatus rawIp(byte[] a, int off, int end, int expect, DecodedPacket out) {
    if (end - off < 1) {
      return DecodeStatus.IP_TRUNCATED;
    }
    int v = (a[off] & 0xFF) >>> 4;
    if (expect != 0 && v != expect) {
      return DecodeStatus.BAD_IP_VERSION;
    }
    if (v == 4) {
      return ipv4(a, off, end, out);
    }
    if (v == 6) {
      return ipv6(a, off, end, out);
    }
    return DecodeStatus.BAD_IP_VERSION;
  }

  private static DecodeStatus ethertype(byte[] a, int p, int end, int type, DecodedPacket out) {
    for (int tags = 0; ; tags++) {
      if (tags > MAX_TAGS) {
        return DecodeStatus.TOO_MANY_TAGS;
      }
      switch (type) {
        case ETH_IPV4:
          return ipv4(a, p, end, out);
        case ETH_IPV6:
          return ipv6(a, p, end, out);
        case ETH_VLAN:
        case ETH_QINQ:
        case ETH_QINQ_OLD:
          if (end - p < 4) {
            return DecodeStatus.LINK_TRUNCATED;
          }
          type = u16(a, p + 2);
          p += 4;
          continue;
        case ETH_MPLS:
        case ETH_MPLS_MC:
          return mpls(a, p, end, out);
        default:
          if (type <= 1500) { // 802.3 length field: LLC, maybe SNAP
            if (end - p < 3) {
              return DecodeStatus.LINK_TRUNCATED;
            }
            if ((a[p] & 0xFF) == 0xAA && (a[p + 1] & 0xFF) == 0xAA && (a[p + 2] & 0xFF) == 3) {
              if (end - p < 8) {
                return DecodeStatus.LINK_TRUNCATED;
              }
              type = u16(a, p + 6);
              p += 8;
              continue;
            }
          }
          return DecodeStatus.NOT_IP;
      }
    }
  }

  private static DecodeStatus mpls(byte[] a, int p, int end, DecodedPacket out) {
    for (int labels = 0; labels <= MAX_TAGS; labels++) {
      if (end - p < 4) {
        return DecodeStatus.LINK_TRUNCATED;
      }
      boolean bottom = (a[p + 2] & 0x01) != 0;
      p += 4;
      if (bottom) {
        if (end - p < 1) {
          return DecodeStatus.LINK_TRUNCATED;
        }
        int v = (a[p] & 0xFF) >>> 4;
        if (v == 4) {
          return ipv4(a, p, end, out);
        }
        if (v == 6) {
          return ipv6(a, p, end, out);
        }
        return DecodeStatus.NOT_IP; // pseudowire / Ethernet over MPLS: not followed
      }
    }
    return DecodeStatus.TOO_MANY_TAGS;
  }

  private static DecodeStatus ipv4(byte[] a, int p, int end, DecodedPacket out) {
    if (end - p < 20) {
      return DecodeStatus.IP_TRUNCATED;
    }
    int b0 = a[p] & 0xFF;
    if ((b0 >>> 4) != 4) {
      return DecodeStatus.BAD_IP_VERSION;
    }
    int ihl = (b0 & 0x0F) * 4;
    if (ihl < 20) {
      return DecodeStatus.BAD_IP_HEADER_LENGTH;
    }
    if (end - p < ihl) {
      return DecodeStatus.BAD_IP_HEADER_LENGTH;
    }
    int total = u16(a, p + 2);
    if (total < ihl) {
      return DecodeStatus.BAD_IP_TOTAL_LENGTH;
    }
    int flagsFrag = u16(a, p + 6);
    int fragOffset = flagsFrag & 0x1FFF;
    boolean more = (flagsFrag & 0x2000) != 0;
    out.ipVersion = 4;
    out.ipLength = total;
    out.protocol = a[p + 9] & 0xFF;
    out.fragment = more || fragOffset != 0;
    out.srcHi = DecodedPacket.V4_MAPPED_HI;
    out.srcLo = DecodedPacket.V4_MAPPED_LO_PREFIX | u32(a, p + 12);
    out.dstHi = DecodedPacket.V4_MAPPED_HI;
    out.dstLo = DecodedPacket.V4_MAPPED_LO_PREFIX | u32(a, p + 16);
    if (fragOffset != 0) {
      return DecodeStatus.OK; // later fragment: no transport header here
    }
    int ipEnd = p + total; // declared end; the capture may stop earlier (snaplen)
    return transport(a, p + ihl, Math.min(end, ipEnd), total - ihl, out.protocol, out);
  }

  private static DecodeStatus ipv6(byte[] a, int p, int end, DecodedPacket out) {
    if (end - p < 40) {
      return DecodeStatus.IP_TRUNCATED;
    }
    if (((a[p] & 0xFF) >>> 4) != 6) {
      return DecodeStatus.BAD_IP_VERSION;
    }
    int payload = u16(a, p + 4);
    int next = a[p + 6] & 0xFF;
    out.ipVersion = 6;
    out.srcHi = u64(a, p + 8);
    out.srcLo = u64(a, p + 16);
    out.dstHi = u64(a, p + 24);
    out.dstLo = u64(a, p + 32);
    if (payload == 0) {
      payload = end - p - 40; // jumbogram (RFC 2675) or TSO: trust what was captured
    }
    out.ipLength = 40 + payload;
    int q = p + 40;
    int ipEnd = p + 40 + payload;
    for (int n = 0; ; n++) {
      if (n > MAX_EXTENSIONS) {
        out.protocol = next;
        return DecodeStatus.IPV6_TOO_MANY_EXTENSIONS;
      }
      switch (next) {
        case 0: // hop-by-hop
        case 43: // routing
        case 60: // destination options
        case 135: { // mobility
          if (end - q < 2) {
            out.protocol = next;
            return DecodeStatus.IPV6_EXTENSION_TRUNCATED;
          }
          int hl = ((a[q + 1] & 0xFF) + 1) * 8;
          next = a[q] & 0xFF;
          q += hl;
          continue;
        }
        case 51: { // AH: length in 4-octet units minus 2
          if (end - q < 2) {
            out.protocol = next;
            return DecodeStatus.IPV6_EXTENSION_TRUNCATED;
          }
          int hl = ((a[q + 1] & 0xFF) + 2) * 4;
          next = a[q] & 0xFF;
          q += hl;
          continue;
        }
        case 44: { // fragment
          if (end - q < 8) {
            out.protocol = next;
            return DecodeStatus.IPV6_EXTENSION_TRUNCATED;
          }
          int offMore = u16(a, q + 2);
          out.fragment = true;
          next = a[q] & 0xFF;
          q += 8;
          if ((offMore & 0xFFF8) != 0) {
            out.protocol = next;
            return DecodeStatus.OK; // later fragment
          }
          continue;
        }
        default:
          out.protocol = next;
          if (q > ipEnd) {
            return DecodeStatus.BAD_IP_TOTAL_LENGTH;
          }
          return transport(a, q, Math.min(end, ipEnd), ipEnd - q, next, out);
      }
    }
  }

  /**
   * @param p first transport byte
   * @param end end of captured bytes of this IP packet
   * @param ipPayload transport length declared by the IP header
   */
  private static DecodeStatus transport(byte[] a, int p, int end, int ipPayload, int proto,
      DecodedPacket out) {
    int have = end - p;
    switch (proto) {
      case DecodedPacket.PROTO_TCP: {
        if (have < 20 || ipPayload < 20) {
          return ipPayload < 20 && have >= ipPayload ? DecodeStatus.BAD_TCP_HEADER_LENGTH
              : DecodeStatus.TCP_TRUNCATED;
        }
        int doff = ((a[p + 12] & 0xFF) >>> 4) * 4;
        if (doff < 20 || doff > ipPayload) {
          return DecodeStatus.BAD_TCP_HEADER_LENGTH;
        }
        out.srcPort = u16(a, p);
        out.dstPort = u16(a, p + 2);
        out.seq = u32(a, p + 4);
        out.ack = u32(a, p + 8);
        out.tcpFlags = a[p + 13] & 0xFF;
        out.window = u16(a, p + 14);
        out.payloadLength = ipPayload - doff;
        out.hasTransport = true;
        if (doff > 20) {
          tcpOptions(a, p + 20, Math.min(p + doff, end), out);
        }
        return DecodeStatus.OK;
      }
      case DecodedPacket.PROTO_UDP: {
        if (have < 8) {
          return ipPayload < 8 && have >= ipPayload ? DecodeStatus.BAD_UDP_LENGTH
              : DecodeStatus.UDP_TRUNCATED;
        }
        int ulen = u16(a, p + 4);
        // a first fragment holds only part of the datagram its UDP length describes
        if ((ulen < 8 && ulen != 0) || (ulen > ipPayload && !out.fragment)) {
          return DecodeStatus.BAD_UDP_LENGTH;
        }
        out.srcPort = u16(a, p);
        out.dstPort = u16(a, p + 2);
        out.payloadLength = (ulen == 0 ? ipPayload : Math.min(ulen, ipPayload)) - 8;
        out.hasTransport = true;
        return DecodeStatus.OK;
      }
      case DecodedPacket.PROTO_ICMP:
      case DecodedPacket.PROTO_ICMPV6: {
        if (have < 4) {
          return DecodeStatus.ICMP_TRUNCATED;
        }
        int type = a[p] & 0xFF;
        out.icmpType = type;
        out.icmpCode = a[p + 1] & 0xFF;
        out.hasTransport = true;
        boolean echo = proto == DecodedPacket.PROTO_ICMP ? (type == 8 || type == 0)
            : (type == 128 || type == 129);
        if (echo && have >= 8) {
          out.icmpId = u16(a, p + 4);
          out.icmpSeq = u16(a, p + 6);
        }
        out.payloadLength = Math.max(0, ipPayload - 8);
        return DecodeStatus.OK;
      }
      default:
        return DecodeStatus.OK; // another protocol: addresses only
    }
  }

  private static void tcpOptions(byte[] a, int p, int end, DecodedPacket out) {
    while (p < end) {
      int kind = a[p] & 0xFF;
      if (kind == 0) {
        return;
      }
      if (kind == 1) {
        p++;
        continue;
      }
      if (p + 1 >= end) {
        return;
      }
      int olen = a[p + 1] & 0xFF;
      if (olen < 2 || p + olen > end) {
        return;
      }
      if (kind == 8 && olen == 10) {
        out.hasTcpTimestamp = true;
        out.tsVal = u32(a, p + 2);
        out.tsEcr = u32(a, p + 6);
        return;
      }
      p += olen;
    }
  }

  private static int u16(byte[] a, int p) {
    return ((a[p] & 0xFF) << 8) | (a[p + 1] & 0xFF);
  }

  private static long u32(byte[] a, int p) {
    return (((a[p] & 0xFFL) << 24) | ((a[p + 1] & 0xFF) << 16) | ((a[p + 2] & 0xFF) << 8)
        | (a[p + 3] & 0xFF));
  }

  private static long u64(byte[] a, int p) {
    return (u32(a, p) << 32) | u32(a, p + 4);
  }
}
