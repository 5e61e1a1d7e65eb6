package io.geofusion.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The decoded network and transport headers of one packet: a reusable <em>flyweight</em>
 * filled by {@link PacketDecoder#decode}. Addresses are held as two longs each (the 128-bit
 * IPv6 address, IPv4 as an IPv4-mapped {@code ::ffff:a.b.c.d}), so decoding allocates nothing.
 *
 * <p>Fields are meaningful only after {@link DecodeStatus#OK}; transport fields only when
 * {@link #hasTransport()}. Not thread-safe.
 */
public final class DecodedPacket {

  /** IP protocol numbers used here. */
  public static final int PROTO_ICMP = 1;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  /** TCP flag bits. */
  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;

  static final long V4_MAPPED_HI = 0L;
  static final long V4_MAPPED_LO_PREFIX = 0x0000_FFFF_0000_0000L;

  long timestampNanos;
  int ipVersion;
  long srcHi;
  long srcLo;
  long dstHi;
  long dstLo;
  int protocol;
  int ipLength;
  boolean fragment;
  boolean hasTransport;
  int srcPort;
  int dstPort;
  int tcpFlags;
  long seq;
  long ack;
  int window;
  boolean hasTcpTimestamp;
  long tsVal;
  long tsEcr;
  int payloadLength;
  int icmpType;
  int icmpCode;
  int icmpId;
  int icmpSeq;

  /** A fresh, empty flyweight. */
  public DecodedPacket() {}

  void reset(long nanos) {
    timestampNanos = nanos;
    ipVersion = 0;
    protocol = -1;
    fragment = false;
    hasTransport = false;
    srcPort = 0;
    dstPort = 0;
    tcpFlags = 0;
    hasTcpTimestamp = false;
    payloadLength = 0;
    icmpType = -1;
    icmpCode = -1;
    icmpId = -1;
    icmpSeq = -1;
  }

  /** Capture timestamp (ns since the epoch) or {@link CapturedPacket#NO_TIMESTAMP}. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** 4 or 6. */
  public int ipVersion() {
    return ipVersion;
  }

  /** Upper-layer protocol after IPv6 extension headers (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6). */
  public int protocol() {
    return protocol;
  }

  /** IP packet length from its header (total length; IPv6: 40 + payload length). */
  public int ipLength() {
    return ipLength;
  }

  /** True for any IP fragment; only the first fragment has transport fields. */
  public boolean isFragment() {
    return fragment;
  }

  /** True when ports (and TCP/ICMP fields) were decoded. */
  public boolean hasTransport() {
    return hasTransport;
  }

  /** Source port (TCP/UDP) or 0. */
  public int srcPort() {
    return srcPort;
  }

  /** Destination port (TCP/UDP) or 0. */
  public int dstPort() {
    return dstPort;
  }

  /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
  public int tcpFlags() {
    return tcpFlags;
  }

  /** TCP sequence number (unsigned 32-bit). */
  public long seq() {
    return seq;
  }

  /** TCP acknowledgement number (unsigned 32-bit). */
  public long ack() {
    return ack;
  }

  /** Whether the TCP header carried a timestamps option (RFC 7323). */
  public boolean hasTcpTimestamp() {
    return hasTcpTimestamp;
  }

  /** RFC 7323 TSval (unsigned 32-bit). */
  public long tsVal() {
    return tsVal;
  }

  /** RFC 7323 TSecr (unsigned 32-bit). */
  public long tsEcr() {
    return tsEcr;
  }

  /** TCP/UDP payload bytes according to the headers (not what was captured). */
  public int payloadLength() {
    return payloadLength;
  }

  /** ICMP/ICMPv6 type, or -1. */
  public int icmpType() {
    return icmpType;
  }

  /** ICMP/ICMPv6 code, or -1. */
  public int icmpCode() {
    return icmpCode;
  }

  /** Echo identifier, or -1 when not an echo request/reply. */
  public int icmpId() {
    return icmpId;
  }

  /** Echo sequence number, or -1 when not an echo request/reply. */
  public int icmpSeq() {
    return icmpSeq;
  }

  /** High 64 bits of the source address (IPv4: mapped form). */
  public long srcHi() {
    return srcHi;
  }

  /** Low 64 bits of the source address. */
  public long srcLo() {
    return srcLo;
  }

  /** High 64 bits of the destination address. */
  public long dstHi() {
    return dstHi;
  }

  /** Low 64 bits of the destination address. */
  public long dstLo() {
    return dstLo;
  }

  /** The source address (allocates). */
  public InetAddress source() {
    return toInet(srcHi, srcLo);
  }

  /** The destination address (allocates). */
  public InetAddress destination() {
    return toInet(dstHi, dstLo);
  }

  /** True when the 128-bit value is an IPv4-mapped address. */
  static boolean isV4(long hi, long lo) {
    return hi == V4_MAPPED_HI && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_LO_PREFIX;
  }

  /** The InetAddress for a 128-bit value (IPv4-mapped values become Inet4Address). */
  static InetAddress toInet(long hi, long lo) {
    byte[] b;
    if (isV4(hi, lo)) {
      b = new byte[4];
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) (lo >>> (24 - 8 * i));
      }
    } else {
      b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(b); // no DNS: a literal address
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always valid", e);
    }
  }
}
