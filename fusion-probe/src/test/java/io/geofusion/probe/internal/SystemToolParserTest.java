package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import java.util.List;
import io.geofusion.probe.ErrorReply;
import org.junit.jupiter.api.Test;

/** Reads text in the exact shapes iputils ping 20221126 and traceroute 2.1.2 print. */
class SystemToolParserTest {

  @Test
  void parsePing_repliesLossesErrorsAndDuplicates_indexedBySequence() {
    String text = """
        PING 198.18.9.9 (198.18.9.9) 56(84) bytes of data.
        64 bytes from 198.18.9.9: icmp_seq=1 ttl=64 time=39.3 ms
        From 10.20.30.1 icmp_seq=2 Time to live exceeded
        64 bytes from 198.18.9.9: icmp_seq=4 ttl=64 time=235 ms
        64 bytes from 198.18.9.9: icmp_seq=4 ttl=64 time=1.00 ms (DUP!)
        64 bytes from 198.18.9.9: icmp_seq=9 ttl=64 time=1.00 ms

        --- 198.18.9.9 ping statistics ---
        4 packets transmitted, 2 received, 50% packet loss, time 3004ms
        rtt min/avg/max/mdev = 39.300/137.150/235.000/97.850 ms
        """;
    SystemToolParser.PingLines p = SystemToolParser.parsePing(text, 4);
    assertThat(p.rttsMs()).containsExactly(39.3, Double.NaN, Double.NaN, 235.0);
    assertThat(p.responders()).containsExactly("198.18.9.9", "10.20.30.1", null, "198.18.9.9");
  }

  @Test
  void parsePing_icmpErrors_senderTypeAndCodeFromPingsWords() {
    String v4 = """
        From 10.20.30.1 icmp_seq=1 Time to live exceeded
        From 198.18.2.1 icmp_seq=2 Packet filtered
        From 198.18.2.1 icmp_seq=3 Destination Host Unreachable
        From 198.18.2.1 icmp_seq=4 Dest Unreachable, Bad Code: 99
        From 198.18.2.1 icmp_seq=5 Something new
        """;
    SystemToolParser.PingLines p = SystemToolParser.parsePing(v4, 6);
    assertThat(p.errors()).containsExactly(ErrorReply.icmp("10.20.30.1", false, 11, 0),
        ErrorReply.icmp("198.18.2.1", false, 3, 13), ErrorReply.icmp("198.18.2.1", false, 3, 1),
        ErrorReply.icmp("198.18.2.1", false, 3, 99),
        new ErrorReply("198.18.2.1", -1, -1, false, "icmp_error"), null);
    assertThat(p.errors()[1].meaning()).isEqualTo("admin_prohibited");
    String v6 = """
        From 2001:db8:2::1 icmp_seq=1 Destination unreachable: Administratively prohibited
        From 2001:db8:1::1 icmp_seq=2 Time exceeded: Hop limit
        """;
    p = SystemToolParser.parsePing(v6, 2);
    assertThat(p.errors()).containsExactly(ErrorReply.icmp("2001:db8:2::1", true, 1, 1),
        ErrorReply.icmp("2001:db8:1::1", true, 3, 0));
    assertThat(p.errors()).extracting(ErrorReply::meaning)
        .containsExactly("admin_prohibited", "ttl_exceeded");
  }

  @Test
  void parsePing_ipv6Replies_canonicalAddresses() {
    String text = "64 bytes from 2001:db8:9::9: icmp_seq=1 ttl=64 time=20.7 ms\n";
    SystemToolParser.PingLines p = SystemToolParser.parsePing(text, 1);
    assertThat(p.responders()).containsExactly("2001:db8:9::9");
    assertThat(p.rttsMs()).containsExactly(20.7);
  }

  @Test
  void parseTraceroute_starsFlagsSeveralRespondersAndMpls() {
    String text = """
        traceroute to 198.18.9.9 (198.18.9.9), 30 hops max, 60 byte packets
         1  198.18.1.1  1.021 ms  1.002 ms  0.998 ms
         2  10.20.30.1  235.113 ms * 235.204 ms
         3  198.18.3.1 <MPLS:L=24001,E=0,S=1,T=1>  35.512 ms  35.499 ms  35.480 ms
         4  * * *
         5  198.18.4.1  37.1 ms 198.18.4.2  37.4 ms !H  *
         6  198.18.9.9  39.101 ms !X
        """;
    List<Hop> hops = SystemToolParser.parseTraceroute(text, 3);
    assertThat(hops).extracting(Hop::ttl).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(hops.get(1).replies()).extracting(HopReply::answered)
        .containsExactly(true, false, true);
    assertThat(hops.get(2).replies()).allSatisfy(r ->
        assertThat(r.mpls()).containsExactly(new MplsLabel(24001, 0, true, 1)));
    assertThat(hops.get(3).replies()).noneMatch(HopReply::answered);
    List<HopReply> h5 = hops.get(4).replies();
    assertThat(h5.get(0)).isEqualTo(HopReply.of("198.18.4.1", 37.1));
    assertThat(h5.get(1)).isEqualTo(new HopReply("198.18.4.2", 37.4, List.of(), "!H"));
    assertThat(h5.get(2).answered()).isFalse();
    // A short line (traceroute stops a hop early on !X) is padded with timeouts to 3 queries.
    assertThat(hops.get(5).replies()).hasSize(3);
    assertThat(hops.get(5).replies().get(0).flag()).isEqualTo("!X");
  }

  @Test
  void parseTraceroute_garbageAndOutOfOrderLines_areSkipped() {
    String text = """
        traceroute: some warning
         2  198.18.2.1  2.0 ms
         1  198.18.1.1  1.0 ms
        not a hop line
        """;
    List<Hop> hops = SystemToolParser.parseTraceroute(text, 1);
    assertThat(hops).extracting(Hop::ttl).containsExactly(2);
  }

  @Test
  void parse_hostileNumbers_areSkippedNotThrown() {
    String ping = """
        64 bytes from 198.18.9.9: icmp_seq=99999999999999 ttl=64 time=1.0 ms
        64 bytes from 198.18.9.9: icmp_seq=1 ttl=64 time=99999999999999999999999 ms
        """;
    SystemToolParser.PingLines p = SystemToolParser.parsePing(ping, 2);
    assertThat(p.rttsMs()).containsExactly(Double.NaN, Double.NaN);
    String trace = """
         1  198.18.1.1  99999999999999999999999999999999999999999 ms
         2  198.18.2.1 <MPLS:L=9999999,E=9,S=1,T=999>  2.0 ms
         9999  198.18.3.1  3.0 ms
        """;
    List<Hop> hops = SystemToolParser.parseTraceroute(trace, 1);
    assertThat(hops).extracting(Hop::ttl).containsExactly(1, 2);
    assertThat(hops.get(0).replies().get(0).answered()).isFalse();
    assertThat(hops.get(1).replies().get(0)).isEqualTo(HopReply.of("198.18.2.1", 2.0));
  }
}
