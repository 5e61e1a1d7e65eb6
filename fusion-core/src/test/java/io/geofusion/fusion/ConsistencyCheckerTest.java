package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import org.junit.jupiter.api.Test;

class ConsistencyCheckerTest {

  /**
   * Vantages around Paris and around Tokyo (two anycast sites); each cluster's hard disks reach
   * the other site, their soft disks do not.
   */
  private static final LatLon[] SITES = {
      LatLon.of(48.9, 2.4), LatLon.of(50.8, 4.4), LatLon.of(52.4, 4.9), LatLon.of(47.4, 8.5),
      LatLon.of(35.7, 139.7), LatLon.of(34.7, 135.5), LatLon.of(37.6, 127.0),
      LatLon.of(43.1, 141.3)};

  private static double[][] units() {
    double[][] u = new double[SITES.length][];
    for (int i = 0; i < SITES.length; i++) {
      u[i] = SphereMath.unit(SITES[i]);
    }
    return u;
  }

  private static String[] ids() {
    String[] ids = new String[SITES.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "v" + i;
    }
    return ids;
  }

  @Test
  void checkAnycast_softDisksDisjointInThreeIndependentPairs_flags() {
    double[] hard = new double[SITES.length];
    double[] soft = new double[SITES.length];
    java.util.Arrays.fill(hard, 6000.0); // 12,000 km together: every hard pair intersects
    java.util.Arrays.fill(soft, 1500.0); // Paris-Tokyo is 9,700 km: soft pairs are disjoint
    ConsistencyChecker.AnycastCheck c = ConsistencyChecker.checkAnycast(units(), hard, soft,
        ids(), SITES.length, 0.0, 50.0, 2);
    assertThat(c.suspected()).isTrue();
    assertThat(c.detail()).contains("99 % of calibrated paths");
    // Hard bounds alone: nothing to see.
    assertThat(ConsistencyChecker.checkAnycast(units(), hard, ids(), SITES.length, 0.0, 50.0, 2)
        .suspected()).isFalse();
  }

  @Test
  void checkAnycast_twoMislocatedVantages_areNotAnycast() {
    // Only v4 and v5 (Tokyo, Osaka) have tight soft disks, as two mislocated vantages would:
    // every soft-disjoint pair involves v4 or v5, so no three vantage-disjoint pairs exist.
    double[] hard = new double[SITES.length];
    double[] soft = new double[SITES.length];
    java.util.Arrays.fill(hard, 9000.0);
    java.util.Arrays.fill(soft, 9000.0); // v6, v7 reach everything
    soft[4] = 300.0;
    soft[5] = 300.0;
    for (int i = 0; i < 4; i++) {
      soft[i] = 1500.0;
    }
    // v0..v3 (Europe, 1,500 km) against v4, v5 (300 km): 8 disjoint pairs, but all through v4/v5.
    ConsistencyChecker.AnycastCheck c = ConsistencyChecker.checkAnycast(units(), hard, soft,
        ids(), SITES.length, 0.0, 50.0, 2);
    assertThat(c.suspected()).isFalse();
  }
}
