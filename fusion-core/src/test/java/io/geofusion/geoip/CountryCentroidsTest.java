package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.geo.LatLon;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CountryCentroidsTest {

  private final CountryCentroids table = CountryCentroids.bundled();

  @Test
  void bundled_coversTheWorld() {
    assertThat(table.size()).isGreaterThanOrEqualTo(249);
    assertThat(table.centroid("nl")).contains(LatLon.of(52.5, 5.75));
    assertThat(table.equivalentRadiusKm("NL")).isCloseTo(115.4, within(0.1));
    assertThat(table.equivalentRadiusKm("US")).isCloseTo(1727.3, within(0.5));
    assertThat(table.centroid("ZZ")).isEmpty();
    assertThat(table.equivalentRadiusKm("SJ")).isNaN(); // area unknown in the source
  }

  @Test
  void isCountryLevel_rules() {
    LatLon ams = LatLon.of(52.3824, 4.8995);
    assertThat(table.isCountryLevel(ams, 100, "NL", null, null)).isTrue();
    assertThat(table.isCountryLevel(ams, 99, "NL", null, null)).isFalse();
    assertThat(table.isCountryLevel(ams, 1000, "NL", null, "Amsterdam")).isFalse();
    assertThat(table.isCountryLevel(ams, 500, "NL", "North Holland", null)).isFalse();
    assertThat(table.isCountryLevel(LatLon.of(52.5, 5.75), 5, "NL", "Flevoland", null)).isTrue();
    assertThat(table.isCountryLevel(LatLon.of(52.5, 5.75), null, null, null, null)).isFalse();
  }

  @Test
  void widenedRadiusKm_neverShrinks() {
    assertThat(table.widenedRadiusKm("NL", 100)).isCloseTo(115.4, within(0.1));
    assertThat(table.widenedRadiusKm("NL", 500)).isEqualTo(500.0);
    assertThat(table.widenedRadiusKm("ZZ", 200)).isEqualTo(1000.0);
    assertThat(table.widenedRadiusKm("ZZ", 5000)).isEqualTo(5000.0);
    assertThat(table.widenedRadiusKm("US", null)).isCloseTo(1727.3, within(0.5));
  }

  @Test
  void gaussianSigmaKm_circleHolds67Percent() {
    GeoIpLocation l = new GeoIpLocation(LatLon.of(0, 0), 100, 100, false, null, null, null,
        IpNetwork.parse("192.0.2.0/24"), "test");
    double sigma = l.gaussianSigmaKm();
    assertThat(sigma).isCloseTo(67.16, within(0.01));
    // Rayleigh CDF at R: 1 - exp(-R^2 / 2 sigma^2) must give back 0.67.
    assertThat(1 - Math.exp(-100.0 * 100.0 / (2 * sigma * sigma))).isCloseTo(0.67, within(1e-12));
  }

  @Test
  void parse_malformedLineIsNamed() {
    String tsv = "# comment\nNL\t52.5\t5.75\t41850\nXX\tnorth\t5\t1\n";
    assertThatThrownBy(() -> CountryCentroids.parse(
        new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
  }
}
