package io.geofusion.probe.internal;

import io.geofusion.path.MplsLabel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes received ICMP/ICMPv6 messages: echo replies, and errors with the probe they quote
 * (RFC 792, RFC 4443) and any RFC 4884 extension structure carrying an RFC 4950 MPLS label
 * stack. Never throws on malformed input: what cannot be decoded yields {@link Optional#empty()}
 * or an absent quote.
 */
public final class IcmpDecoder {

  /** ICMPv4 types. */
  public static final int V4_ECHO_REPLY = 0;
  public static final int V4_UNREACH = 3;
  public static final int V4_ECHO = 8;
  public static final int V4_TIME_EXCEEDED = 11;
  /** ICMPv6 types. */
  public static final int V6_UNREACH = 1;
  public static final int V6_TIME_EXCEEDED = 3;
  public static final int V6_ECHO = 128;
  public static final int V6_ECHO_REPLY = 129;

  private IcmpDecoder() {}

  /**
   * The first eight bytes of the transport header of the probe an ICMP error quotes.
   *
   * @param proto IP protocol of the quoted probe (1, 6, 17, 58)
   * @param src quoted source address
   * @param dst quoted destination address
   * @param first ICMP: echo identifier; UDP/TCP: source port
   * @param second ICMP: echo sequence; UDP/TCP: destination port
   * @param icmpType quoted ICMP type for ICMP probes, else -1
   */
  public record Quote(int proto, InetAddress src, InetAddress dst, int first, int second,
      int icmpType) {}

  /**
   * One decoded ICMP message.
   *
   * @param from sender of the message
   * @param type ICMP type
   * @param code ICMP code
   * @param echoId echo identifier (echo replies only, else -1)
   * @param echoSeq echo sequence (echo replies only, else -1)
   * @param quote quoted probe (errors only), or null
   * @param mpls MPLS labels from an RFC 4950 extension object, possibly empty
   */
  public record Message(InetAddress from, int type, int code, int echoId, int echoSeq,
      Quote quote, List<MplsLabel> mpls) {

    /** True for ICMPv4 type 11 and ICMPv6 type 3. */
    public boolean timeExceeded(boolean v6) {
      return type == (v6 ? V6_TIME_EXCEEDED : V4_TIME_EXCEEDED);
    }

    /** True for destination unreachable. */
    public boolean unreachable(boolean v6) {
      return type == (v6 ? V6_UNREACH : V4_UNREACH);
    }
  }

  /** Decodes an IPv4 packet as a raw ICMP socket returns it (IP header included). */
  public static Optional<Message> decodeV4(byte[] p, int len) {
    if (len < 20 || (p[0] >> 4 & 0xF) != 4) {
      return Optional.empty();
    }
    int ihl = (p[0] & 0xF) * 4;
    if (ihl < 20 || len < ihl + 8 || p[9] != Packets.PROTO_ICMP) {
      return Optional.empty();
    }
    InetAddress from = addr(p, 12, 4);
    return decodeIcmp(p, ihl, len - ihl, from, false);
  }

  /** Decodes an ICMPv6 message as a raw ICMPv6 socket returns it (no IPv6 header). */
  public static Optional<Message> decodeV6(byte[] p, int len, InetAddress from) {
    if (len < 8) {
      return Optional.empty();
    }
    return decodeIcmp(p, 0, len, from, true);
  }

  /**
   * Decodes the ICMP message at {@code p[off, off+len)}.
   *
   * @param v6 whether it is ICMPv6
   */
  public static Optional<Message> decodeIcmp(byte[] p, int off, int len, InetAddress from,
      boolean v6) {
    if (len < 8) {
      return Optional.empty();
    }
    int type = p[off] & 0xFF;
    int code = p[off + 1] & 0xFF;
    if (type == (v6 ? V6_ECHO_REPLY : V4_ECHO_REPLY)) {
      return Optional.of(new Message(from, type, code, Packets.get16(p, off + 4),
          Packets.get16(p, off + 6), null, List.of()));
    }
    boolean error = v6 ? type == V6_UNREACH || type == V6_TIME_EXCEEDED
        : type == V4_UNREACH || type == V4_TIME_EXCEEDED;
    if (!error) {
      return Optional.of(new Message(from, type, code, -1, -1, null, List.of()));
    }
    int quoteOff = off + 8;
    int quoteLen = len - 8;
    int lengthField = v6 ? (p[off + 4] & 0xFF) * 8 : (p[off + 5] & 0xFF) * 4;
    List<MplsLabel> mpls = List.of();
    int extOff = -1;
    if (lengthField > 0 && lengthField + 4 <= quoteLen) {
      extOff = quoteOff + lengthField;
    } else if (lengthField == 0 && quoteLen >= Packets.RFC4884_ORIGINAL_LENGTH + 8
        && (p[quoteOff + Packets.RFC4884_ORIGINAL_LENGTH] >> 4 & 0xF) == 2) {
      // RFC 4884 §5.5 "compliant" with pre-4884 routers: extensions at 128 without a length.
      extOff = quoteOff + Packets.RFC4884_ORIGINAL_LENGTH;
    }
    if (extOff >= 0) {
      mpls = decodeExtensions(p, extOff, off + len - extOff);
    }
    Quote quote = decodeQuote(p, quoteOff, extOff >= 0 ? extOff - quoteOff : quoteLen, v6);
    return Optional.of(new Message(from, type, code, -1, -1, quote, mpls));
  }

  /**
   * The MPLS labels in an RFC 4884 extension structure at {@code p[off, off+len)}; empty when the
   * version is not 2 or the checksum (if non-zero) is wrong.
   */
  public static List<MplsLabel> decodeExtensions(byte[] p, int off, int len) {
    if (len < 4 || (p[off] >> 4 & 0xF) != 2) {
      return List.of();
    }
    if (Packets.get16(p, off + 2) != 0 && Packets.checksum(p, off, len) != 0) {
      return List.of();
    }
    List<MplsLabel> labels = new ArrayList<>();
    int i = off + 4;
    int end = off + len;
    while (i + 4 <= end) {
      int objLen = Packets.get16(p, i);
      int cls = p[i + 2] & 0xFF;
      int ctype = p[i + 3] & 0xFF;
      if (objLen < 4 || i + objLen > end) {
        break;
      }
      if (cls == 1 && ctype == 1) {
        for (int j = i + 4; j + 4 <= i + objLen; j += 4) {
          long v = Packets.get32(p, j);
          labels.add(new MplsLabel((int) (v >>> 12), (int) (v >>> 9) & 7, ((v >>> 8) & 1) == 1,
              (int) (v & 0xFF)));
        }
      }
      i += objLen;
    }
    return List.copyOf(labels);
  }

  static Quote decodeQuote(byte[] p, int off, int len, boolean v6) {
    int hdr;
    int proto;
    InetAddress src;
    InetAddress dst;
    if (v6) {
      if (len < 48 || (p[off] >> 4 & 0xF) != 6) {
        return null;
      }
      hdr = 40;
      proto = p[off + 6] & 0xFF;
      src = addr(p, off + 8, 16);
      dst = addr(p, off + 24, 16);
    } else {
      if (len < 28 || (p[off] >> 4 & 0xF) != 4) {
        return null;
      }
      hdr = (p[off] & 0xF) * 4;
      if (hdr < 20 || len < hdr + 8) {
        return null;
      }
      proto = p[off + 9] & 0xFF;
      src = addr(p, off + 12, 4);
      dst = addr(p, off + 16, 4);
    }
    int l4 = off + hdr;
    if (proto == Packets.PROTO_ICMP || proto == Packets.PROTO_ICMPV6) {
      return new Quote(proto, src, dst, Packets.get16(p, l4 + 4), Packets.get16(p, l4 + 6),
          p[l4] & 0xFF);
    }
    return new Quote(proto, src, dst, Packets.get16(p, l4), Packets.get16(p, l4 + 2), -1);
  }

  static InetAddress addr(byte[] p, int off, int len) {
    byte[] a = new byte[len];
    System.arraycopy(p, off, a, 0, len);
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }
}
