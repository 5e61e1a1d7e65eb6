package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EvidenceLayersTest {

  @Test
  void rttTable_matchesExactLikelihood() {
    RttLikelihoodModel m = RttLikelihoodModel.WONDERNETWORK_2020;
    RttTable t = new RttTable(m);
    for (double rtt : new double[] {1.0, 7.3, 40.0, 150.0}) {
      for (double d : new double[] {0.0, 100.0, 500.0, 2000.0, 9000.0}) {
        double exact = Math.log(m.likelihood(rtt, d));
        double inv = 1.0 / (m.hardBoundKm(rtt) + m.slackKm());
        double tab = t.logLik(RttTable.bin(rtt), Math.hypot(d, m.slackKm()) * inv);
        // Bin normalisation and interpolation: within 0.15 nats where the Beta part matters.
        assertThat(tab).as("rtt %s d %s", rtt, d).isCloseTo(exact, Offset.offset(0.15));
      }
    }
  }

  @Test
  void likelihood_beyondHardBound_isOnlyTheFloor() {
    RttLikelihoodModel m = RttLikelihoodModel.WONDERNETWORK_2020;
    double bound = m.hardBoundKm(10.0);
    double inside = m.likelihood(10.0, 0.4 * bound);
    double outside = m.likelihood(10.0, 1.5 * bound);
    assertThat(outside).isPositive().isLessThan(inside / 100.0);
    assertThat(m.likelihood(10.0, 3.0 * bound)).isEqualTo(outside);
  }

  @Test
  void geoIpSigma_fromAccuracyRadius_holds67PercentInside() {
    double a = 50.0;
    double sigma = a / GeoIpLayer.RADIUS67_TO_SIGMA;
    assertThat(1.0 - Math.exp(-a * a / (2.0 * sigma * sigma))).isCloseTo(0.67,
        Offset.offset(1e-9));
  }

  @Test
  void fuse_geoIpOnly_circleMatchesAccuracyRadius() {
    FusionEngine e = new FusionEngine(FusionParameters.defaults().withoutPopulationPrior());
    LatLon c = LatLon.of(48.0, 11.0);
    FusionResult.Located r =
        located(e.fuse(FusionInput.builder("g").geoIp(GeoIpEvidence.of(c, 200.0)).build()));
    assertThat(Geodesy.distanceKm(r.estimate(), c)).isLessThan(40.0);
    // With w = 0.9 the Gaussian holds 0.9 of the mass: its 67 % radius is near the 60 % circle.
    assertThat(r.circle50().radiusKm()).isBetween(120.0, 250.0);
  }

  @Test
  void fuse_countryCentroid_isWidened() {
    FusionEngine e = FusionEngine.create();
    LatLon c = LatLon.of(39.0, -98.0);
    FusionResult.Located city = located(e.fuse(FusionInput.builder("c")
        .geoIp(new GeoIpEvidence(c, 100.0, false)).build()));
    FusionResult.Located country = located(e.fuse(FusionInput.builder("c")
        .geoIp(new GeoIpEvidence(c, 100.0, true)).build()));
    assertThat(country.circle50().radiusKm()).isGreaterThan(3.0 * city.circle50().radiusKm());
  }

  @Test
  void fuse_rfBearingAndRange_locatesEmitter() {
    // The emitter's cone is ~3 km wide at 30 km: finer cells than the default 35 km.
    FusionEngine e = new FusionEngine(FusionParameters.defaults().withGrid(0.01953125, 2048));
    LatLon sensor = LatLon.of(52.0, 5.0);
    LatLon emitter = Geodesy.destination(sensor, 45.0, 30.0);
    // RSSI at 30 km with P_ref -40 dBm at 1 km and n = 2: -40 - 20·log10(30) = -69.54 dBm.
    RfBearing rf = new RfBearing(sensor, 45.0, 10.0, -40.0 - 20.0 * Math.log10(30.0), -40.0,
        1.0, 2.0, 4.0);
    assertThat(rf.medianDistanceKm()).isCloseTo(30.0, Offset.offset(1e-6));
    FusionResult.Located r = located(e.fuse(FusionInput.builder("rf").rf(rf).build()));
    assertThat(Geodesy.distanceKm(r.estimate(), emitter)).isLessThan(12.0);
    assertThat(r.evidence()).containsKey("rf");
  }

  @Test
  void classifier_rules_setLabels() {
    HostClassifier c = HostClassifier.defaultClassifier();
    assertThat(c.classify(new HostSignals("mobile", 30, 2, false), false, false).label())
        .isEqualTo(HostClass.MOBILE_CARRIER_NAT);
    assertThat(c.classify(new HostSignals("", 40, 12, false), false, false).label())
        .isEqualTo(HostClass.SATELLITE);
    assertThat(c.classify(HostSignals.NONE, false, true).label()).isEqualTo(HostClass.VPN_EXIT);
    assertThat(c.classify(HostSignals.NONE, true, true).label()).isEqualTo(HostClass.ANYCAST);
    assertThat(c.classify(HostSignals.NONE, false, false).label()).isEqualTo(HostClass.UNKNOWN);
  }

  @Test
  void fuse_satelliteClass_subtractsBentPipeDelay() {
    FusionEngine e = FusionEngine.create();
    // Three vantages around Seattle, each 30 ms: with the 20 ms bent pipe removed they bound
    // the terminal much more tightly.
    List<VantageObservation> vs = List.of(
        VantageObservation.of("sea", LatLon.of(47.6, -122.3), 30.0),
        VantageObservation.of("pdx", LatLon.of(45.5, -122.7), 31.0),
        VantageObservation.of("yvr", LatLon.of(49.3, -123.1), 30.5));
    FusionInput plain = new FusionInput("s", vs, null, List.of(), null);
    FusionInput sat = new FusionInput("s", vs, null, List.of(),
        new HostSignals("satellite", 30.0, 3.0, false));
    assertThat(e.fuse(sat).hostClass().label()).isEqualTo(HostClass.SATELLITE);
    assertThat(located(e.fuse(sat)).circle90().radiusKm())
        .isLessThan(located(e.fuse(plain)).circle90().radiusKm());
  }

  @Test
  void records_badValues_rejectedWithNamedMessages() {
    assertThatThrownBy(() -> VantageObservation.of("v", LatLon.of(0, 0), -1.0))
        .hasMessageContaining("'v'").hasMessageContaining("min RTT");
    assertThatThrownBy(() -> GeoIpEvidence.of(LatLon.of(0, 0), 0.0))
        .hasMessageContaining("accuracy radius");
    assertThatThrownBy(() -> new RttLikelihoodModel.Knot(5.0, 1.2, 0.1, 0.01))
        .hasMessageContaining("mean ratio");
    assertThatThrownBy(() -> FusionParameters.defaults().withMaxVantages(0))
        .hasMessageContaining("max vantages").hasMessageContaining("got 0");
    assertThatThrownBy(() -> new MixtureComponent(LatLon.of(0, 0), 0.5, 1.0, 5.0, 1.0))
        .hasMessageContaining("positive semi-definite");
  }

  @Test
  void fuse_singleVantageSubMillisecond_staysAtTheVantage() {
    // 0.06 ms from Frankfurt: within 6 km (+ 25 km slack). It used to come out anywhere on Earth
    // (90 % circle 12,000+ km): the 35 km cells missed the disk and the outlier floor, fitted for
    // many vantages, outweighed it in area.
    LatLon fra = LatLon.of(50.11, 8.68);
    for (FusionEngine e : new FusionEngine[] {FusionEngine.create(),
        new FusionEngine(FusionParameters.defaults().withoutPopulationPrior())}) {
      FusionResult.Located r = located(e.fuse(FusionInput.builder("lo")
          .vantage(VantageObservation.of("fra", fra, 0.06)).build()));
      assertThat(Geodesy.distanceKm(r.estimate(), fra)).isLessThan(10.0);
      assertThat(r.circle90().radiusKm()).isLessThan(40.0);
      assertThat(r.diagnostics().finestCellDeg()).isLessThan(0.3125);
    }
  }

  @Test
  void fuse_singleVantage_90CircleGrowsWithRtt() {
    LatLon fra = LatLon.of(50.11, 8.68);
    FusionEngine e = new FusionEngine(FusionParameters.defaults().withoutPopulationPrior());
    double previous = 0.0;
    for (double rtt : new double[] {0.06, 0.3, 1.0, 3.0, 10.0, 30.0}) {
      FusionResult.Located r = located(e.fuse(FusionInput.builder("t")
          .vantage(VantageObservation.of("fra", fra, rtt)).build()));
      double r90 = r.circle90().radiusKm();
      assertThat(r90).as("rtt %s ms", rtt).isGreaterThan(previous)
          .isLessThan(rtt * 99.93 + 100.0);
      previous = r90;
    }
  }

  @Test
  void fuse_evidence_keepsItsOrderForStableJson() {
    FusionResult r = FusionEngine.create().fuse(FusionInput.builder("o")
        .vantage(VantageObservation.of("fra", LatLon.of(50.11, 8.68), 5.0))
        .geoIp(GeoIpEvidence.of(LatLon.of(50.0, 8.5), 50.0)).build());
    assertThat(r.evidence().keySet()).containsExactly("rtt", "geoip", "semantic");
  }
}
