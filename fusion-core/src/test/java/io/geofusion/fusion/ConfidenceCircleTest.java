package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import org.junit.jupiter.api.Test;

/** No radius exceeds half the Earth's circumference. */
class ConfidenceCircleTest {

  @Test
  void new_radiusBeyondHalfTheCircumference_clampedTo20004Km() {
    assertThat(new ConfidenceCircle(LatLon.of(0, 0), 20015.1, 0.9).radiusKm())
        .isEqualTo(Geodesy.MAX_DISTANCE_KM);
    assertThat(new ConfidenceCircle(LatLon.of(0, 0), 12.5, 0.9).radiusKm()).isEqualTo(12.5);
  }
}
