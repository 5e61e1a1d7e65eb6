package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.probe.ErrorReply;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TimestampSource;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.internal.AddressText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, run over every backend and method, across a real kernel: probes leave through
 * the namespace's routing table into the TUN device and the emulated path answers (see
 * {@link VirtualNetwork}). Needs root and /dev/net/tun; skips saying so otherwise. A backend
 * that cannot run here (tool not installed) skips with its own one-line reason.
 */
class ProberContractTest {

  /** Scenario delays are met within this (the target: 1 ms of the configured delay). */
  private static final double TOLERANCE_MS = 1.0;

  /**
   * Slack on a wall-clock deadline beyond the contract's 10 %: the JVM's and an external tool's
   * threads waking late and the tool's exit on a loaded machine (2 cores, load ~11). Far below
   * one probe wait (5 s in the deadline test), so a prober that waits out one more probe past
   * its deadline still fails.
   */
  private static final Duration SCHEDULING_SLACK = Duration.ofMillis(500);

  private static VirtualNetwork net;

  @BeforeAll
  static void startNetwork() throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped, virtual network unavailable: "
        + why.orElse(""));
    net = VirtualNetwork.start(Scenario.load("origin-artifact"));
    System.out.println("virtual network " + net.name() + ", handler scheduling: "
        + net.scheduling());
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  private static void assumeRuns(Backends.Case c, Prober.Operation op, boolean v6)
      throws Exception {
    Optional<String> why = net.call(() -> c.prober().unavailableReason(op, c.method(), v6));
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped " + c + ": " + why.orElse(""));
  }

  private static TraceResult trace(Backends.Case c, Scenario s, int maxTtl, Duration wait,
      Duration deadline) throws Exception {
    net.emulate(s);
    TraceRequest req = TraceRequest.builder(s.destinationAddress()).method(c.method())
        .maxTtl(maxTtl).queriesPerHop(3).probeWait(wait).deadline(deadline).build();
    return net.call(() -> c.prober().trace(req));
  }

  private static double minRtt(Hop hop) {
    return hop.replies().stream().filter(HopReply::answered).mapToDouble(HopReply::rttMs).min()
        .orElse(Double.NaN);
  }

  private static List<String> addresses(Hop hop) {
    return hop.replies().stream().filter(HopReply::answered).map(HopReply::address).distinct()
        .toList();
  }

  /**
   * Runs {@code runs} traces (more while a hop's minimum RTT is still above its bound, at most
   * {@link MinRttBound#MAX_ATTEMPTS} more) and compares each with the scenario hop by hop:
   * responders, flags and labels in every run; each hop's minimum RTT at least the configured
   * delay less the tolerance in every run, and its minimum over all runs within the tolerance
   * (an emulator thread descheduled on a loaded machine delays every query of a hop in one run;
   * it is the minimum that carries the path delay, see {@link MinRttBound}).
   *
   * @return every run taken
   */
  private static List<TraceResult> assertMatches(Scenario s, int runs, Backends.Case c)
      throws Exception {
    List<TraceResult> taken = new java.util.ArrayList<>();
    while (taken.size() < runs
        || taken.size() < runs + MinRttBound.MAX_ATTEMPTS && !hopsWithinBounds(s, taken)) {
      TraceResult r = trace(c, s, 10, Duration.ofSeconds(2), Duration.ofSeconds(30));
      assertStructure(s, r, c);
      taken.add(r);
    }
    for (int k = 1; k <= s.pathLength() + 1; k++) {
      int hop = k;
      double expected = expectedRtt(s, k);
      for (int i = 0; i < taken.size(); i++) {
        assertThat(minRtt(taken.get(i).path().hops().get(hop - 1)))
            .as("hop %d min RTT via %s, run %d (delay only adds)", k, c, i + 1)
            .isGreaterThanOrEqualTo(expected - TOLERANCE_MS);
      }
      assertThat(bestMinRtt(taken, hop))
          .as("hop %d min RTT via %s over %d runs", k, c, taken.size())
          .isCloseTo(expected, within(TOLERANCE_MS));
    }
    return taken;
  }

  private static double expectedRtt(Scenario s, int hop) {
    return hop <= s.pathLength() ? s.hopRttMs(hop) : s.destinationRttMs();
  }

  private static double bestMinRtt(List<TraceResult> runs, int hop) {
    return runs.stream().mapToDouble(r -> minRtt(r.path().hops().get(hop - 1))).min()
        .orElse(Double.POSITIVE_INFINITY);
  }

  private static boolean hopsWithinBounds(Scenario s, List<TraceResult> runs) {
    for (int k = 1; k <= s.pathLength() + 1; k++) {
      if (!(bestMinRtt(runs, k) <= expectedRtt(s, k) + TOLERANCE_MS)) {
        return false;
      }
    }
    return true;
  }

  /** Responders, flags, labels, backend and timestamp source of one trace. */
  private static void assertStructure(Scenario s, TraceResult r, Backends.Case c) {
    List<Hop> hops = r.path().hops();
    assertThat(hops).as("hops of %s", c).hasSize(s.pathLength() + 1);
    for (int k = 1; k <= s.pathLength(); k++) {
      Hop hop = hops.get(k - 1);
      Scenario.HopSpec spec = s.hops().get(k - 1);
      assertThat(hop.ttl()).isEqualTo(k);
      assertThat(addresses(hop)).as("hop %d responders via %s", k, c)
          .containsExactly(canonical(spec.address()));
      assertThat(hop.replies()).as("hop %d MPLS via %s", k, c).allSatisfy(x ->
          assertThat(x.mpls()).isEqualTo(c.readsMpls() ? spec.labels() : List.of()));
      assertThat(hop.replies()).allSatisfy(x -> assertThat(x.flag()).isNull());
    }
    Hop last = hops.get(s.pathLength());
    assertThat(addresses(last)).containsExactly(canonical(s.destination()));
    assertThat(r.reachedDestination()).isTrue();
    assertThat(r.backend()).isEqualTo(c.backend());
    assertThat(r.method()).isEqualTo(c.method());
    assertThat(r.timestampSource()).isEqualTo(!c.backend().startsWith("native")
        ? TimestampSource.EXTERNAL_TOOL : TimestampSource.KERNEL);
  }

  private static String canonical(String literal) {
    return AddressText.canonical(literal);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_originArtifact_hopsRttsAndLabelsMatchScenario(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, false);
    Scenario s = Scenario.load("origin-artifact");
    List<TraceResult> runs = assertMatches(s, 3, c);
    // The origin's artifact survives measurement: hop 2 (private) slower than hop 3. Judged on
    // each hop's minimum over the runs, like assertMatches: one run's scheduling stall on a
    // loaded machine read 43.9 ms for hop 3 once.
    double hop2 = bestMinRtt(runs, 2);
    double hop3 = bestMinRtt(runs, 3);
    assertThat(hop2).isGreaterThan(200.0);
    assertThat(hop3).isLessThan(40.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_ipv6Path_hopsRttsAndLabelsMatchScenario(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, true);
    Scenario s = Scenario.load("ipv6-path");
    assertMatches(s, 3, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_silentMiddle_silentHopsAreTimeoutsAndPathContinues(Backends.Case c)
      throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, false);
    Scenario s = Scenario.load("silent-middle");
    MinRttBound.assertNear("hop 5 via " + c, s.hopRttMs(5), TOLERANCE_MS, () -> {
      TraceResult r = trace(c, s, 10, Duration.ofSeconds(1), Duration.ofSeconds(30));
      List<Hop> hops = r.path().hops();
      assertThat(hops).hasSize(6);
      for (int k = 2; k <= 4; k++) {
        assertThat(hops.get(k - 1).replies()).as("hop %d via %s", k, c)
            .hasSize(3).noneMatch(HopReply::answered);
      }
      assertThat(addresses(hops.get(4))).containsExactly("198.18.5.1");
      assertThat(r.reachedDestination()).isTrue();
      return minRtt(hops.get(4));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_routingLoop_addressesRepeatAndDestinationNeverReached(Backends.Case c)
      throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, false);
    Scenario s = Scenario.load("routing-loop");
    TraceResult r = trace(c, s, 8, Duration.ofSeconds(1), Duration.ofSeconds(30));
    List<String> seen = r.path().hops().stream().map(h -> addresses(h).get(0)).toList();
    assertThat(seen).containsExactly("198.18.1.1", "198.18.2.1", "198.18.3.1", "198.18.2.1",
        "198.18.3.1", "198.18.2.1", "198.18.3.1", "198.18.2.1");
    assertThat(r.reachedDestination()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_adminProhibited_lastHopFlaggedAndTraceStops(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, false);
    Scenario s = Scenario.load("admin-prohibited");
    // 5 ms, as before: the prohibited answer is judged on its flag, its RTT only roughly.
    MinRttBound.assertNear("flagged hop via " + c, s.hopRttMs(2), 5.0, () -> {
      TraceResult r = trace(c, s, 10, Duration.ofSeconds(1), Duration.ofSeconds(30));
      List<Hop> hops = r.path().hops();
      assertThat(hops).as("hops via %s", c).hasSize(3);
      Hop last = hops.get(2);
      assertThat(addresses(last)).containsExactly("198.18.2.1");
      assertThat(last.replies()).filteredOn(HopReply::answered).isNotEmpty()
          .allSatisfy(x -> assertThat(x.flag()).as("flag via %s", c).isEqualTo("!X"));
      assertThat(r.reachedDestination()).isFalse();
      return minRtt(last);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#traces")
  void trace_allSilent_endsWithinDeadlinePlusTenPercent(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.TRACE, false);
    Scenario s = Scenario.load("all-silent");
    Duration deadline = Duration.ofMillis(2500);
    long t0 = System.nanoTime();
    TraceResult r = trace(c, s, 30, Duration.ofSeconds(5), deadline);
    long wallNanos = System.nanoTime() - t0;
    // The contract: done by the deadline plus 10 %; plus SCHEDULING_SLACK for a loaded machine.
    assertThat(wallNanos).as("wall time of %s", c)
        .isLessThanOrEqualTo(deadline.toNanos() * 11 / 10 + SCHEDULING_SLACK.toNanos());
    assertThat(r.path().hops()).allSatisfy(h ->
        assertThat(h.replies()).noneMatch(HopReply::answered));
    assertThat(r.reachedDestination()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#pings")
  void ping_originArtifact_minRttWithinToleranceAndAllAnswered(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.PING, false);
    Scenario s = Scenario.load("origin-artifact");
    net.emulate(s);
    PingRequest req = PingRequest.builder(s.destinationAddress()).method(c.method())
        .port(c.method() == ProbeMethod.TCP ? 443 : c.method().defaultPort()).count(5)
        .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).build();
    MinRttBound.assertNear("min RTT via " + c, s.destinationRttMs(), TOLERANCE_MS, () -> {
      PingResult r = net.call(() -> c.prober().ping(req));
      assertThat(r.rttsMs()).hasSize(5);
      assertThat(r.envelope().received()).as("replies via %s: %s", c, r).isEqualTo(5);
      assertThat(r.responders()).containsOnly("198.18.9.9");
      assertThat(r.backend()).isEqualTo(c.backend());
      return r.envelope().minMs();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#pings")
  void ping_thirtyPercentLoss_lossRatioNearConfigured(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.PING, false);
    Scenario s = Scenario.load("loss-30");
    net.emulate(s);
    PingRequest req = PingRequest.builder(s.destinationAddress()).method(c.method())
        .port(c.method() == ProbeMethod.TCP ? 80 : c.method().defaultPort()).count(40)
        .interval(Duration.ofMillis(20)).timeout(Duration.ofMillis(500)).build();
    MinRttBound.assertNear("min RTT via " + c, s.destinationRttMs(), TOLERANCE_MS, () -> {
      PingResult r = net.call(() -> c.prober().ping(req));
      // 40 Bernoulli(0.3) draws (seeded): the loss ratio lies in [0.1, 0.55] with p > 0.999.
      assertThat(r.envelope().lossRatio()).as("loss via %s: %s", c, r).isBetween(0.1, 0.55);
      return r.envelope().minMs();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#pings")
  void ping_ipv6Path_minRttWithinTolerance(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.PING, true);
    Scenario s = Scenario.load("ipv6-path");
    net.emulate(s);
    PingRequest req = PingRequest.builder(s.destinationAddress()).method(c.method())
        .port(c.method() == ProbeMethod.TCP ? 80 : c.method().defaultPort()).count(5)
        .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).build();
    MinRttBound.assertNear("min RTT via " + c, s.destinationRttMs(), TOLERANCE_MS, () -> {
      PingResult r = net.call(() -> c.prober().ping(req));
      assertThat(r.envelope().received()).as("replies via %s: %s", c, r).isEqualTo(5);
      assertThat(r.responders()).containsOnly("2001:db8:9::9");
      assertThat(r.target()).isEqualTo("2001:db8:9::9");
      return r.envelope().minMs();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tcpPings")
  void ping_tcpOpenAndClosedPorts_synAckAndRstBothAnswer(Backends.Case c) throws Exception {
    assumeRuns(c, Prober.Operation.PING, false);
    Scenario s = Scenario.load("origin-artifact");
    net.emulate(s);
    for (int port : new int[] {443, 444}) {
      PingRequest req = PingRequest.builder(s.destinationAddress()).method(ProbeMethod.TCP)
          .port(port).count(3).interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1))
          .build();
      int p = port;
      MinRttBound.assertNear("port " + p + " via " + c, s.destinationRttMs(), TOLERANCE_MS,
          () -> {
        PingResult r = net.call(() -> c.prober().ping(req));
        assertThat(r.envelope().received()).as("port %d via %s: %s", p, c, r).isEqualTo(3);
        return r.envelope().minMs();
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#pings")
  void ping_adminProhibited_errorSaysWhoAnsweredWithTypeAndCode(Backends.Case c)
      throws Exception {
    assumeRuns(c, Prober.Operation.PING, false);
    Scenario s = Scenario.load("admin-prohibited");
    net.emulate(s);
    PingRequest req = PingRequest.builder(s.destinationAddress()).method(c.method())
        .port(c.method() == ProbeMethod.TCP ? 443 : c.method().defaultPort()).count(2)
        .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).build();
    PingResult r = net.call(() -> c.prober().ping(req));
    assertThat(r.envelope().received()).as("replies via %s: %s", c, r).isZero();
    assertThat(r.errors()).as("errors via %s", c).hasSize(2).doesNotContainNull();
    for (ErrorReply e : r.errors()) {
      if (c.method() == ProbeMethod.TCP) {
        // connect() learns EHOSTUNREACH only: no sender, no type/code (docs/probing.md)
        assertThat(e.from()).isNull();
        assertThat(e.typeKnown()).isFalse();
        assertThat(e.meaning()).isEqualTo("no_route_to_host");
      } else {
        assertThat(e).as("via %s", c).isEqualTo(ErrorReply.icmp("198.18.2.1", false, 3, 13));
        assertThat(e.meaning()).isEqualTo("admin_prohibited");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.geofusion.probe.vnet.Backends#pings")
  void ping_ttlExceeded_v4AndV6_errorFromTheFirstHop(Backends.Case c) throws Exception {
    Assumptions.assumeTrue(c.method() != ProbeMethod.TCP,
        "tcp-connect cannot set a unicast TTL (Java)");
    for (String name : List.of("origin-artifact", "ipv6-path")) {
      Scenario s = Scenario.load(name);
      assumeRuns(c, Prober.Operation.PING, s.ipv6());
      net.emulate(s);
      PingRequest req = PingRequest.builder(s.destinationAddress()).method(c.method())
          .port(c.method().defaultPort()).count(2).ttl(1).interval(Duration.ofMillis(200))
          .timeout(Duration.ofSeconds(1)).build();
      PingResult r = net.call(() -> c.prober().ping(req));
      assertThat(r.envelope().received()).as("replies via %s: %s", c, r).isZero();
      String hop1 = s.hops().get(0).address();
      ErrorReply expected = ErrorReply.icmp(hop1, s.ipv6(), s.ipv6() ? 3 : 11, 0);
      assertThat(r.errors()).as("%s via %s", name, c).containsOnly(expected);
      assertThat(expected.meaning()).isEqualTo("ttl_exceeded");
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> tcpPings() {
    return Backends.pings().filter(a -> ((Backends.Case) a.get()[0]).method() == ProbeMethod.TCP);
  }
}
