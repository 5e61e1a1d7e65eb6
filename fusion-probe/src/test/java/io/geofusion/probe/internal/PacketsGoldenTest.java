package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.geofusion.path.MplsLabel;
import io.geofusion.testing.Seeds;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Packet encoding and decoding against golden bytes. The goldens were computed independently of
 * this code (a short Python script using struct/socket, layouts from RFC 791, 792, 768, 8200,
 * 4443, 4884 and 4950); no sockets are involved.
 */
@ExtendWith(Seeds.class)
class PacketsGoldenTest {

  private static final String ECHO4 =
      "4500002400000000050120abc6120001c61209090800542f123400076162636465666768";
  private static final String UDP4 =
      "45000020000000000111249fc6120001c61209099c4082a0000c29a210111213";
  private static final String TE4_MPLS = "450000a80000000040018c2d0a141e01c61200010b008a2c00200000"
      + UDP4 + "00".repeat(128 - 32) + "2000c8190008010105dc1101";
  private static final String ECHO6 = "60000000000c3a0220010db8ffff000000000000000000012001"
      + "0db80009000000000000000000098000ee744321000378797a21";
  private static final String TE6 = "030037f500000000" + ECHO6;

  private static final HexFormat HEX = HexFormat.of();

  private static InetAddress a(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void checksum_rfc1071Example_foldsTo220d() {
    // RFC 1071 §3: the one's complement sum of 0001 f203 f4f5 f6f7 is ddf2.
    byte[] b = HEX.parseHex("0001f203f4f5f6f7");
    assertThat(Packets.fold(Packets.sum(b, 0, b.length, 0))).isEqualTo(0x220d);
  }

  @Test
  void ipv4_icmpEchoRequest_matchesGolden() throws Exception {
    Inet4Address src = (Inet4Address) a("198.18.0.1");
    Inet4Address dst = (Inet4Address) a("198.18.9.9");
    byte[] icmp = Packets.icmp(src, dst, 8, 0, (0x1234 << 16) | 7,
        "abcdefgh".getBytes(StandardCharsets.US_ASCII));
    assertThat(HEX.formatHex(Packets.ipv4(src, dst, Packets.PROTO_ICMP, 5, 0, icmp)))
        .isEqualTo(ECHO4);
  }

  @Test
  void ipv4_udpProbe_matchesGolden() throws Exception {
    InetAddress src = a("198.18.0.1");
    InetAddress dst = a("198.18.9.9");
    byte[] udp = Packets.udp(src, dst, 40000, 33440, HEX.parseHex("10111213"));
    assertThat(HEX.formatHex(Packets.ip(src, dst, Packets.PROTO_UDP, 1, udp))).isEqualTo(UDP4);
  }

  @Test
  void icmpError_timeExceededWithMplsLabel_matchesRfc4884Golden() throws Exception {
    InetAddress router = a("10.20.30.1");
    InetAddress vantage = a("198.18.0.1");
    byte[] te = Packets.icmpError(router, vantage, 11, 0, HEX.parseHex(UDP4),
        List.of(new MplsLabel(24001, 0, true, 1)));
    assertThat(HEX.formatHex(Packets.ip(router, vantage, Packets.PROTO_ICMP, 64, te)))
        .isEqualTo(TE4_MPLS);
  }

  @Test
  void decodeV4_timeExceededWithMpls_yieldsQuotedUdpPortsAndLabel() throws Exception {
    byte[] p = HEX.parseHex(TE4_MPLS);
    IcmpDecoder.Message m = IcmpDecoder.decodeV4(p, p.length).orElseThrow();
    assertThat(m.from()).isEqualTo(a("10.20.30.1"));
    assertThat(m.timeExceeded(false)).isTrue();
    assertThat(m.quote().proto()).isEqualTo(Packets.PROTO_UDP);
    assertThat(m.quote().dst()).isEqualTo(a("198.18.9.9"));
    assertThat(m.quote().first()).isEqualTo(40000);
    assertThat(m.quote().second()).isEqualTo(33440);
    assertThat(m.mpls()).containsExactly(new MplsLabel(24001, 0, true, 1));
  }

  @Test
  void decodeV4_echoReply_yieldsIdentifierAndSequence() {
    // ECHO4 with type 8 → 0; the checksum rises by 0x0800 (RFC 1624 incremental update).
    byte[] p = HEX.parseHex(ECHO4.replace("0800542f", "00005c2f"));
    assertThat(Packets.checksum(p, 20, p.length - 20)).isZero();
    IcmpDecoder.Message m = IcmpDecoder.decodeV4(p, p.length).orElseThrow();
    assertThat(m.type()).isZero();
    assertThat(m.echoId()).isEqualTo(0x1234);
    assertThat(m.echoSeq()).isEqualTo(7);
    assertThat(m.quote()).isNull();
  }

  @Test
  void decodeV4_rfc4884CompatExtensionWithoutLength_stillYieldsLabel() {
    // A pre-RFC 4884 router: extension at offset 128 of the quote, length octet 0 (RFC 4884 §5.5).
    byte[] p = HEX.parseHex(TE4_MPLS);
    p[20 + 5] = 0;
    p[20 + 2] = 0;
    p[20 + 3] = 0;
    int c = Packets.checksum(p, 20, p.length - 20);
    Packets.put16(p, 22, c);
    assertThat(IcmpDecoder.decodeV4(p, p.length).orElseThrow().mpls())
        .containsExactly(new MplsLabel(24001, 0, true, 1));
  }

  @Test
  void decodeExtensions_badChecksum_yieldsNoLabels() {
    byte[] p = HEX.parseHex(TE4_MPLS);
    p[p.length - 1] ^= 0x01;
    assertThat(IcmpDecoder.decodeV4(p, p.length).orElseThrow().mpls()).isEmpty();
  }

  @Test
  void ipv6_icmpv6Echo_matchesGoldenWithPseudoHeaderChecksum() throws Exception {
    Inet6Address src = (Inet6Address) a("2001:db8:ffff::1");
    Inet6Address dst = (Inet6Address) a("2001:db8:9::9");
    byte[] icmp = Packets.icmp(src, dst, 128, 0, (0x4321 << 16) | 3,
        "xyz!".getBytes(StandardCharsets.US_ASCII));
    assertThat(HEX.formatHex(Packets.ipv6(src, dst, Packets.PROTO_ICMPV6, 2, icmp)))
        .isEqualTo(ECHO6);
  }

  @Test
  void icmpError_icmpv6TimeExceeded_matchesGolden() throws Exception {
    byte[] te = Packets.icmpError(a("fd00:10::1"), a("2001:db8:ffff::1"), 3, 0,
        HEX.parseHex(ECHO6), List.of());
    assertThat(HEX.formatHex(te)).isEqualTo(TE6);
  }

  @Test
  void decodeV6_timeExceeded_yieldsQuotedEchoIdentifierAndSequence() throws Exception {
    byte[] p = HEX.parseHex(TE6);
    IcmpDecoder.Message m = IcmpDecoder.decodeV6(p, p.length, a("fd00:10::1")).orElseThrow();
    assertThat(m.timeExceeded(true)).isTrue();
    assertThat(m.quote().proto()).isEqualTo(Packets.PROTO_ICMPV6);
    assertThat(m.quote().first()).isEqualTo(0x4321);
    assertThat(m.quote().second()).isEqualTo(3);
    assertThat(m.quote().icmpType()).isEqualTo(128);
    assertThat(m.mpls()).isEmpty();
  }

  @Test
  void decode_everyTruncation_neverThrows() {
    for (String golden : List.of(TE4_MPLS, ECHO4, UDP4)) {
      byte[] p = HEX.parseHex(golden);
      for (int len = 0; len <= p.length; len++) {
        int n = len;
        assertThatCode(() -> IcmpDecoder.decodeV4(p, n)).doesNotThrowAnyException();
      }
    }
    byte[] p6 = HEX.parseHex(TE6);
    for (int len = 0; len <= p6.length; len++) {
      int n = len;
      assertThatCode(() -> IcmpDecoder.decodeV6(p6, n, null)).doesNotThrowAnyException();
    }
  }

  @Test
  void decode_seededRandomBytes_neverThrows() {
    long seed = Seeds.seed();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] base = HEX.parseHex(TE4_MPLS);
    for (int i = 0; i < 20_000; i++) {
      byte[] p = base.clone();
      int flips = 1 + random.nextInt(8);
      for (int f = 0; f < flips; f++) {
        p[random.nextInt(p.length)] = (byte) random.nextInt(256);
      }
      int len = random.nextInt(p.length + 1);
      boolean v6 = random.nextBoolean();
      assertThatCode(() -> {
        if (v6) {
          IcmpDecoder.decodeV6(p, len, null);
        } else {
          IcmpDecoder.decodeV4(p, len);
        }
      }).as("seed %d, case %d", seed, i).doesNotThrowAnyException();
    }
  }
}
