package io.geofusion.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds packets and capture files byte by byte, so tests and fuzz seeds never depend on data
 * the project did not write. Formats follow libpcap's savefile(5) and
 * draft-ietf-opsawg-pcapng.
 */
final class Fixtures {

  private Fixtures() {}

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: no DNS
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  // ------------------------------------------------------------------ packets

  static final int SYN = 0x02;
  static final int ACK = 0x10;
  static final int SYNACK = 0x12;
  static final int RST = 0x04;
  static final int PSH_ACK = 0x18;

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** Ethernet II frame with optional VLAN tags (each a TPID). */
  static byte[] ether(int etherType, byte[] payload, int... vlanTpids) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + payload.length);
    b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10});
    for (int tpid : vlanTpids) {
      b.putShort((short) tpid).putShort((short) 100);
    }
    b.putShort((short) etherType).put(payload);
    return b.array();
  }

  static byte[] etherIp(byte[] ipPacket) {
    int v = (ipPacket[0] & 0xFF) >>> 4;
    return ether(v == 4 ? 0x0800 : 0x86DD, ipPacket);
  }

  static byte[] sll(int protocol, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
    b.putShort((short) 0).putShort((short) 1).putShort((short) 6);
    b.put(new byte[] {1, 2, 3, 4, 5, 6, 0, 0});
    b.putShort((short) protocol).put(payload);
    return b.array();
  }

  static byte[] sll2(int protocol, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.putShort((short) protocol).putShort((short) 0).putInt(2).putShort((short) 1);
    b.put((byte) 0).put((byte) 6).put(new byte[] {1, 2, 3, 4, 5, 6, 0, 0});
    b.put(payload);
    return b.array();
  }

  /** BSD loopback header with the family in the given byte order. */
  static byte[] nullLoop(int family, ByteOrder order, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + payload.length).order(order);
    b.putInt(family).put(payload);
    return b.array();
  }

  static byte[] ipv4(String src, String dst, int proto, byte[] payload) {
    return ipv4(src, dst, proto, payload, new byte[0], 0, false);
  }

  /** IPv4 with options (padded by the caller to a multiple of 4) and fragment fields. */
  static byte[] ipv4(String src, String dst, int proto, byte[] payload, byte[] options,
      int fragOffset8, boolean moreFragments) {
    int ihl = 20 + options.length;
    ByteBuffer b = ByteBuffer.allocate(ihl + payload.length);
    b.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + payload.length));
    b.putShort((short) 0x1234)
        .putShort((short) ((moreFragments ? 0x2000 : 0) | (fragOffset8 & 0x1FFF)));
    b.put((byte) 64).put((byte) proto).putShort((short) 0);
    b.put(ip(src).getAddress()).put(ip(dst).getAddress()).put(options).put(payload);
    return b.array();
  }

  /** IPv6 with extension headers given as (nextHeaderValueOfThisHeader, body) pairs. */
  static byte[] ipv6(String src, String dst, int proto, byte[] payload, byte[]... extensions) {
    int extLen = 0;
    for (byte[] e : extensions) {
      extLen += e.length;
    }
    ByteBuffer b = ByteBuffer.allocate(40 + extLen + payload.length);
    b.putInt(0x6000_0000).putShort((short) (extLen + payload.length));
    b.put((byte) (extensions.length == 0 ? proto : extensions[0][0] & 0xFF)).put((byte) 64);
    b.put(ip(src).getAddress()).put(ip(dst).getAddress());
    for (int i = 0; i < extensions.length; i++) {
      byte[] e = extensions[i].clone();
      // byte 0 of each spec is its own type; rewrite it as the next header's type
      e[0] = (byte) (i + 1 < extensions.length ? extensions[i + 1][0] & 0xFF : proto);
      b.put(e);
    }
    b.put(payload);
    return b.array();
  }

  /** An 8-byte IPv6 option-style extension header of the given type (hop-by-hop 0, dst 60). */
  static byte[] ext8(int type) {
    return new byte[] {(byte) type, 0, 1, 4, 0, 0, 0, 0};
  }

  /** IPv6 fragment header (type 44). */
  static byte[] frag6(int offset8, boolean more) {
    int v = (offset8 << 3) | (more ? 1 : 0);
    return new byte[] {44, 0, (byte) (v >>> 8), (byte) v, 0, 0, 0, 7};
  }

  static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int payloadLen) {
    return tcp(sport, dport, seq, ack, flags, payloadLen, -1, -1);
  }

  /** TCP header, with an RFC 7323 timestamps option when tsVal >= 0. */
  static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int payloadLen,
      long tsVal, long tsEcr) {
    int opt = tsVal >= 0 ? 12 : 0;
    ByteBuffer b = ByteBuffer.allocate(20 + opt + payloadLen);
    b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
    b.put((byte) (((20 + opt) / 4) << 4)).put((byte) flags).putShort((short) 65535);
    b.putShort((short) 0).putShort((short) 0);
    if (opt > 0) {
      b.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10).putInt((int) tsVal)
          .putInt((int) tsEcr);
    }
    return b.array();
  }

  static byte[] udp(int sport, int dport, int payloadLen) {
    ByteBuffer b = ByteBuffer.allocate(8 + payloadLen);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payloadLen));
    return b.array();
  }

  static byte[] icmpEcho(int type, int id, int seq) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id)
        .putShort((short) seq);
    return b.array();
  }

  /** Ethernet + IPv4 + TCP segment. */
  static byte[] tcp4(String src, int sport, String dst, int dport, long seq, long ack,
      int flags) {
    return etherIp(ipv4(src, dst, 6, tcp(sport, dport, seq, ack, flags, 0)));
  }

  static byte[] tcp4ts(String src, int sport, String dst, int dport, long seq, long ack,
      int flags, long tsVal, long tsEcr) {
    return etherIp(ipv4(src, dst, 6, tcp(sport, dport, seq, ack, flags, 0, tsVal, tsEcr)));
  }

  // ------------------------------------------------------------------ classic pcap

  /** A classic pcap file in memory. */
  static final class Pcap {
    private final ByteBuffer b = ByteBuffer.allocate(1 << 22);
    private final boolean nanos;

    Pcap(ByteOrder order, boolean nanos, int linkType) {
      this(order, nanos, linkType, 262144);
    }

    Pcap(ByteOrder order, boolean nanos, int linkType, int snapLen) {
      this.nanos = nanos;
      b.order(order);
      b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
          .putInt(0).putInt(0).putInt(snapLen).putInt(linkType);
    }

    Pcap add(long tsNanos, byte[] data) {
      return add(tsNanos, data, data.length);
    }

    Pcap add(long tsNanos, byte[] data, int origLen) {
      long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
      long frac = Math.floorMod(tsNanos, 1_000_000_000L);
      b.putInt((int) sec).putInt((int) (nanos ? frac : frac / 1000)).putInt(data.length)
          .putInt(origLen).put(data);
      return this;
    }

    byte[] bytes() {
      byte[] out = new byte[b.position()];
      System.arraycopy(b.array(), 0, out, 0, out.length);
      return out;
    }
  }

  // ------------------------------------------------------------------ pcapng

  /** A pcapng file in memory; byte order can change per section. */
  static final class Pcapng {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    Pcapng section(ByteOrder o) {
      order = o;
      ByteBuffer body = buf(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
          .putLong(-1L);
      return block(0x0A0D0D0A, body.array());
    }

    /** IDB; tsresol < 0 means no if_tsresol option (microseconds). */
    Pcapng iface(int linkType, int snapLen, int tsresol, long tsOffsetSec) {
      ByteBuffer body = buf(8 + 8 + 12 + 4).putShort((short) linkType).putShort((short) 0)
          .putInt(snapLen);
      if (tsresol >= 0) {
        body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
      } else {
        body.putShort((short) 2).putShort((short) 4).put(new byte[] {'e', 't', 'h', '0'});
      }
      if (tsOffsetSec != 0) {
        body.putShort((short) 14).putShort((short) 8).putLong(tsOffsetSec);
      } else {
        body.putShort((short) 0).putShort((short) 0).putLong(0);
      }
      body.putShort((short) 0).putShort((short) 0);
      return block(1, body.array());
    }

    Pcapng epb(int ifId, long tsUnits, byte[] data) {
      return epb(ifId, tsUnits, data, data.length);
    }

    Pcapng epb(int ifId, long tsUnits, byte[] data, int origLen) {
      ByteBuffer body = buf(20 + pad(data.length) + 12).putInt(ifId).putInt((int) (tsUnits >>> 32))
          .putInt((int) tsUnits).putInt(data.length).putInt(origLen).put(data);
      body.position(20 + pad(data.length));
      // an opt_comment then opt_endofopt, to prove options are skipped
      body.putShort((short) 1).putShort((short) 4).put(new byte[] {'n', 'o', 't', 'e'})
          .putShort((short) 0).putShort((short) 0);
      return block(6, body.array());
    }

    Pcapng spb(byte[] data) {
      ByteBuffer body = buf(4 + pad(data.length)).putInt(data.length).put(data);
      return block(3, body.array());
    }

    /** Obsolete Packet Block (type 2). */
    Pcapng pb(int ifId, long tsUnits, byte[] data) {
      ByteBuffer body = buf(20 + pad(data.length)).putShort((short) ifId).putShort((short) 0)
          .putInt((int) (tsUnits >>> 32)).putInt((int) tsUnits).putInt(data.length)
          .putInt(data.length).put(data);
      return block(2, body.array());
    }

    /** Any block (e.g. an unknown type or a Name Resolution Block) with the given body. */
    Pcapng block(int type, byte[] body) {
      int len = 12 + pad(body.length);
      ByteBuffer b = buf(len).putInt(type).putInt(len).put(body);
      b.position(len - 4);
      b.putInt(len);
      out.writeBytes(b.array());
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private ByteBuffer buf(int n) {
      return ByteBuffer.allocate(n).order(order);
    }

    private static int pad(int n) {
      return (n + 3) & ~3;
    }
  }
}
