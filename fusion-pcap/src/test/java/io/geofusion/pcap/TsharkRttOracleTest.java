package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Handshake RTTs of the pkts-tests TCP life-cycle captures and of real-traffic captures
 * (PcapPlusPlus example/example2, IPv6 HTTP streams), checked against values computed
 * independently by Wireshark's dissector: {@code tcp.analysis.ack_rtt} on the SYN/ACK (time
 * since the SYN) and on the handshake ACK (time since the SYN/ACK). Handshakes with a
 * retransmitted SYN or SYN/ACK are left out of the oracle, since GeoFusion deliberately
 * discards them (Karn's rule) where Wireshark picks one.
 */
class TsharkRttOracleTest {

  private static final Path TSHARK = Path.of("/usr/bin/tshark");

  @Test
  void analyze_tcpCaptures_handshakeRttsEqualTshark() throws Exception {
    Path data = RealCapturesTest.sharedData();
    Assumptions.assumeTrue(Files.isExecutable(TSHARK),
        "tshark not installed at /usr/bin/tshark: RTT oracle check skipped");
    List<Path> files = new ArrayList<>();
    for (String d : List.of("pkts-tests/tcp-fsm", "pkts-tests/tcp-streams")) {
      try (Stream<Path> s = Files.list(data.resolve(d))) {
        s.filter(f -> f.toString().endsWith(".pcap")).sorted().forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(25);
    // real traffic with many handshakes (IPv4 and IPv6, several servers)
    for (String extra : List.of("pcapplusplus-tests/Pcap++Test-PcapExamples/example.pcap",
        "pcapplusplus-tests/Pcap++Test-PcapExamples/example2.pcap",
        "pcapplusplus-tests/Pcap++Test-PcapExamples/four_ipv6_http_streams.pcap")) {
      Path p = data.resolve(extra);
      if (Files.exists(p)) {
        files.add(p);
      }
    }
    int compared = 0;
    int samples = 0;
    for (Path f : files) {
      Map<InetAddress, List<Double>> expected = tshark(f);
      CaptureSummary s = CaptureAnalyzer.builder().build().analyze(f);
      Map<InetAddress, HostRtt> got = new HashMap<>();
      // ICMP echo samples are not part of this oracle: compare hosts with handshake samples
      s.hosts().stream().filter(h -> h.synAckSamples() + h.ackSamples() > 0)
          .forEach(h -> got.put(h.address(), h));
      assertThat(got.keySet()).as("hosts with RTT in %s", f).isEqualTo(expected.keySet());
      for (Map.Entry<InetAddress, List<Double>> e : expected.entrySet()) {
        List<Double> want = e.getValue();
        HostRtt h = got.get(e.getKey());
        assertThat(h.synAckSamples() + h.ackSamples()).as("%s %s handshake samples", f,
            e.getKey()).isEqualTo(want.size());
        if (h.icmpEchoSamples() > 0) {
          continue; // the envelope mixes in echo samples; the count above is the check
        }
        double min = want.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = want.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double mean = want.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(h.envelope().received()).as("%s %s count", f, e.getKey()).isEqualTo(
            want.size());
        assertThat(h.envelope().minMs()).as("%s %s min", f, e.getKey())
            .isCloseTo(min, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(h.envelope().maxMs()).as("%s %s max", f, e.getKey())
            .isCloseTo(max, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(h.envelope().meanMs()).as("%s %s mean", f, e.getKey())
            .isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-6));
        samples += want.size();
      }
      compared++;
    }
    System.out.printf("tshark oracle: %d captures, %d handshake RTT samples equal%n", compared,
        samples);
    assertThat(samples).isGreaterThan(20);
  }

  /** Per host: the handshake ack_rtt values (ms) Wireshark reports. */
  static Map<InetAddress, List<Double>> tshark(Path f) throws Exception {
    Process p = new ProcessBuilder(TSHARK.toString(), "-n", "-r", f.toString(), "-Y", "tcp",
        "-T", "fields", "-E", "separator=/t", "-e", "tcp.stream", "-e", "ip.src", "-e",
        "ipv6.src", "-e", "tcp.flags", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-e",
        "tcp.analysis.ack_rtt", "-e", "frame.time_epoch")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("tshark timed out on " + f);
    }
    assertThat(p.exitValue()).as("tshark exit on " + f).isZero();
    final class Stream {
      int syns;
      String synSrc;
      int synAcks;
      long synAckSeq;
      String synAckTime;
      boolean ackDone;
    }
    Map<String, Stream> streams = new TreeMap<>();
    Map<InetAddress, List<Double>> exp = new HashMap<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      Stream st = streams.computeIfAbsent(c[0], k -> new Stream());
      String src = c[1].isEmpty() ? c[2] : c[1];
      int flags = Integer.decode(c[3]);
      long ack = c[5].isEmpty() ? -1 : Long.parseLong(c[5]);
      String rtt = c[6];
      boolean syn = (flags & 0x02) != 0;
      boolean isAck = (flags & 0x10) != 0;
      boolean rst = (flags & 0x04) != 0;
      if (rst) {
        continue;
      }
      if (syn && !isAck) {
        if (st.synAcks == 0) {
          st.syns++;
          st.synSrc = src;
        }
      } else if (syn) {
        st.synAcks++;
        if (st.synAcks == 1) {
          st.synAckSeq = Long.parseLong(c[4]);
          st.synAckTime = c[7];
          if (st.syns == 1 && !rtt.isEmpty() && !src.equals(st.synSrc)) {
            exp.computeIfAbsent(InetAddress.getByName(src), k -> new ArrayList<>())
                .add(Double.parseDouble(rtt) * 1000);
          }
        }
      } else if (isAck && st.synAcks >= 1 && !st.ackDone && src.equals(st.synSrc)
          && ack == ((st.synAckSeq + 1) & 0xFFFF_FFFFL)) {
        st.ackDone = true;
        if (rtt.isEmpty() && c[7].equals(st.synAckTime)) {
          rtt = "0"; // Wireshark leaves ack_rtt out when the interval is exactly 0
        }
        if (st.synAcks == 1 && !rtt.isEmpty()) {
          exp.computeIfAbsent(InetAddress.getByName(src), k -> new ArrayList<>())
              .add(Double.parseDouble(rtt) * 1000);
        }
      }
    }
    return exp;
  }
}
