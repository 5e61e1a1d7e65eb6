package io.geofusion.probe.internal;

import io.geofusion.path.MplsLabel;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Builds IPv4/IPv6, ICMP/ICMPv6, UDP and TCP packets with correct checksums (RFC 791, 8200,
 * 792, 4443, 768, 9293; Internet checksum RFC 1071), and ICMP errors carrying RFC 4884
 * extension structures with RFC 4950 MPLS label stack objects. Pure functions on byte arrays.
 */
public final class Packets {

  public static final int PROTO_ICMP = 1;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  /** RFC 4884 §4/§5.2: the original datagram is zero-padded to 128 octets before extensions. */
  public static final int RFC4884_ORIGINAL_LENGTH = 128;

  private Packets() {}

  /** RFC 1071 one's-complement sum of {@code len} bytes, added to {@code initial}, not folded. */
  public static long sum(byte[] b, int off, int len, long initial) {
    long s = initial;
    int i = off;
    int end = off + len;
    for (; i + 1 < end; i += 2) {
      s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
    if (i < end) {
      s += (b[i] & 0xFF) << 8;
    }
    return s;
  }

  /** Folds a sum to 16 bits and complements it: the Internet checksum. */
  public static int fold(long s) {
    while ((s >>> 16) != 0) {
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return (int) (~s & 0xFFFF);
  }

  /** The Internet checksum of a byte range. */
  public static int checksum(byte[] b, int off, int len) {
    return fold(sum(b, off, len, 0));
  }

  static long pseudoHeaderSum(InetAddress src, InetAddress dst, int proto, int length) {
    byte[] s = src.getAddress();
    byte[] d = dst.getAddress();
    long sum = sum(s, 0, s.length, 0);
    sum = sum(d, 0, d.length, sum);
    return sum + proto + (length & 0xFFFF) + (length >>> 16);
  }

  /** An IPv4 packet (20-byte header, DF clear) around {@code payload}. */
  public static byte[] ipv4(Inet4Address src, Inet4Address dst, int proto, int ttl, int id,
      byte[] payload) {
    byte[] p = new byte[20 + payload.length];
    p[0] = 0x45;
    put16(p, 2, p.length);
    put16(p, 4, id);
    p[8] = (byte) ttl;
    p[9] = (byte) proto;
    System.arraycopy(src.getAddress(), 0, p, 12, 4);
    System.arraycopy(dst.getAddress(), 0, p, 16, 4);
    put16(p, 10, checksum(p, 0, 20));
    System.arraycopy(payload, 0, p, 20, payload.length);
    return p;
  }

  /** An IPv6 packet (40-byte header, no extension headers) around {@code payload}. */
  public static byte[] ipv6(Inet6Address src, Inet6Address dst, int nextHeader, int hopLimit,
      byte[] payload) {
    byte[] p = new byte[40 + payload.length];
    p[0] = 0x60;
    put16(p, 4, payload.length);
    p[6] = (byte) nextHeader;
    p[7] = (byte) hopLimit;
    System.arraycopy(src.getAddress(), 0, p, 8, 16);
    System.arraycopy(dst.getAddress(), 0, p, 24, 16);
    System.arraycopy(payload, 0, p, 40, payload.length);
    return p;
  }

  /** An IP packet of the family of {@code src}. */
  public static byte[] ip(InetAddress src, InetAddress dst, int proto, int ttl, byte[] payload) {
    if (src instanceof Inet4Address s4 && dst instanceof Inet4Address d4) {
      return ipv4(s4, d4, proto, ttl, 0, payload);
    }
    if (src instanceof Inet6Address s6 && dst instanceof Inet6Address d6) {
      return ipv6(s6, d6, proto, ttl, payload);
    }
    throw new IllegalArgumentException("source and destination must be of one family, got " + src
        + " and " + dst);
  }

  /**
   * An ICMP (v4, or v6 when {@code src} is IPv6) message: type, code, the 4-byte "rest of
   * header" and data, with its checksum (ICMPv6 over the RFC 8200 §8.1 pseudo-header).
   */
  public static byte[] icmp(InetAddress src, InetAddress dst, int type, int code, int rest,
      byte[] data) {
    byte[] m = new byte[8 + data.length];
    m[0] = (byte) type;
    m[1] = (byte) code;
    put32(m, 4, rest);
    System.arraycopy(data, 0, m, 8, data.length);
    long initial = src instanceof Inet6Address
        ? pseudoHeaderSum(src, dst, PROTO_ICMPV6, m.length) : 0;
    put16(m, 2, fold(sum(m, 0, m.length, initial)));
    return m;
  }

  /** A UDP datagram with checksum over the pseudo-header of {@code src → dst}. */
  public static byte[] udp(InetAddress src, InetAddress dst, int sport, int dport, byte[] data) {
    byte[] u = new byte[8 + data.length];
    put16(u, 0, sport);
    put16(u, 2, dport);
    put16(u, 4, u.length);
    System.arraycopy(data, 0, u, 8, data.length);
    int c = fold(sum(u, 0, u.length, pseudoHeaderSum(src, dst, PROTO_UDP, u.length)));
    put16(u, 6, c == 0 ? 0xFFFF : c);
    return u;
  }

  /** TCP flag bits. */
  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_ACK = 0x10;

  /** A 20-byte TCP segment without options or data. */
  public static byte[] tcp(InetAddress src, InetAddress dst, int sport, int dport, long seq,
      long ack, int flags, int window) {
    byte[] t = new byte[20];
    put16(t, 0, sport);
    put16(t, 2, dport);
    put32(t, 4, (int) seq);
    put32(t, 8, (int) ack);
    t[12] = 0x50;
    t[13] = (byte) flags;
    put16(t, 14, window);
    put16(t, 16, fold(sum(t, 0, t.length, pseudoHeaderSum(src, dst, PROTO_TCP, t.length))));
    return t;
  }

  /**
   * An ICMP error (time exceeded, destination unreachable; v4 or v6 by family) quoting
   * {@code original}. IPv4 quotes at most 548 bytes (576-byte datagram, RFC 1812 §4.3.2.3), IPv6
   * at most 1 232 (1 280-byte minimum MTU, RFC 4443 §2.4(c)). With labels, the quote is padded
   * to 128 bytes, its length is set (RFC 4884 §4: v4 in 32-bit words at octet 5, v6 in 64-bit
   * words at octet 4) and an extension structure with one MPLS label stack object follows.
   */
  public static byte[] icmpError(InetAddress src, InetAddress dst, int type, int code,
      byte[] original, List<MplsLabel> labels) {
    boolean v6 = src instanceof Inet6Address;
    int maxQuote = v6 ? 1232 - 8 : 548 - 8;
    int quoteLen = Math.min(original.length, maxQuote);
    byte[] data;
    int rest = 0;
    if (labels.isEmpty()) {
      data = new byte[quoteLen];
      System.arraycopy(original, 0, data, 0, quoteLen);
    } else {
      quoteLen = Math.min(quoteLen, RFC4884_ORIGINAL_LENGTH);
      byte[] ext = mplsExtension(labels);
      data = new byte[RFC4884_ORIGINAL_LENGTH + ext.length];
      System.arraycopy(original, 0, data, 0, quoteLen);
      System.arraycopy(ext, 0, data, RFC4884_ORIGINAL_LENGTH, ext.length);
      rest = v6 ? (RFC4884_ORIGINAL_LENGTH / 8) << 24 : (RFC4884_ORIGINAL_LENGTH / 4) << 16;
    }
    return icmp(src, dst, type, code, rest, data);
  }

  /** RFC 4884 §7 extension header (version 2) plus one RFC 4950 MPLS object (class 1, c-type 1). */
  public static byte[] mplsExtension(List<MplsLabel> labels) {
    int objLen = 4 + 4 * labels.size();
    byte[] e = new byte[4 + objLen];
    e[0] = 0x20;
    put16(e, 4, objLen);
    e[6] = 1;
    e[7] = 1;
    for (int i = 0; i < labels.size(); i++) {
      MplsLabel l = labels.get(i);
      int v = (l.label() << 12) | (l.trafficClass() << 9) | ((l.bottomOfStack() ? 1 : 0) << 8)
          | l.ttl();
      put32(e, 8 + 4 * i, v);
    }
    put16(e, 2, checksum(e, 0, e.length));
    return e;
  }

  public static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  public static void put32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  public static int get16(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  public static long get32(byte[] b, int off) {
    return ((long) get16(b, off) << 16) | get16(b, off + 2);
  }
}
