package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The table tabulated at build time is the prior built from the places, cell for cell. */
class PopulationPriorTableTest {

  @Test
  void bundledTable_isPresent_andEqualsTheBuildFromThePlacesOnEveryCell() throws IOException {
    PopulationPrior slow = PopulationPrior.buildStandard();
    PopulationPrior fast;
    try (InputStream in = PopulationPrior.class.getResourceAsStream(PopulationPrior.TABLE)) {
      assertThat(in).as("resource " + PopulationPrior.TABLE + " (built in process-classes)")
          .isNotNull();
      fast = PopulationPrior.read(in);
    }
    assertThat(fast.sameTable(slow)).isTrue();
    assertThat(PopulationPrior.standard().sameTable(slow)).isTrue();
    // Every cell through the public lookup as well, as floats compared bit for bit.
    double step = PopulationPrior.CELL_DEG;
    for (int r = 0; r < PopulationPrior.ROWS; r++) {
      double lat = -90.0 + (r + 0.5) * step;
      for (int c = 0; c < PopulationPrior.COLS; c++) {
        double lon = -180.0 + (c + 0.5) * step;
        if (Double.doubleToRawLongBits(fast.logDensity(lat, lon))
            != Double.doubleToRawLongBits(slow.logDensity(lat, lon))) {
          throw new AssertionError("cell " + r + "," + c + ": " + fast.logDensity(lat, lon)
              + " != " + slow.logDensity(lat, lon));
        }
      }
    }
    // Mean and max pyramids at every level and a spread of block sizes.
    for (double size = step; size <= 360.0; size *= 2.0) {
      for (double lat = -89.9; lat < 90.0; lat += 3.7) {
        for (double lon = -179.9; lon < 180.0; lon += 5.3) {
          assertThat(fast.logMeanAt(lat, lon, size)).isEqualTo(slow.logMeanAt(lat, lon, size));
          assertThat(fast.logUpperBound(lat, lon, size * 50.0))
              .isEqualTo(slow.logUpperBound(lat, lon, size * 50.0));
        }
      }
    }
  }

  @Test
  void writeThenRead_roundTrips_andABrokenTableIsRefused() throws IOException {
    PopulationPrior p = PopulationPrior.of(0.5, 25.0, 0.2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    p.write(bytes);
    byte[] all = bytes.toByteArray();
    assertThat(PopulationPrior.read(new ByteArrayInputStream(all)).sameTable(p)).isTrue();
    assertThat(PopulationPrior.standard().sameTable(p)).isFalse();
    assertThatThrownBy(() -> PopulationPrior.read(
        new ByteArrayInputStream(Arrays.copyOf(all, all.length / 2))))
        .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> PopulationPrior.read(new ByteArrayInputStream(new byte[16])))
        .isInstanceOf(IOException.class).hasMessageContaining("not a population prior table");
  }
}
