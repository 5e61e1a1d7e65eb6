package io.geofusion.fusion;

import static io.geofusion.fusion.GeoPathTestData.AMSTERDAM;
import static io.geofusion.fusion.GeoPathTestData.DALLAS;
import static io.geofusion.fusion.GeoPathTestData.FRANKFURT;
import static io.geofusion.fusion.GeoPathTestData.LOS_ANGELES;
import static io.geofusion.fusion.GeoPathTestData.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.net.AddressClass;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopFlag;
import io.geofusion.rtt.DistanceModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoPathLocatorTest {

  @TempDir static Path dir;
  static MaxMindGeoIpService geoip;
  static final GeoPathLocator LOCATOR = GeoPathLocator.of(HopAnalyzer.defaults());

  @BeforeAll
  static void databases() throws Exception {
    geoip = GeoPathTestData.geoip(dir);
  }

  @AfterAll
  static void close() {
    geoip.close();
  }

  @Test
  void locate_originPath_placesPublicHopsAndLeavesPrivateOnesUnlocated() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, FRANKFURT);
    assertThat(p.waypoints()).extracting(GeoPathWaypoint::ttl).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(p.locatedWaypoints()).extracting(GeoPathWaypoint::ttl).containsExactly(3, 4, 6, 7);

    GeoPathWaypoint h1 = p.waypoint(1).orElseThrow();
    assertThat(h1.located()).isFalse();
    assertThat(h1.addressClass()).isEqualTo(AddressClass.PRIVATE);
    assertThat(h1.flagNames()).containsExactly("private_backbone");
    assertThat(h1.minRttMs()).isEqualTo(1.49);

    GeoPathWaypoint h2 = p.waypoint(2).orElseThrow();
    assertThat(h2.hopFlags()).contains(HopFlag.RTT_SPIKE, HopFlag.PRIVATE_BACKBONE);
    assertThat(h2.deltaKm()).isNull();

    GeoPathWaypoint h3 = p.waypoint(3).orElseThrow();
    assertThat(h3.geoip().city()).isEqualTo("Frankfurt");
    assertThat(h3.geoip().countryIsoCode()).isEqualTo("DE");
    assertThat(h3.geoip().accuracyRadiusKm()).isEqualTo(20.0);
    assertThat(h3.asn().asn()).isEqualTo(1299);
    assertThat(h3.asn().organization()).isEqualTo("Arelion");
    assertThat(h3.rttBoundKm()).isCloseTo(
        DistanceModel.FIBER_TWO_THIRDS.maxDistanceKm(35.0, 0), within(1e-9));
    assertThat(h3.vantageDistanceKm()).isCloseTo(0.0, within(1e-6));
    assertThat(h3.geoipInfeasible()).isFalse();
    assertThat(h3.deltaKm()).isNotNull();

    GeoPathWaypoint h5 = p.waypoint(5).orElseThrow();
    assertThat(h5.timedOut()).isTrue();
    assertThat(h5.address()).isNull();
    assertThat(h5.rttBoundKm()).isNull();
  }

  @Test
  void locate_geoipFartherThanRttAllows_flagsGeoipInfeasible() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, FRANKFURT);
    // Dallas is ~8,200 km from Frankfurt; 52.7 ms at 2/3 c allows ~5,266 km.
    GeoPathWaypoint h6 = p.waypoint(6).orElseThrow();
    assertThat(h6.vantageDistanceKm()).isCloseTo(Geodesy.distanceKm(FRANKFURT, DALLAS),
        within(1e-6));
    assertThat(h6.rttBoundKm()).isCloseTo(52.7 * 299.792458 / 3, within(1e-6));
    assertThat(h6.geoipInfeasible()).isTrue();
    assertThat(h6.flagNames()).endsWith(GeoPathWaypoint.GEOIP_INFEASIBLE);
    assertThat(h6.infeasibleExcessKm()).isCloseTo(
        h6.vantageDistanceKm() - 20.0 - h6.rttBoundKm(), within(1e-9));
    assertThat(p.infeasibleWaypoints()).extracting(GeoPathWaypoint::ttl).containsExactly(6, 7);
    // Amsterdam (~360 km) at 38.2 ms (bound ~3,800 km) is fine.
    assertThat(p.waypoint(4).orElseThrow().geoipInfeasible()).isFalse();
  }

  @Test
  void locate_vantageInDallas_sameGeoipIsFeasible() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, LatLon.of(32.0, -97.0));
    assertThat(p.waypoint(6).orElseThrow().geoipInfeasible()).isFalse();
    // ...but Frankfurt at 35 ms from Texas is now impossible.
    assertThat(p.waypoint(3).orElseThrow().geoipInfeasible()).isTrue();
  }

  @Test
  void locate_originPath_arcsJoinConsecutiveLocatedPointsFromTheVantage() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, FRANKFURT);
    List<GeoPathArc> arcs = p.arcs();
    assertThat(arcs).extracting(GeoPathArc::fromTtl).containsExactly(null, 3, 4, 6);
    assertThat(arcs).extracting(GeoPathArc::toTtl).containsExactly(3, 4, 6, 7);
    assertThat(arcs.get(0).fromVantage()).isTrue();
    assertThat(arcs.get(0).skippedTtls()).containsExactly(1, 2);
    assertThat(arcs.get(2).skippedTtls()).containsExactly(5);
    assertThat(arcs.get(1).distanceKm()).isCloseTo(Geodesy.distanceKm(FRANKFURT, AMSTERDAM),
        within(1e-9));
    assertThat(arcs.get(3).distanceKm()).isZero();
    assertThat(arcs.get(3).parts()).isEmpty();
  }

  @Test
  void locate_withoutVantage_noFeasibilityAndNoVantageArc() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, null);
    assertThat(p.vantagePosition()).isEmpty();
    assertThat(p.infeasibleWaypoints()).isEmpty();
    assertThat(p.waypoints()).allMatch(w -> w.vantageDistanceKm() == null);
    assertThat(p.arcs()).extracting(GeoPathArc::fromTtl).containsExactly(3, 4, 6);
  }

  @Test
  void locate_emptyService_everyHopUnlocatedNoArcs() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), GeoIpService.empty(), FRANKFURT);
    assertThat(p.locatedWaypoints()).isEmpty();
    assertThat(p.arcs()).isEmpty();
    assertThat(p.anomalies()).contains("hop_latency_spike", "private_backbone_segment");
  }

  @Test
  void locate_localDelay_tightensTheBound() throws Exception {
    GeoPathLocator l = GeoPathLocator.of(HopAnalyzer.builder().localDelayMs(5).build());
    GeoPath p = l.locate(GeoPathTestData.originPath(), geoip, FRANKFURT);
    assertThat(p.localDelayMs()).isEqualTo(5.0);
    assertThat(p.waypoint(3).orElseThrow().rttBoundKm()).isCloseTo(30.0 * 299.792458 / 3,
        within(1e-6));
  }

  @Test
  void locate_secondResponderAtSameTtl_boundUsesPrimaryRepliesOnly() throws Exception {
    var path = GeoPathTestData.path("192.168.1.20", "212.102.40.218", new Object[][] {
      {1, "62.115.40.1", 9.0, 9.5},
      {2, "212.102.40.218", 60.0, 61.0, 62.0},
    });
    // TTL 2 also answered once from elsewhere at 3 ms: the primary is the majority responder.
    var hops = new java.util.ArrayList<>(path.hops());
    var replies = new java.util.ArrayList<>(hops.get(1).replies());
    replies.add(io.geofusion.path.HopReply.of("62.115.40.9", 3.0));
    hops.set(1, new io.geofusion.path.Hop(2, replies));
    GeoPath p = LOCATOR.locate(new io.geofusion.path.TracePath(path.source(),
        path.destination(), hops), geoip, FRANKFURT);
    assertThat(p.waypoint(2).orElseThrow().address()).isEqualTo("212.102.40.218");
    assertThat(p.waypoint(2).orElseThrow().minRttMs()).isEqualTo(60.0);
  }

  @Test
  void locate_pacificPath_arcCrossesAntimeridianAlongTheGeodesic() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.pacificPath(), geoip, TOKYO);
    GeoPathArc pacific = p.arcs().stream().filter(a -> a.toTtl() == 4).findFirst().orElseThrow();
    assertThat(pacific.fromTtl()).isEqualTo(3);
    assertThat(pacific.crossesAntimeridian()).isTrue();
    List<List<LatLon>> parts = pacific.parts();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).get(0)).isEqualTo(TOKYO);
    assertThat(parts.get(1).get(parts.get(1).size() - 1)).isEqualTo(LOS_ANGELES);
    LatLon cutWest = parts.get(0).get(parts.get(0).size() - 1);
    LatLon cutEast = parts.get(1).get(0);
    assertThat(cutWest.lon()).isEqualTo(180.0);
    assertThat(cutEast.lon()).isEqualTo(-180.0);
    assertThat(cutWest.lat()).isEqualTo(cutEast.lat());
    double total = pacific.distanceKm();
    double maxLat = -90;
    for (List<LatLon> part : parts) {
      for (LatLon q : part) {
        // On the geodesic: the detour through q is the arc itself (within the linear cut).
        double via = Geodesy.distanceKm(TOKYO, q) + Geodesy.distanceKm(q, LOS_ANGELES);
        assertThat(via).as("point %s on the geodesic", q).isCloseTo(total, within(1.0));
        maxLat = Math.max(maxLat, q.lat());
      }
    }
    // A great circle from Tokyo to LA bows north, well above both ends (~48 N).
    assertThat(maxLat).isGreaterThan(45.0);
    assertThat(p.infeasibleWaypoints()).isEmpty();
  }

  @Test
  void locate_sharedLocatorAndServiceFromManyThreads_sameAnswerEverywhere() throws Exception {
    GeoPath expected = LOCATOR.locate(GeoPathTestData.originPath(), geoip, FRANKFURT);
    int threads = 16;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<GeoPath>>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          List<GeoPath> out = new java.util.ArrayList<>();
          for (int i = 0; i < 50; i++) {
            out.add(LOCATOR.locate(GeoPathTestData.originPath(), geoip, FRANKFURT));
          }
          return out;
        }));
      }
      start.countDown();
      for (var f : futures) {
        assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).allMatch(expected::equals);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
