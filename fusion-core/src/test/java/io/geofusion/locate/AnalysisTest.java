package io.geofusion.locate;

import static io.geofusion.locate.ScriptedProber.hop;
import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.json.PingDocuments;
import io.geofusion.json.TraceDocuments;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.rtt.DistanceModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Analysis} over a scripted backend (no network): a path Frankfurt → AS1299 (tier 1,
 * stretch 1.3) → AS7155 (satellite, 2.5) → a target GeoIP places in London, with real MaxMind DB
 * files written by {@link MmdbWriter}.
 */
class AnalysisTest {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final LatLon LONDON = LatLon.of(51.51, -0.13);
  static final String TARGET = "198.51.100.7";
  static final String VIASAT_TARGET = "5.6.7.8";
  static final String UNLISTED_TARGET = "93.184.216.34";

  /** 10.x (private), AS1299, AS7155, then the target. */
  static final List<Hop> PATH = List.of(hop(1, "10.0.0.1", 0.4), hop(2, "62.115.40.1", 2.0),
      hop(3, "5.6.7.1", 6.0), hop(4, TARGET, 8.8));

  @TempDir static Path dir;

  static GeoIpService geo;
  static HostLocator locator;

  @BeforeAll
  static void writeDatabases() throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Analysis-Test-City")
        .insert("62.115.40.0/24", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", null, "Frankfurt"))
        .insert("198.51.100.0/24", MmdbWriter.cityRecord(LONDON, 20, "GB", null, "London"))
        .write(city);
    Path asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("Analysis-Test-ASN")
        .insert("62.115.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(1299),
            "autonomous_system_organization", "Arelion"))
        .insert("5.6.7.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(7155),
            "autonomous_system_organization", "Viasat"))
        .write(asn);
    geo = MaxMindGeoIpService.open(city, asn);
    locator = HostLocator.builder(FusionEngine.create()).geoIp(geo).build();
  }

  @AfterAll
  static void close() {
    geo.close();
  }

  private static ScriptedProber prober(double... rttsMs) {
    List<Double> rtts = new ArrayList<>();
    for (double v : rttsMs) {
      rtts.add(v);
    }
    return new ScriptedProber(rtts, PATH, null);
  }

  private static Analysis.Builder analysis(ScriptedProber p) {
    return Analysis.builder(locator, ProbeSelector.of(p, ProbeMethod.ICMP)).vantage(FRANKFURT);
  }

  private static LiveTarget target(String address) throws LiveTarget.TargetException {
    return LiveTarget.resolve(address);
  }

  @Test
  void analyse_tracedPath_stretchOfThePathsNetworksAndOneObservationFromTheVantage()
      throws Exception {
    Analysis.Result r = analysis(prober(9.5, 9.2, 9.4)).build().analyse(target(TARGET));

    assertThat(r.stretchSource()).isEqualTo(Analysis.StretchSource.PATH_NETWORKS);
    // private 10.x is skipped, the target has no AS: the mean of 1.3 and 2.5
    assertThat(r.routeStretch()).isCloseTo(1.9, within(1e-9));
    assertThat(r.trace()).isPresent();
    assertThat(r.geoPath()).isPresent();
    assertThat(r.hopLookups().keySet()).containsExactly(1, 2, 3, 4);
    assertThat(r.hopLookups().get(2).asn().orElseThrow().asn()).isEqualTo(1299);
    assertThat(r.hopLookups().get(4).location().orElseThrow().city()).isEqualTo("London");
    // the destination answered the trace at 8.8 ms, faster than any ping
    assertThat(r.vantages()).containsExactly(
        new VantageObservation(Analysis.LOCAL_VANTAGE, FRANKFURT, 8.8, 0.0));
    assertThat(r.report().target()).isEqualTo(TARGET);
    assertThat(r.report().geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.AGREES);
    assertThat(Geodesy.distanceKm(located(r.report().result()).estimate(), LONDON))
        .isLessThan(300);
    assertThat(r.warnings()).isEmpty();
    var distance = PingDocuments.live(r.ping()).distance();
    assertThat(distance.estimateKm()).isCloseTo(distance.maxKm() / 1.9, within(0.01));
    assertThat(PingDocuments.live(r.ping()).metrics().minRtt()).isEqualTo(9.2);
  }

  @Test
  void analyse_settings_reachTheBackendAndBoundTheJob() throws Exception {
    ScriptedProber p = prober(9.5);
    PingSettings ping = new PingSettings(3, Duration.ofMillis(200), Duration.ofMillis(500));
    TraceSettings trace = new TraceSettings(2, 12, 2, Duration.ofSeconds(20));
    Analysis a = Analysis.builder(locator, ProbeSelector.of(p, ProbeMethod.UDP, 4000))
        .ping(ping).trace(trace).build();

    a.analyse(target(TARGET));

    assertThat(p.pings).singleElement().satisfies(q -> {
      assertThat(q.count()).isEqualTo(3);
      assertThat(q.interval()).isEqualTo(Duration.ofMillis(200));
      assertThat(q.timeout()).isEqualTo(Duration.ofMillis(500));
      assertThat(q.method()).isEqualTo(ProbeMethod.UDP);
      assertThat(q.port()).isEqualTo(4000);
    });
    assertThat(p.traces).singleElement().satisfies(q -> {
      assertThat(q.firstTtl()).isEqualTo(2);
      assertThat(q.maxTtl()).isEqualTo(12);
      assertThat(q.queriesPerHop()).isEqualTo(2);
      assertThat(q.deadline()).isEqualTo(Duration.ofSeconds(40));
    });
    // 10 s + 0.9 s + 10 s + 40 s + 10 s
    assertThat(a.bound()).isEqualTo(Duration.ofMillis(70_900));
  }

  @Test
  void analyse_remoteVantages_areStartedFirstAndFusedWithTheLocalOne() throws Exception {
    List<String> order = new java.util.ArrayList<>();
    ScriptedProber p = prober(9.5);
    RemoteVantages remote = new RemoteVantages() {
      @Override
      public Pending start(LiveTarget t) {
        order.add("start " + t.addressText() + " pings so far " + p.pings.size());
        return () -> List.of(EvidenceAssembler.observation("agent:london", LONDON, 4.0, 0));
      }

      @Override
      public Duration bound() {
        return Duration.ofSeconds(200);
      }
    };
    Analysis a = analysis(p).remote(remote).build();
    Analysis.Result r = a.analyse(target(TARGET));
    assertThat(order).containsExactly("start " + TARGET + " pings so far 0");
    assertThat(r.vantages()).extracting(io.geofusion.fusion.VantageObservation::id)
        .containsExactly(Analysis.LOCAL_VANTAGE, "agent:london");
    assertThat(io.geofusion.testing.FusionResults.located(r.report().result()).diagnostics()
        .vantagesUsed()).isEqualTo(2);
    // the bound covers the remote deadline: slack + 200 s + slack
    assertThat(a.bound()).isEqualTo(Duration.ofSeconds(220));
  }

  @Test
  void bound_defaults_66Seconds() {
    assertThat(analysis(prober(1)).build().bound()).isEqualTo(Duration.ofSeconds(66));
  }

  @Test
  void analyse_noTraceBackend_warnsAndTakesTheTargetsNetworkStretch() throws Exception {
    ScriptedProber p = new ScriptedProber(List.of(30.0, 31.0), PATH, "no traceroute here");
    Analysis a = analysis(p).build();

    Analysis.Result viasat = a.analyse(target(VIASAT_TARGET));
    assertThat(viasat.trace()).isEmpty();
    assertThat(viasat.geoPath()).isEmpty();
    assertThat(viasat.hopLookups()).isEmpty();
    assertThat(viasat.stretchSource()).isEqualTo(Analysis.StretchSource.TARGET_NETWORK);
    assertThat(viasat.routeStretch()).isEqualTo(2.5);
    assertThat(viasat.warnings()).singleElement().satisfies(w -> {
      assertThat(w.kind()).isEqualTo(Analysis.Warning.Kind.NO_TRACEROUTE);
      assertThat(w.text()).isEqualTo("no traceroute: backend scripted cannot trace with ICMP"
          + " here: no traceroute here");
    });
    assertThat(viasat.vantages()).extracting(VantageObservation::minRttMs).containsExactly(30.0);

    Analysis.Result unlisted = a.analyse(target(UNLISTED_TARGET));
    assertThat(unlisted.stretchSource()).isEqualTo(Analysis.StretchSource.UNKNOWN_NETWORK);
    assertThat(unlisted.routeStretch()).isEqualTo(1.5);
  }

  @Test
  void analyse_configuredStretch_replacesTheDerivedOneInPingAndTrace() throws Exception {
    Analysis.Result r = analysis(prober(9.5)).routeStretch(2.0).build()
        .analyse(target(TARGET));

    assertThat(r.stretchSource()).isEqualTo(Analysis.StretchSource.CONFIGURED);
    assertThat(r.routeStretch()).isEqualTo(2.0);
    var ping = PingDocuments.live(r.ping()).distance();
    assertThat(ping.estimateKm()).isCloseTo(ping.maxKm() / 2.0, within(0.01));
    var trace = TraceDocuments.live(r.trace().orElseThrow()).distance();
    assertThat(trace.estimateKm()).isLessThan(trace.maxKm() / 1.9);
  }

  @Test
  void analyse_modelAndDelay_shapeThePingDistance() throws Exception {
    Analysis.Result r = analysis(prober(10.0)).distanceModel(DistanceModel.byName(
        "speed_of_internet_4_9")).localDelayMs(1.0).build().analyse(target(TARGET));

    double kmPerMs = 299.792458 * 4.0 / 9.0 / 2.0;
    assertThat(PingDocuments.live(r.ping()).distance().maxKm()).isCloseTo(9.0 * kmPerMs, within(0.5));
    assertThat(r.vantages().get(0).localDelayMs()).isEqualTo(1.0);
  }

  @Test
  void analyse_localDelayAboveTheRtt_clampedToTheRtt() throws Exception {
    Analysis.Result r = analysis(prober(9.5)).localDelayMs(50).build().analyse(target(TARGET));

    assertThat(r.vantages()).singleElement().satisfies(v -> {
      assertThat(v.minRttMs()).isEqualTo(8.8);
      assertThat(v.localDelayMs()).isEqualTo(8.8);
    });
  }

  @Test
  void analyse_noVantage_warnsAndLeavesGeoIpUnchecked() throws Exception {
    Analysis.Result r = Analysis.builder(locator, ProbeSelector.of(prober(9.5), ProbeMethod.ICMP))
        .build().analyse(target(TARGET));

    assertThat(r.vantages()).isEmpty();
    assertThat(r.warnings()).extracting(Analysis.Warning::kind)
        .containsExactly(Analysis.Warning.Kind.NO_VANTAGE);
    assertThat(r.report().geoIpVerdict()).isEqualTo(HostReport.GeoIpVerdict.NOT_CHECKED);
  }

  @Test
  void analyse_noReplyAndPathEndingEarly_warnsWithoutObservation() throws Exception {
    List<Hop> shortPath = List.of(hop(1, "10.0.0.1", 0.4),
        new Hop(2, List.of(HopReply.timeout(), HopReply.timeout())));
    ScriptedProber p = new ScriptedProber(List.of(Double.NaN, Double.NaN), shortPath, null);

    Analysis.Result r = analysis(p).build().analyse(target(TARGET));

    assertThat(r.vantages()).isEmpty();
    assertThat(r.warnings()).extracting(Analysis.Warning::kind).containsExactly(
        Analysis.Warning.Kind.PATH_ENDS_EARLY, Analysis.Warning.Kind.NO_REPLY);
    assertThat(r.warnings().get(0).text()).isEqualTo("the traceroute did not reach " + TARGET
        + " within 30 hops: the path ends early");
    assertThat(PingDocuments.live(r.ping()).anomalies()).containsExactly("no_reply");
    // GeoIP alone still places it.
    assertThat(r.report().result()).isInstanceOf(FusionResult.Located.class);
  }

  @Test
  void analyse_nothingCanPing_throwsWithTheReason() {
    ProbeSelector none = (op, t) -> {
      throw new ProbeUnavailableException("no backend can ping with ICMP here: nope");
    };
    Analysis a = Analysis.builder(locator, none).build();

    assertThatThrownBy(() -> a.analyse(target(TARGET)))
        .isInstanceOf(ProbeUnavailableException.class).hasMessageContaining("nope");
  }

  @Test
  void analyse_sharedAcrossSixtyFourThreads_eachGetsTheSameAnswer() throws Exception {
    Analysis a = analysis(prober(9.5, 9.2)).build();
    Analysis.Result expected = a.analyse(target(TARGET));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Analysis.Result>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> a.analyse(target(TARGET))));
      }
      for (Future<Analysis.Result> f : futures) {
        Analysis.Result r = f.get(30, TimeUnit.SECONDS);
        assertThat(located(r.report().result()).estimate())
            .isEqualTo(located(expected.report().result()).estimate());
        assertThat(r.routeStretch()).isEqualTo(expected.routeStretch());
        assertThat(r.hopLookups()).isEqualTo(expected.hopLookups());
        assertThat(PingDocuments.live(r.ping())).isEqualTo(PingDocuments.live(expected.ping()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void builder_badArguments_namedInTheMessage() {
    Analysis.Builder b = analysis(prober(1));
    assertThatThrownBy(() -> b.localDelayMs(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("local delay");
    assertThatThrownBy(() -> b.routeStretch(0.9)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route stretch must be a finite number >= 1, got 0.9");
    assertThatThrownBy(() -> Analysis.builder(locator, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("probe selector");
  }
}
