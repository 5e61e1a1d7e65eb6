package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether an mtr report reached its destination, decided from mtr's hub list without any DNS
 * ({@link MtrDecoder#reached}): names, addresses, mtr's {@code -b} form, and the cases the list
 * cannot decide.
 */
class MtrReachabilityTest {

  private static HopSummary answered(int ttl, String host) {
    return new HopSummary(ttl, host, new RttSummary(10, 10, 0.0, 1.0, 1.5, 2.0, 0.2, 1.4));
  }

  private static HopSummary silent(int ttl) {
    return new HopSummary(ttl, null, RttSummary.allLost(10));
  }

  /** Hops 1..n answered by {@code r<ttl>.example.net}, the last by {@code last}. */
  private static List<HopSummary> path(int n, String last) {
    List<HopSummary> hops = new ArrayList<>();
    for (int ttl = 1; ttl < n; ttl++) {
      hops.add(answered(ttl, "r" + ttl + ".example.net"));
    }
    hops.add(last == null ? silent(n) : answered(n, last));
    return hops;
  }

  @Test
  void reached_namesAndLastHubAnswered_isTrue() {
    // mtr ends its list at the destination, or one unanswered hop after the last answer.
    assertThat(MtrDecoder.reached("1.1.1.1", path(7, "one.one.one.one"), 7)).isTrue();
    assertThat(MtrDecoder.reached("www.example.com", path(7, "edge.cdn.example"), 7)).isTrue();
  }

  @Test
  void reached_namesAndTrailingUnansweredHub_isFalse() {
    assertThat(MtrDecoder.reached("www.example.com", path(5, null), 5)).isFalse();
    assertThat(MtrDecoder.reached("198.51.100.9", path(5, null), 5)).isFalse();
    assertThat(MtrDecoder.reached("198.51.100.9", List.of(), 0)).isFalse();
  }

  @Test
  void reached_hubNamesTheDestination_isTrueWhateverFollows() {
    List<HopSummary> hops = new ArrayList<>(path(3, "WWW.Example.COM"));
    hops.add(silent(4));
    assertThat(MtrDecoder.reached("www.example.com", hops, 4)).as("names ignore case").isTrue();
    assertThat(MtrDecoder.reached("2001:DB8::1", path(3, "2001:db8:0::1"), 3))
        .as("the same address in another spelling").isTrue();
    assertThat(MtrDecoder.reached("192.0.2.7", path(3, "host.example (192.0.2.7)"), 3))
        .as("mtr -b: name (address)").isTrue();
  }

  @Test
  void reached_lastHubIsAnotherAddress_isFalse() {
    assertThat(MtrDecoder.reached("192.0.2.7", path(6, "192.0.2.8"), 6)).isFalse();
    assertThat(MtrDecoder.reached("192.0.2.7", path(6, "host.example (192.0.2.8)"), 6)).isFalse();
  }

  @Test
  void reached_numericHopsButNamedDestination_isTrue() {
    // mtr -n www.example.com: hops are addresses, dst is the name as typed.
    assertThat(MtrDecoder.reached("www.example.com", path(4, "93.184.215.14"), 4)).isTrue();
  }

  @Test
  void reached_listAtTheDefaultMaxTtl_isUndecided() {
    assertThat(MtrDecoder.reached("www.example.com", path(30, "r30.example.net"), 30)).isNull();
    assertThat(MtrDecoder.reached("www.example.com", path(30, "www.example.com"), 30)).isTrue();
  }

  @Test
  void reached_lastListedHubDropped_isUndecided() {
    assertThat(MtrDecoder.reached("www.example.com", path(4, "r4.example.net"), 5)).isNull();
  }

  @Test
  void read_nameBasedReport_reachesAndIsNotFlaggedUnreached() throws IOException {
    TraceSummary s = (TraceSummary) MeasurementReader
        .readAll(Fixtures.path("mtr-names-reached.json")).measurements().get(0);
    assertThat(s.destination()).isEqualTo("198.51.100.20");
    assertThat(s.hops()).extracting(HopSummary::host).containsExactly("gw.example.org", null,
        "core1.transit.example.net", "www.example.com");
    assertThat(s.destinationReached()).isTrue();
    assertThat(analyse(s).destinationReached()).isTrue();
    assertThat(analyse(s).eventAnomalies()).doesNotContain(PathAnalysis.DESTINATION_UNREACHED);
  }

  @Test
  void read_nameBasedReportEndingUnanswered_isFlaggedUnreached() throws IOException {
    TraceSummary s = (TraceSummary) MeasurementReader
        .readAll(Fixtures.path("mtr-names-unreached.json")).measurements().get(0);
    assertThat(s.destinationReached()).isFalse();
    assertThat(analyse(s).eventAnomalies()).contains(PathAnalysis.DESTINATION_UNREACHED);
  }

  @Test
  void read_numericReportWithTheDestination_reaches() throws IOException {
    TraceSummary s = (TraceSummary) MeasurementReader
        .readAll(Fixtures.path("mtr-unknown-hop.json")).measurements().get(0);
    assertThat(s.destinationReached()).isTrue();
  }

  /** As the CLI does: each hop one reply at its best RTT, the report's verdict passed on. */
  static PathAnalysis analyse(TraceSummary s) {
    List<Hop> hops = new ArrayList<>();
    for (HopSummary h : s.hops()) {
      hops.add(new Hop(h.ttl(), List.of(h.host() == null ? HopReply.timeout()
          : HopReply.of(h.host(), h.stats().minMs()))));
    }
    return HopAnalyzer.defaults().analyze(new TracePath(s.source(), s.destination(), hops,
        s.destinationReached()));
  }
}
