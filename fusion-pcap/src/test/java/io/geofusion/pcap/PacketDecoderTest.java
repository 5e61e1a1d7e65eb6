package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.ether;
import static io.geofusion.pcap.Fixtures.etherIp;
import static io.geofusion.pcap.Fixtures.ext8;
import static io.geofusion.pcap.Fixtures.frag6;
import static io.geofusion.pcap.Fixtures.icmpEcho;
import static io.geofusion.pcap.Fixtures.ip;
import static io.geofusion.pcap.Fixtures.ipv4;
import static io.geofusion.pcap.Fixtures.ipv6;
import static io.geofusion.pcap.Fixtures.tcp;
import static io.geofusion.pcap.Fixtures.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {

  private final DecodedPacket d = new DecodedPacket();

  private DecodeStatus decode(int linkType, byte[] frame) {
    return PacketDecoder.decode(frame, 0, frame.length, linkType, 42L, d);
  }

  private static final byte[] TCP4 = ipv4("192.0.2.1", "198.51.100.7", 6,
      tcp(40000, 443, 1000, 0, Fixtures.SYN, 0, 12345, 0));

  @Test
  void decode_ethernetIpv4Tcp_fillsEveryField() {
    assertThat(decode(LinkTypes.ETHERNET, etherIp(TCP4))).isEqualTo(DecodeStatus.OK);
    assertThat(d.ipVersion()).isEqualTo(4);
    assertThat(d.source()).isEqualTo(ip("192.0.2.1"));
    assertThat(d.destination()).isEqualTo(ip("198.51.100.7"));
    assertThat(d.protocol()).isEqualTo(6);
    assertThat(d.srcPort()).isEqualTo(40000);
    assertThat(d.dstPort()).isEqualTo(443);
    assertThat(d.seq()).isEqualTo(1000);
    assertThat(d.tcpFlags()).isEqualTo(Fixtures.SYN);
    assertThat(d.hasTcpTimestamp()).isTrue();
    assertThat(d.tsVal()).isEqualTo(12345);
    assertThat(d.timestampNanos()).isEqualTo(42L);
    assertThat(d.ipLength()).isEqualTo(TCP4.length);
  }

  @Test
  void decode_vlanAndQinQ_skipsTags() {
    assertThat(decode(LinkTypes.ETHERNET, ether(0x0800, TCP4, 0x8100))).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(443);
    assertThat(decode(LinkTypes.ETHERNET, ether(0x0800, TCP4, 0x88A8, 0x8100)))
        .isEqualTo(DecodeStatus.OK);
    assertThat(d.srcPort()).isEqualTo(40000);
    int[] nine = new int[9];
    Arrays.fill(nine, 0x8100);
    assertThat(decode(LinkTypes.ETHERNET, ether(0x0800, TCP4, nine)))
        .isEqualTo(DecodeStatus.TOO_MANY_TAGS);
  }

  @Test
  void decode_cookedLoopbackAndRaw_allReachTheSameTcpHeader() {
    assertThat(decode(LinkTypes.LINUX_SLL, Fixtures.sll(0x0800, TCP4))).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(443);
    assertThat(decode(LinkTypes.LINUX_SLL2, Fixtures.sll2(0x0800, TCP4)))
        .isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(443);
    for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      assertThat(decode(LinkTypes.NULL, Fixtures.nullLoop(2, o, TCP4))).isEqualTo(DecodeStatus.OK);
      assertThat(d.dstPort()).isEqualTo(443);
    }
    byte[] v6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(53, 5353, 4));
    for (int af : new int[] {10, 24, 28, 30}) {
      assertThat(decode(LinkTypes.NULL, Fixtures.nullLoop(af, ByteOrder.LITTLE_ENDIAN, v6)))
          .isEqualTo(DecodeStatus.OK);
      assertThat(d.ipVersion()).isEqualTo(6);
    }
    assertThat(decode(LinkTypes.LOOP, Fixtures.nullLoop(2, ByteOrder.BIG_ENDIAN, TCP4)))
        .isEqualTo(DecodeStatus.OK);
    for (int raw : new int[] {LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14,
        LinkTypes.IPV4}) {
      assertThat(decode(raw, TCP4)).isEqualTo(DecodeStatus.OK);
      assertThat(d.srcPort()).isEqualTo(40000);
    }
    assertThat(decode(LinkTypes.IPV6, v6)).isEqualTo(DecodeStatus.OK);
    assertThat(decode(LinkTypes.IPV6, TCP4)).isEqualTo(DecodeStatus.BAD_IP_VERSION);
    assertThat(decode(LinkTypes.IPV4, v6)).isEqualTo(DecodeStatus.BAD_IP_VERSION);
  }

  @Test
  void decode_unsupportedLinkAndNonIp_areClassified() {
    assertThat(decode(9, TCP4)).isEqualTo(DecodeStatus.UNSUPPORTED_LINK_TYPE);
    assertThat(decode(LinkTypes.ETHERNET, ether(0x0806, new byte[28])))
        .isEqualTo(DecodeStatus.NOT_IP);
    assertThat(DecodeStatus.NOT_IP.isBad()).isFalse();
    assertThat(DecodeStatus.TCP_TRUNCATED.label()).isEqualTo("tcp_truncated");
  }

  @Test
  void decode_llcSnapAndMpls_reachIp() {
    byte[] snap = Fixtures.concat(new byte[] {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 8, 0}, TCP4);
    assertThat(decode(LinkTypes.ETHERNET, ether(snap.length, snap))).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(443);
    byte[] mpls = Fixtures.concat(new byte[] {0, 1, 0, 64, 0, 2, 1, 64}, TCP4);
    assertThat(decode(LinkTypes.ETHERNET, ether(0x8847, mpls))).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(443);
  }

  @Test
  void decode_ipv4OptionsAndFragments_portsOnlyInFirstFragment() {
    byte[] opts = {7, 7, 4, 0, 0, 0, 0, 1}; // record route, then padding
    byte[] withOpts = ipv4("10.0.0.1", "10.0.0.2", 17, udp(1000, 2000, 10), opts, 0, false);
    assertThat(decode(LinkTypes.RAW, withOpts)).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(2000);
    byte[] part = Arrays.copyOf(udp(1000, 2000, 40), 16); // UDP length 48, 16 bytes here
    byte[] first = ipv4("10.0.0.1", "10.0.0.2", 17, part, new byte[0], 0, true);
    assertThat(decode(LinkTypes.RAW, first)).isEqualTo(DecodeStatus.OK);
    assertThat(d.dstPort()).isEqualTo(2000);
    byte[] whole = ipv4("10.0.0.1", "10.0.0.2", 17, part);
    assertThat(decode(LinkTypes.RAW, whole)).isEqualTo(DecodeStatus.BAD_UDP_LENGTH);
    byte[] firstTcp = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, 3, 4, Fixtures.ACK, 8),
        new byte[0], 0, true);
    assertThat(decode(LinkTypes.RAW, firstTcp)).isEqualTo(DecodeStatus.OK);
    assertThat(d.isFragment()).isTrue();
    assertThat(d.hasTransport()).isTrue();
    byte[] later = ipv4("10.0.0.1", "10.0.0.2", 6, new byte[16], new byte[0], 3, false);
    assertThat(decode(LinkTypes.RAW, later)).isEqualTo(DecodeStatus.OK);
    assertThat(d.isFragment()).isTrue();
    assertThat(d.hasTransport()).isFalse();
  }

  @Test
  void decode_ipv6ExtensionHeaders_reachTransport() {
    byte[] p = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(5, 6, 7, 8, Fixtures.SYN, 0),
        ext8(0), ext8(60), frag6(0, true));
    assertThat(decode(LinkTypes.RAW, p)).isEqualTo(DecodeStatus.OK);
    assertThat(d.protocol()).isEqualTo(6);
    assertThat(d.dstPort()).isEqualTo(6);
    assertThat(d.isFragment()).isTrue();
    assertThat(d.destination()).isEqualTo(ip("2001:db8::2"));
    byte[] later = ipv6("2001:db8::1", "2001:db8::2", 17, new byte[16], frag6(2, false));
    assertThat(decode(LinkTypes.RAW, later)).isEqualTo(DecodeStatus.OK);
    assertThat(d.hasTransport()).isFalse();
    byte[][] many = new byte[17][];
    Arrays.fill(many, ext8(60));
    assertThat(decode(LinkTypes.RAW, ipv6("::1", "::2", 17, udp(1, 2, 0), many)))
        .isEqualTo(DecodeStatus.IPV6_TOO_MANY_EXTENSIONS);
    byte[] cut = ipv6("::1", "::2", 17, new byte[0], ext8(0));
    assertThat(decode(LinkTypes.RAW, Arrays.copyOf(cut, 41)))
        .isEqualTo(DecodeStatus.IPV6_EXTENSION_TRUNCATED);
  }

  @Test
  void decode_icmpAndIcmpv6Echo_fillIdAndSequence() {
    assertThat(decode(LinkTypes.RAW, ipv4("10.0.0.1", "10.0.0.2", 1, icmpEcho(8, 77, 3))))
        .isEqualTo(DecodeStatus.OK);
    assertThat(d.icmpType()).isEqualTo(8);
    assertThat(d.icmpId()).isEqualTo(77);
    assertThat(d.icmpSeq()).isEqualTo(3);
    assertThat(decode(LinkTypes.RAW, ipv6("::1", "::2", 58, icmpEcho(129, 9, 10))))
        .isEqualTo(DecodeStatus.OK);
    assertThat(d.icmpType()).isEqualTo(129);
    assertThat(d.icmpSeq()).isEqualTo(10);
    assertThat(decode(LinkTypes.RAW, ipv4("10.0.0.1", "10.0.0.2", 1, icmpEcho(3, 0, 0))))
        .isEqualTo(DecodeStatus.OK);
    assertThat(d.icmpId()).isEqualTo(-1);
  }

  @Test
  void decode_badLengths_areCountedByReason() {
    byte[] good = etherIp(TCP4);
    assertThat(decode(LinkTypes.ETHERNET, Arrays.copyOf(good, 10)))
        .isEqualTo(DecodeStatus.LINK_TRUNCATED);
    assertThat(decode(LinkTypes.ETHERNET, Arrays.copyOf(good, 14 + 19)))
        .isEqualTo(DecodeStatus.IP_TRUNCATED);
    assertThat(decode(LinkTypes.ETHERNET, Arrays.copyOf(good, 14 + 20 + 10)))
        .isEqualTo(DecodeStatus.TCP_TRUNCATED);
    byte[] badIhl = TCP4.clone();
    badIhl[0] = 0x44;
    assertThat(decode(LinkTypes.RAW, badIhl)).isEqualTo(DecodeStatus.BAD_IP_HEADER_LENGTH);
    byte[] badTotal = TCP4.clone();
    badTotal[2] = 0;
    badTotal[3] = 10;
    assertThat(decode(LinkTypes.RAW, badTotal)).isEqualTo(DecodeStatus.BAD_IP_TOTAL_LENGTH);
    byte[] badOffset = TCP4.clone();
    badOffset[20 + 12] = 0x20;
    assertThat(decode(LinkTypes.RAW, badOffset)).isEqualTo(DecodeStatus.BAD_TCP_HEADER_LENGTH);
    byte[] badVersion = TCP4.clone();
    badVersion[0] = 0x55;
    assertThat(decode(LinkTypes.RAW, badVersion)).isEqualTo(DecodeStatus.BAD_IP_VERSION);
    byte[] udpShort = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[5]);
    assertThat(decode(LinkTypes.RAW, udpShort)).isEqualTo(DecodeStatus.BAD_UDP_LENGTH);
    byte[] icmpShort = ipv4("10.0.0.1", "10.0.0.2", 1, new byte[2]);
    assertThat(decode(LinkTypes.RAW, icmpShort)).isEqualTo(DecodeStatus.ICMP_TRUNCATED);
  }

  @Test
  void decode_ethernetPadding_ignoredByIpLength() {
    byte[] small = ipv4("10.0.0.1", "10.0.0.2", 17, udp(1, 2, 0));
    byte[] padded = Arrays.copyOf(etherIp(small), 60);
    assertThat(decode(LinkTypes.ETHERNET, padded)).isEqualTo(DecodeStatus.OK);
    assertThat(d.ipLength()).isEqualTo(28);
    assertThat(d.payloadLength()).isZero();
  }
}
