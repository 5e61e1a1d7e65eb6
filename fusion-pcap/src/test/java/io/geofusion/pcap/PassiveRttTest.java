package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.ACK;
import static io.geofusion.pcap.Fixtures.SYN;
import static io.geofusion.pcap.Fixtures.SYNACK;
import static io.geofusion.pcap.Fixtures.ip;
import static io.geofusion.pcap.Fixtures.tcp4;
import static io.geofusion.pcap.Fixtures.tcp4ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class PassiveRttTest {

  private static final String C = "10.1.1.1";
  private static final String S = "203.0.113.5";
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_700_000_000L * 1_000_000_000L;

  static CaptureSummary analyze(Fixtures.Pcap pcap) throws IOException {
    return CaptureAnalyzer.builder().build()
        .analyze(new ByteArrayInputStream(pcap.bytes()), "test.pcap", null);
  }

  static Fixtures.Pcap pcap() {
    return new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkTypes.ETHERNET);
  }

  static HostRtt host(CaptureSummary s, String addr) {
    return s.hosts().stream().filter(h -> h.address().equals(ip(addr))).findFirst()
        .orElseThrow(() -> new AssertionError("no RTT for " + addr + " in " + s.hosts()));
  }

  @Test
  void analyze_cleanHandshake_givesResponderAndInitiatorRtt() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 30 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK))
        .add(T0 + 30 * MS + 200_000, tcp4(C, 40000, S, 443, 1001, 5001, ACK)));
    assertThat(s.rtt().handshakes()).isEqualTo(1);
    HostRtt server = host(s, S);
    assertThat(server.envelope().minMs()).isCloseTo(30.0, within(1e-9));
    assertThat(server.synAckSamples()).isEqualTo(1);
    assertThat(server.vantage()).isEqualTo("capture:test.pcap");
    HostRtt client = host(s, C);
    assertThat(client.envelope().minMs()).isCloseTo(0.2, within(1e-9));
    assertThat(client.ackSamples()).isEqualTo(1);
    assertThat(s.flowCount()).isEqualTo(1);
    FlowSummary f = s.topFlows().get(0);
    assertThat(f.initiator()).isEqualTo(ip(C));
    assertThat(f.responderPort()).isEqualTo(443);
    assertThat(f.packetsFromInitiator()).isEqualTo(2);
    assertThat(f.synToSynAckMs()).isCloseTo(30.0, within(1e-9));
    assertThat(f.protocolName()).isEqualTo("tcp");
  }

  @Test
  void analyze_retransmittedSynWithoutTimestamps_discardsAmbiguousSample() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 1000 * MS, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 1030 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK))
        .add(T0 + 1031 * MS, tcp4(C, 40000, S, 443, 1001, 5001, ACK)));
    assertThat(s.rtt().retransmittedSyns()).isEqualTo(1);
    assertThat(s.rtt().ambiguousSynAcks()).isEqualTo(1);
    assertThat(s.rtt().synToSynAckSamples()).isZero();
    assertThat(s.hosts()).extracting(HostRtt::address).containsExactly(ip(C));
    assertThat(host(s, C).envelope().minMs()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void analyze_retransmittedSynWithTimestamps_matchesTheEchoedTransmission() throws IOException {
    CaptureSummary late = analyze(pcap()
        .add(T0, tcp4ts(C, 40000, S, 443, 1000, 0, SYN, 100, 0))
        .add(T0 + 1000 * MS, tcp4ts(C, 40000, S, 443, 1000, 0, SYN, 200, 0))
        .add(T0 + 1030 * MS, tcp4ts(S, 443, C, 40000, 5000, 1001, SYNACK, 900, 200)));
    assertThat(host(late, S).envelope().minMs()).isCloseTo(30.0, within(1e-9));
    CaptureSummary slow = analyze(pcap()
        .add(T0, tcp4ts(C, 40000, S, 443, 1000, 0, SYN, 100, 0))
        .add(T0 + 1000 * MS, tcp4ts(C, 40000, S, 443, 1000, 0, SYN, 200, 0))
        .add(T0 + 1030 * MS, tcp4ts(S, 443, C, 40000, 5000, 1001, SYNACK, 900, 100)));
    assertThat(host(slow, S).envelope().minMs()).isCloseTo(1030.0, within(1e-9));
  }

  @Test
  void analyze_retransmittedSynAck_discardsAmbiguousAckSample() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 20 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK))
        .add(T0 + 1020 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK))
        .add(T0 + 1021 * MS, tcp4(C, 40000, S, 443, 1001, 5001, ACK)));
    assertThat(s.rtt().retransmittedSynAcks()).isEqualTo(1);
    assertThat(s.rtt().ambiguousAcks()).isEqualTo(1);
    assertThat(s.rtt().handshakes()).isEqualTo(1);
    assertThat(host(s, S).envelope().minMs()).isCloseTo(20.0, within(1e-9));
    assertThat(s.hosts()).hasSize(1);
  }

  @Test
  void analyze_reusedTupleAndDuplicateSyn_countsTwoHandshakes() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 30 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK))
        .add(T0 + 31 * MS, tcp4(C, 40000, S, 443, 1001, 5001, ACK))
        .add(T0 + 40 * MS, tcp4(C, 40000, S, 443, 1000, 0, SYN)) // late duplicate: ignored
        .add(T0 + 60_000 * MS, tcp4(C, 40000, S, 443, 777_000, 0, SYN))
        .add(T0 + 60_025 * MS, tcp4(S, 443, C, 40000, 9000, 777_001, SYNACK))
        .add(T0 + 60_026 * MS, tcp4(C, 40000, S, 443, 777_001, 9001, ACK)));
    assertThat(s.rtt().handshakes()).isEqualTo(2);
    assertThat(s.rtt().reusedTuples()).isEqualTo(1);
    HostRtt server = host(s, S);
    assertThat(server.synAckSamples()).isEqualTo(2);
    assertThat(server.envelope().minMs()).isCloseTo(25.0, within(1e-9));
    assertThat(server.envelope().maxMs()).isCloseTo(30.0, within(1e-9));
  }

  @Test
  void analyze_synAckWithWrongAckOrDirection_isIgnored() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 + 5 * MS, tcp4(S, 443, C, 40000, 5000, 4242, SYNACK))
        .add(T0 + 6 * MS, tcp4(C, 40000, S, 443, 5000, 1001, SYNACK)));
    assertThat(s.hosts()).isEmpty();
    assertThat(s.rtt().handshakes()).isZero();
  }

  @Test
  void analyze_outOfOrderTimestamps_negativeIntervalDiscarded() throws IOException {
    CaptureSummary s = analyze(pcap()
        .add(T0, tcp4(C, 40000, S, 443, 1000, 0, SYN))
        .add(T0 - 5 * MS, tcp4(S, 443, C, 40000, 5000, 1001, SYNACK)));
    assertThat(s.rtt().negativeIntervals()).isEqualTo(1);
    assertThat(s.hosts()).isEmpty();
  }

  @Test
  void analyze_icmpEcho_pairsRequestAndReplyAndRejectsRepeats() throws IOException {
    Fixtures.Pcap p = pcap();
    for (int seq = 1; seq <= 3; seq++) {
      p.add(T0 + seq * 1000 * MS, Fixtures.etherIp(Fixtures.ipv4(C, S, 1,
          Fixtures.icmpEcho(8, 99, seq))));
      p.add(T0 + seq * 1000 * MS + (10 + seq) * MS, Fixtures.etherIp(Fixtures.ipv4(S, C, 1,
          Fixtures.icmpEcho(0, 99, seq))));
    }
    p.add(T0 + 9000 * MS, Fixtures.etherIp(Fixtures.ipv4(C, S, 1, Fixtures.icmpEcho(8, 99, 7))));
    p.add(T0 + 9500 * MS, Fixtures.etherIp(Fixtures.ipv4(C, S, 1, Fixtures.icmpEcho(8, 99, 7))));
    p.add(T0 + 9510 * MS, Fixtures.etherIp(Fixtures.ipv4(S, C, 1, Fixtures.icmpEcho(0, 99, 7))));
    p.add(T0 + 9520 * MS, Fixtures.etherIp(Fixtures.ipv4(S, C, 1, Fixtures.icmpEcho(0, 99, 7))));
    CaptureSummary s = analyze(p);
    assertThat(s.rtt().icmpEchoSamples()).isEqualTo(3);
    assertThat(s.rtt().icmpEchoAmbiguous()).isEqualTo(1);
    HostRtt h = host(s, S);
    assertThat(h.icmpEchoSamples()).isEqualTo(3);
    assertThat(h.envelope().minMs()).isCloseTo(11.0, within(1e-9));
    assertThat(h.envelope().medianMs()).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void analyze_flowTableCap_countsUntrackedPackets() throws IOException {
    Fixtures.Pcap p = pcap();
    for (int port = 1; port <= 5; port++) {
      p.add(T0, tcp4(C, port, S, 80, 1, 0, SYN));
    }
    CaptureSummary s = CaptureAnalyzer.builder().maxFlows(2).build()
        .analyze(new ByteArrayInputStream(p.bytes()), "cap.pcap", null);
    assertThat(s.flowCount()).isEqualTo(2);
    assertThat(s.flowsNotTracked()).isEqualTo(3);
    assertThat(s.packets()).isEqualTo(5);
  }

  @Test
  void analyze_topTalkers_orderedByBytes() throws IOException {
    Fixtures.Pcap p = pcap();
    p.add(T0, tcp4(C, 1, S, 80, 1, 0, SYN));
    p.add(T0, Fixtures.etherIp(Fixtures.ipv4("10.9.9.9", S, 17, Fixtures.udp(5, 6, 900))));
    CaptureSummary s = CaptureAnalyzer.builder().topN(2).build()
        .analyze(new ByteArrayInputStream(p.bytes()), "cap.pcap", null);
    assertThat(s.topTalkers()).extracting(HostTraffic::address)
        .containsExactly(ip(S), ip("10.9.9.9"));
    assertThat(s.topTalkers().get(0).packetsReceived()).isEqualTo(2);
    assertThat(s.topTalkers().get(0).flows()).isEqualTo(2);
  }

  /**
   * Seeded random handshakes over many client/server pairs, delivered in time order with
   * interleaving: every injected SYN→SYN/ACK and SYN/ACK→ACK interval is recovered exactly.
   */
  @Test
  void analyze_randomInterleavedHandshakes_recoversEveryInjectedInterval() throws IOException {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    try {
      record Ev(long t, byte[] frame) {}
      List<Ev> evs = new java.util.ArrayList<>();
      Map<String, Double> minServer = new HashMap<>();
      int n = 200;
      for (int i = 0; i < n; i++) {
        String server = "198.51.100." + (1 + rnd.nextInt(20));
        String client = "10.0." + rnd.nextInt(4) + "." + (1 + rnd.nextInt(200));
        int port = 1024 + i;
        long start = T0 + rnd.nextInt(10_000) * MS;
        long rttS = 1 + rnd.nextInt(300_000_000);
        long rttC = 1 + rnd.nextInt(5_000_000);
        long isn = rnd.nextInt() & 0xFFFF_FFFFL;
        long isn2 = rnd.nextInt() & 0xFFFF_FFFFL;
        evs.add(new Ev(start, tcp4(client, port, server, 443, isn, 0, SYN)));
        evs.add(new Ev(start + rttS, tcp4(server, 443, client, port, isn2,
            (isn + 1) & 0xFFFF_FFFFL, SYNACK)));
        evs.add(new Ev(start + rttS + rttC, tcp4(client, port, server, 443,
            (isn + 1) & 0xFFFF_FFFFL, (isn2 + 1) & 0xFFFF_FFFFL, ACK)));
        minServer.merge(server, rttS / 1e6, Math::min);
      }
      evs.sort(java.util.Comparator.comparingLong(Ev::t));
      Fixtures.Pcap p = pcap();
      for (Ev e : evs) {
        p.add(e.t(), e.frame());
      }
      CaptureSummary s = analyze(p);
      assertThat(s.rtt().handshakes()).isEqualTo(n);
      assertThat(s.rtt().synToSynAckSamples()).isEqualTo(n);
      assertThat(s.rtt().synAckToAckSamples()).isEqualTo(n);
      for (Map.Entry<String, Double> e : minServer.entrySet()) {
        assertThat(host(s, e.getKey()).envelope().minMs()).isCloseTo(e.getValue(),
            within(1e-9));
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }
}
