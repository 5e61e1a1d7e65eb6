package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.IpNetwork;
import io.geofusion.path.HopFlag;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeoPathWaypointTest {

  private static GeoIpLocation at(LatLon p, double radiusKm) {
    return new GeoIpLocation(p, radiusKm, (int) radiusKm, false, "DE", null, "X",
        IpNetwork.parse("198.51.100.0/24"), "test");
  }

  private static GeoPathWaypoint wp(double distanceKm, double radiusKm, double boundKm) {
    return new GeoPathWaypoint(3, "198.51.100.1", null, at(LatLon.of(0, 0), radiusKm), null,
        10.0, Set.of(), null, boundKm, distanceKm);
  }

  @Test
  void geoipInfeasible_onlyBeyondBoundPlusAccuracyRadius() {
    assertThat(wp(1000, 100, 900).geoipInfeasible()).isFalse(); // exactly at the edge
    assertThat(wp(1000.001, 100, 900).geoipInfeasible()).isTrue();
    assertThat(wp(1000.001, 100, 900).infeasibleExcessKm()).isCloseTo(0.001,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(wp(500, 100, 900).infeasibleExcessKm()).isZero();
  }

  @Test
  void flagNames_hopFlagsInOrderThenGeoipInfeasible() {
    GeoPathWaypoint w = new GeoPathWaypoint(3, "198.51.100.1", null,
        at(LatLon.of(0, 0), 10), null, 10.0, Set.of(HopFlag.MPLS, HopFlag.RTT_SPIKE), null,
        100.0, 5000.0);
    assertThat(w.flagNames()).containsExactly("rtt_spike", "mpls", "geoip_infeasible");
  }

  @Test
  void constructor_inconsistentFields_areRejected() {
    GeoIpLocation g = at(LatLon.of(0, 0), 10);
    assertThatThrownBy(() -> new GeoPathWaypoint(0, null, null, null, null, null, Set.of(), null,
        null, null)).hasMessageContaining("TTL must be in [1, 255], got 0");
    assertThatThrownBy(() -> new GeoPathWaypoint(2, null, null, g, null, null, Set.of(), null,
        null, null)).hasMessageContaining("without a responder");
    assertThatThrownBy(() -> new GeoPathWaypoint(2, "198.51.100.1", null, null, null, 3.0,
        Set.of(), null, null, null)).hasMessageContaining("both set or both null");
    assertThatThrownBy(() -> new GeoPathWaypoint(2, "198.51.100.1", null, null, null, null,
        Set.of(), null, null, 5.0)).hasMessageContaining("needs a GeoIP position");
    assertThatThrownBy(() -> new GeoPathWaypoint(2, "198.51.100.1", null, null, null, -1.0,
        Set.of(), null, 0.0, null)).hasMessageContaining("min RTT (ms) must be finite and >= 0");
  }

  @Test
  void of_computesVantageDistanceOnlyWithBothPositions() {
    GeoIpLocation g = at(LatLon.of(0, 1), 10);
    assertThat(GeoPathWaypoint.of(1, "198.51.100.1", null, g, null, 1.0, Set.of(), null, 99.0,
        LatLon.of(0, 0)).vantageDistanceKm()).isBetween(111.0, 112.0);
    assertThat(GeoPathWaypoint.of(1, "198.51.100.1", null, g, null, 1.0, Set.of(), null, 99.0,
        null).vantageDistanceKm()).isNull();
  }
}
