package io.geofusion.probe.vnet;

import static io.geofusion.probe.remote.LoopbackHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.locate.TraceSettings;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.locate.VantageSelector;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.backend.Probers;
import io.geofusion.probe.remote.AgentFleet;
import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.probe.remote.AgentVantage;
import io.geofusion.probe.remote.LoopbackHttp;
import io.geofusion.testing.Seeds;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual multi-vantage testbed: a target in Vienna measured from Frankfurt (this machine)
 * and seven agents that {@link VantageSelector} picks, as a user would, from a pool of 16
 * European data-centre cities around the target's GeoIP guess (read from an MMDB through the
 * library's GeoIP service), plus one agent that never answers and one that answers garbage. Each
 * good agent probes from its own network namespace whose emulated path to the target has the
 * delay of a real European path of its great-circle length: 1 ms floor plus stretch 1.98 over
 * 2/3 c (the 10 % quantile of WonderNetwork's European RTT/great-circle-time ratios,
 * scripts/testbed-geography.py) plus seeded jitter up to 0.26 ms (the 90 % quantile of how much one path's minimum RTT differs
 * when measured from its two ends, same script). Agents are the library's
 * {@link AgentHandler} behind a loopback HTTP server. Needs root and /dev/net/tun; skips saying
 * so otherwise.
 *
 * <p>The locator has no GeoIP evidence, in both runs, so the comparison measures the vantages
 * alone; the GeoIP guess only chooses the agents.
 */
class MultiVantageTestbedTest {

  // Figures (docs/evaluation.md): print with -Dtest=MultiVantageTestbedTest; the printed line is
  // the measurement.

  private static final LatLon VIENNA = LatLon.of(48.21, 16.37);
  private static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  private static final String TARGET = "198.18.7.7";
  private static final String TOKEN = "testbed-token-0123456789";
  private static final double FIBRE_KM_PER_MS = 299.792458 * 2 / 3;
  /** scripts/testbed-geography.py: floor, stretch (European q10) and jitter bound. */
  private static final double FLOOR_MS = 1.0;
  private static final double STRETCH = 1.98;
  private static final double JITTER_MS = 0.26;
  private static final int GOOD_AGENTS = 7;
  /** The target: the many-vantage 90 % circle at least this many times smaller. */
  private static final double MIN_SHRINK = 5.0;
  /**
   * Slack on the run's wall time beyond the agents' deadline: the local trace and the fusion on a
   * loaded machine (2 cores, load ~15). Far below the 120 s a run stalled by the dead agent would
   * take.
   */
  private static final Duration WALL_SLACK = Duration.ofSeconds(10);

  /**
   * 16 data-centre cities: the agents a user could rent. The closest to Vienna is Bratislava
   * (55 km); without it (Istanbul instead, closest Budapest at 214 km) the circle shrank only
   * 3.4-3.9x (docs/evaluation.md): the 5x of the issue needs an agent within about 100 km.
   */
  private static final List<VantageCandidate> POOL = List.of(
      city("ams", 52.37, 4.90), city("ath", 37.98, 23.73), city("buh", 44.43, 26.10),
      city("bud", 47.50, 19.04), city("cph", 55.68, 12.57), city("dub", 53.35, -6.26),
      city("hel", 60.17, 24.94), city("bts", 48.15, 17.11), city("lis", 38.72, -9.14),
      city("lon", 51.51, -0.13), city("mad", 40.42, -3.70), city("mil", 45.46, 9.19),
      city("par", 48.86, 2.35), city("prg", 50.08, 14.44), city("sto", 59.33, 18.07),
      city("waw", 52.23, 21.01));

  private static VantageCandidate city(String id, double lat, double lon) {
    return new VantageCandidate(id, LatLon.of(lat, lon), null, null,
        VantageCandidate.Status.CONNECTED);
  }

  /** The emulated RTT from {@code at} to the target, ms (scripts/testbed-geography.py). */
  private static double rttMs(LatLon at) {
    return FLOOR_MS + STRETCH * 2 * Geodesy.distanceKm(at, VIENNA) / FIBRE_KM_PER_MS;
  }

  /** A one-hop path from {@code at} to the target with its emulated RTT plus seeded jitter. */
  private static Scenario scenario(String name, LatLon at, Random rnd) {
    double rtt = rttMs(at) + rnd.nextDouble() * JITTER_MS;
    return new Scenario(name, TARGET, List.of(new Scenario.HopSpec("198.18.1.1", 0.5, 0, false,
        0, null)), rtt / 2 - 0.5, 0, false, null, 0, 1, null);
  }

  /** The target's GeoIP answer from a City database written for the test, as a user's lookup. */
  private static GeoIpLocation geoIpGuess(Path dir) throws Exception {
    Path mmdb = dir.resolve("testbed-city.mmdb");
    MmdbWriter.ipv6("Testbed-City")
        .insert("198.18.7.0/24", MmdbWriter.cityRecord(LatLon.of(48.2, 16.37), 50, "AT", null,
            "Vienna"))
        .write(mmdb);
    try (GeoIpService geo = MaxMindGeoIpService.open(mmdb)) {
      return geo.locate(InetAddress.getByName(TARGET)).orElseThrow();
    }
  }

  /** A backend whose every probe is sent from inside a namespace. */
  private record InNamespace(VirtualNetwork net, Prober inner) implements Prober {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Optional<String> unavailableReason(Operation op, ProbeMethod m, boolean ipv6) {
      return inner.unavailableReason(op, m, ipv6);
    }

    @Override
    public PingResult ping(PingRequest request) throws ProbeException, InterruptedException {
      return inside(() -> inner.ping(request));
    }

    @Override
    public TraceResult trace(TraceRequest request) throws ProbeException, InterruptedException {
      return inside(() -> inner.trace(request));
    }

    private <T> T inside(Callable<T> task) throws ProbeException, InterruptedException {
      try {
        return net.call(task);
      } catch (ProbeException | InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void manyAgents_locateTheTargetInsideTheCircle_muchTighterThanOneVantage(@TempDir Path dir)
      throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped, virtual network unavailable: "
        + why.orElse(""));
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    GeoIpLocation guess = geoIpGuess(dir);
    List<VantageSelector.Choice> picks = VantageSelector.defaults().select(guess.position(),
        guess.accuracyRadiusKm(), POOL, GOOD_AGENTS);
    assertThat(picks).hasSize(GOOD_AGENTS);
    Prober icmp = Probers.select(Prober.Operation.PING, ProbeMethod.ICMP, false).prober();
    List<VirtualNetwork> nets = new ArrayList<>();
    try (LoopbackHttp server = new LoopbackHttp()) {
      VirtualNetwork local = VirtualNetwork.start(scenario("local", FRANKFURT, rnd));
      nets.add(local);
      List<AgentVantage> agents = new ArrayList<>();
      for (VantageSelector.Choice c : picks) {
        String id = c.vantage().id();
        VirtualNetwork vn = VirtualNetwork.start(scenario(id, c.vantage().at(), rnd));
        nets.add(vn);
        AgentHandler h = AgentHandler.builder(TOKEN).prober(new InNamespace(vn, icmp)).build();
        server.on("/" + id + AgentHandler.PATH, (ex, body) -> {
          try {
            AgentHandler.Response r = h.handle(ex.getRequestHeaders().getFirst("Authorization"),
                body.getBytes(StandardCharsets.UTF_8));
            send(ex, r.status(), r.body(), r.headers());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        agents.add(new AgentVantage(id, server.base().resolve(id), TOKEN, c.vantage().at()));
      }
      server.on("/dead" + AgentHandler.PATH, server.stall());
      server.on("/garbage" + AgentHandler.PATH, (ex, body) -> send(ex, 200, "{\"type\":42"));
      agents.add(new AgentVantage("dead", server.base().resolve("dead"), TOKEN,
          LatLon.of(47.07, 15.44)));
      agents.add(new AgentVantage("garbage", server.base().resolve("garbage"), TOKEN,
          LatLon.of(46.05, 14.51)));

      HostLocator locator = HostLocator.builder(FusionEngine.create()).build();
      PingSettings ping = new PingSettings(5, Duration.ofMillis(200), Duration.ofSeconds(1));
      TraceSettings trace = new TraceSettings(1, 3, 1, Duration.ofSeconds(1));
      ProbeSelector here = ProbeSelector.of(new InNamespace(local, icmp), ProbeMethod.ICMP);
      Analysis.Builder single = Analysis.builder(locator, here).vantage(FRANKFURT).ping(ping)
          .trace(trace);
      List<AgentFleet.Report> reports = new ArrayList<>();
      Duration deadline = Duration.ofSeconds(8);
      AgentFleet fleet = AgentFleet.builder(agents).ping(5, Duration.ofMillis(200),
          Duration.ofSeconds(1)).deadline(deadline).listener(reports::add).build();

      Analysis.Result one = single.build().analyse(LiveTarget.literal(TARGET));
      long t0 = System.nanoTime();
      Analysis.Result many = single.remote(fleet).build().analyse(LiveTarget.literal(TARGET));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      FusionResult.Located a = (FusionResult.Located) one.report().result();
      FusionResult.Located b = (FusionResult.Located) many.report().result();
      double errorKm = Geodesy.distanceKm(b.estimate(), VIENNA);
      double shrink = a.circle90().radiusKm() / b.circle90().radiusKm();
      String run = Seeds.describe(seed);
      System.out.printf(Locale.ROOT, "testbed (%s): agents %s; single vantage r90 %.0f km, error"
          + " %.0f km; %d vantages r90 %.0f km, error %.0f km, %.1fx smaller; wall %d ms with one"
          + " dead agent, deadline %d ms%n", run, picks.stream().map(c -> c.vantage().id()
          + "/" + c.reason().name().toLowerCase(Locale.ROOT)).toList(), a.circle90().radiusKm(),
          Geodesy.distanceKm(a.estimate(), VIENNA), many.vantages().size(),
          b.circle90().radiusKm(), errorKm, shrink, took.toMillis(), deadline.toMillis());
      many.vantages().forEach(v -> System.out.printf(Locale.ROOT, "  %s measured %.2f ms,"
          + " emulated %.2f ms + jitter%n", v.id(), v.minRttMs(), rttMs(v.location())));

      assertThat(many.vantages()).hasSize(1 + GOOD_AGENTS);
      assertThat(reports).hasSize(1);
      assertThat(reports.get(0).outcomes()).extracting(o -> o.agent().id() + " "
          + o.status()).as(run).contains("dead TIMED_OUT", "garbage FAILED")
          .filteredOn(o -> !o.startsWith("dead ") && !o.startsWith("garbage "))
          .allMatch(o -> o.endsWith(" ANSWERED"));
      assertThat(Geodesy.distanceKm(b.circle90().centre(), VIENNA)).as(run)
          .isLessThanOrEqualTo(b.circle90().radiusKm());
      assertThat(shrink).as("%s: r90 %.0f km single vs %.0f km many", run,
          a.circle90().radiusKm(), b.circle90().radiusKm()).isGreaterThanOrEqualTo(MIN_SHRINK);
      // liveness: the dead agent costs at most the deadline
      assertThat(took).as(run).isLessThan(deadline.plus(WALL_SLACK));
    } finally {
      for (VirtualNetwork n : nets) {
        n.close();
      }
    }
  }
}
