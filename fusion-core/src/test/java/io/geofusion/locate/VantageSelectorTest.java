package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VantageSelectorTest {

  private static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);

  private static VantageCandidate probe(String id, double lat, double lon, Long asn) {
    return new VantageCandidate(id, LatLon.of(lat, lon), asn, null,
        VantageCandidate.Status.CONNECTED);
  }

  /** A world of candidates: a cluster around Frankfurt and one on every continent. */
  private static List<VantageCandidate> world() {
    List<VantageCandidate> l = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      l.add(probe("" + (100 + i), 50.11 + 0.05 * i, 8.68, 3320L + i % 3));
    }
    l.add(probe("1", 40.71, -74.0, 7922L));   // New York
    l.add(probe("2", -33.87, 151.21, 1221L)); // Sydney
    l.add(probe("3", 35.68, 139.69, 2516L));  // Tokyo
    l.add(probe("4", -23.55, -46.63, 28573L)); // Sao Paulo
    l.add(probe("5", -1.29, 36.82, 33771L));  // Nairobi
    l.add(probe("6", 48.86, 2.35, 3215L));    // Paris
    return l;
  }

  @Test
  void near_picksAreTheClosestOnePerAsFirst() {
    List<VantageSelector.Choice> c = VantageSelector.defaults().select(FRANKFURT, 10, world(), 6);
    assertThat(c).hasSize(6);
    List<VantageSelector.Choice> near = c.subList(0, 3);
    assertThat(near).allMatch(x -> x.reason() == VantageSelector.Reason.NEAR);
    // the three closest (100, 101, 102) are in three different ASes: all taken
    assertThat(near).extracting(x -> x.vantage().id()).containsExactly("100", "101", "102");
    assertThat(near).extracting(VantageSelector.Choice::distanceKm).isSorted();
  }

  @Test
  void near_prefersAnotherAsInsideTheAccuracyRadius() {
    List<VantageCandidate> l = new ArrayList<>();
    l.add(probe("10", 50.11, 8.68, 1L));
    l.add(probe("11", 50.12, 8.68, 1L));
    l.add(probe("12", 50.30, 8.68, 2L)); // 21 km away, another AS
    List<VantageSelector.Choice> small = VantageSelector.withNearShare(1).select(FRANKFURT, 0, l,
        2);
    assertThat(small).extracting(x -> x.vantage().id()).containsExactly("10", "11");
    List<VantageSelector.Choice> wide = VantageSelector.withNearShare(1).select(FRANKFURT, 50, l,
        2);
    assertThat(wide).extracting(x -> x.vantage().id()).containsExactly("10", "12");
  }

  @Test
  void spread_picksAreFarFromEveryChosenVantage() {
    List<VantageSelector.Choice> c = VantageSelector.defaults().select(FRANKFURT, 10, world(), 6);
    List<VantageSelector.Choice> spread = c.subList(3, 6);
    assertThat(spread).allMatch(x -> x.reason() == VantageSelector.Reason.SPREAD);
    // the cluster and Paris are never spread picks: each is within 600 km of a near pick
    assertThat(spread).allMatch(x -> Integer.parseInt(x.vantage().id()) < 6);
    for (VantageSelector.Choice s : spread) {
      assertThat(Geodesy.distanceKm(s.vantage().at(), FRANKFURT)).isGreaterThan(5000);
    }
  }

  @Test
  void withoutGuess_everyPickIsSpreadAndTheFirstIsTheSmallestId() {
    List<VantageSelector.Choice> c = VantageSelector.defaults().select(null, 0, world(), 4);
    assertThat(c).allMatch(x -> x.reason() == VantageSelector.Reason.SPREAD
        && Double.isNaN(x.distanceKm()));
    assertThat(c.get(0).vantage().id()).isEqualTo("1");
  }

  @Test
  void deterministic_whateverTheInputOrder() {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    List<VantageCandidate> l = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      l.add(probe(Integer.toString(i), rnd.nextDouble() * 140 - 60, rnd.nextDouble() * 360 - 180,
          (long) rnd.nextInt(50)));
    }
    List<VantageSelector.Choice> first = VantageSelector.defaults().select(FRANKFURT, 100, l, 40);
    for (int r = 0; r < 3; r++) {
      Collections.shuffle(l, rnd);
      assertThat(VantageSelector.defaults().select(FRANKFURT, 100, l, 40))
          .as(Seeds.describe(seed)).isEqualTo(first);
    }
    assertThat(first).hasSize(40).extracting(x -> x.vantage().id()).doesNotHaveDuplicates();
  }

  @Test
  void unavailable_andDuplicates_areNeverChosen() {
    List<VantageCandidate> l = new ArrayList<>();
    l.add(new VantageCandidate("7", FRANKFURT, null, null, VantageCandidate.Status.UNAVAILABLE));
    l.add(VantageCandidate.of("8", LatLon.of(0, 0)));
    l.add(VantageCandidate.of("8", LatLon.of(10, 10)));
    List<VantageSelector.Choice> c = VantageSelector.defaults().select(FRANKFURT, 0, l, 5);
    assertThat(c).extracting(x -> x.vantage().id()).containsExactly("8");
    assertThat(c.get(0).vantage().at()).isEqualTo(LatLon.of(0, 0));
    assertThat(VantageSelector.defaults().select(FRANKFURT, 0, List.of(), 5)).isEmpty();
  }

  @Test
  void idsOrderNumericallyThenAsText() {
    assertThat(VantageSelector.compareIds("9", "10")).isNegative();
    assertThat(VantageSelector.compareIds("010", "9")).isPositive();
    assertThat(VantageSelector.compareIds("99", "agent-a")).isNegative();
    assertThat(VantageSelector.compareIds("agent-a", "agent-b")).isNegative();
  }

  @Test
  void badArguments_areRefused() {
    VantageSelector s = VantageSelector.defaults();
    assertThatThrownBy(() -> s.select(FRANKFURT, 0, world(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1000]");
    assertThatThrownBy(() -> s.select(FRANKFURT, Double.NaN, world(), 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accuracy");
    assertThatThrownBy(() -> VantageSelector.withNearShare(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
