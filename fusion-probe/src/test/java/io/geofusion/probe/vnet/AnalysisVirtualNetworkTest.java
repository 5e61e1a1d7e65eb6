package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.json.PingDocuments;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LiveRun;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeChoice;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopFlag;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.backend.Probers;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's live {@link Analysis} across a real kernel: ping, traceroute, stretch and fusion
 * of the origin's artifact path (hop 2 a 10.x router answering at 235 ms) inside the virtual
 * network, with the first backend that can run there (as {@code --backend auto} picks it) and a
 * City database placing the scenario's 198.18/15 hops in Europe. Needs root and /dev/net/tun;
 * skips saying so otherwise.
 */
class AnalysisVirtualNetworkTest {

  private static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  private static final LatLon LONDON = LatLon.of(51.51, -0.13);
  /** Scenario delays are met within this. */
  private static final double TOLERANCE_MS = 1.0;

  /** The first backend that can run each operation with ICMP here. */
  private static final ProbeSelector AUTO = (op, target) -> {
    Probers.Selection s = Probers.select(op, ProbeMethod.ICMP, target instanceof Inet6Address);
    return new ProbeChoice(s.prober(), ProbeMethod.ICMP, 0, s.skipped());
  };

  @TempDir static Path dir;

  private static VirtualNetwork net;
  private static Scenario scenario;
  private static GeoIpService geo;
  private static HostLocator locator;

  @BeforeAll
  static void start() throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped, virtual network unavailable: "
        + why.orElse(""));
    Path city = dir.resolve("vnet.mmdb");
    MmdbWriter.ipv6("Analysis-VNet-City")
        .insert("198.18.1.0/24", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", null, "Frankfurt"))
        .insert("198.18.3.0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.90), 20, "NL", null,
            "Amsterdam"))
        .insert("198.18.4.0/24", MmdbWriter.cityRecord(LONDON, 20, "GB", null, "London"))
        .insert("198.18.9.0/24", MmdbWriter.cityRecord(LONDON, 50, "GB", null, "London"))
        .write(city);
    geo = MaxMindGeoIpService.open(city);
    locator = HostLocator.builder(FusionEngine.create()).geoIp(geo).build();
    scenario = Scenario.load("origin-artifact");
    net = VirtualNetwork.start(scenario);
  }

  @AfterAll
  static void stop() throws Exception {
    if (net != null) {
      net.close();
    }
    if (geo != null) {
      geo.close();
    }
  }

  private static Analysis analysis() {
    return Analysis.builder(locator, AUTO).vantage(FRANKFURT)
        .ping(new PingSettings(5, Duration.ofMillis(200), Duration.ofSeconds(2)))
        .trace(new TraceSettings(1, 10, 3, Duration.ofSeconds(2))).build();
  }

  @Test
  void analyse_originArtifact_flagsThePathAndFusesNearLondon() throws Exception {
    Analysis.Result[] last = new Analysis.Result[1];
    MinRttBound.assertNear("destination", scenario.destinationRttMs(), TOLERANCE_MS, () -> {
      last[0] = net.call(() -> analysis().analyse(LiveTarget.resolve(scenario.destination())));
      return last[0].ping().result().envelope().minMs();
    });
    Analysis.Result r = last[0];

    HopAnalysis hop2 = r.trace().orElseThrow().analysis().hop(2).orElseThrow();
    assertThat(hop2.address()).isEqualTo("10.20.30.1");
    assertThat(hop2.flags()).contains(HopFlag.PRIVATE_BACKBONE, HopFlag.RTT_SPIKE);
    assertThat(r.trace().get().result().reachedDestination()).isTrue();
    assertThat(r.stretchSource()).isEqualTo(Analysis.StretchSource.PATH_NETWORKS);
    assertThat(r.hopLookups().get(1).location().orElseThrow().city()).isEqualTo("Frankfurt");
    assertThat(r.hopLookups().get(2).location()).as("10.x is in no database").isEmpty();
    assertThat(r.geoPath().orElseThrow().locatedWaypoints()).hasSize(4);
    assertThat(r.vantages()).singleElement()
        .satisfies(v -> assertThat(v.id()).isEqualTo(Analysis.LOCAL_VANTAGE));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.report().geoIp().orElseThrow().city()).isEqualTo("London");
    assertThat(r.report().result()).isInstanceOfSatisfying(FusionResult.Located.class,
        l -> assertThat(Geodesy.distanceKm(l.estimate(), LONDON)).isLessThan(200));
  }

  @Test
  void analyse_allSilent_everyWaitEndsByItsDeadline() throws Exception {
    PingSettings ping = new PingSettings(2, Duration.ofMillis(200), Duration.ofMillis(300));
    TraceSettings trace = new TraceSettings(1, 5, 2, Duration.ofMillis(300));
    Analysis a = Analysis.builder(locator, AUTO).vantage(FRANKFURT).ping(ping).trace(trace)
        .build();
    try (VirtualNetwork silent = VirtualNetwork.start(Scenario.load("all-silent"))) {
      long start = System.nanoTime();
      Analysis.Result r = silent.call(() -> a.analyse(
          LiveTarget.resolve(silent.destination().getHostAddress())));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(ping.deadline().plus(trace.deadline())
          .plusSeconds(10));
      assertThat(r.warnings()).extracting(Analysis.Warning::kind).containsExactly(
          Analysis.Warning.Kind.PATH_ENDS_EARLY, Analysis.Warning.Kind.NO_REPLY);
      assertThat(r.vantages()).isEmpty();
      assertThat(PingDocuments.live(r.ping()).anomalies()).containsExactly("no_reply");
    }
  }

  @Test
  void liveRun_severalTargets_failingOnesReportedOthersComplete() throws Exception {
    Analysis a = analysis();
    List<LiveRun.Outcome<Analysis.Result>> outcomes = net.call(() -> LiveRun.run(
        List.of(scenario.destination(), "224.0.0.9", "nowhere.invalid"), 2, a.bound(),
        a::analyse, o -> { }));

    assertThat(outcomes).extracting(LiveRun.Outcome::ok).containsExactly(true, false, false);
    assertThat(outcomes.get(0).value().report().target()).isEqualTo(scenario.destination());
    assertThat(outcomes.get(1).error()).hasMessageContaining("multicast address 224.0.0.9");
    assertThat(outcomes.get(2).error()).hasMessageContaining("cannot resolve 'nowhere.invalid'");
  }
}
