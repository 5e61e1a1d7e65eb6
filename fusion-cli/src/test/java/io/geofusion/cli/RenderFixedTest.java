package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.testing.Seeds;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Render.fixed writes exactly what String.format(Locale.ROOT, "%.Nf") writes. */
@ExtendWith(Seeds.class)
class RenderFixedTest {

  @Test
  void fixed_isTheFormatter_onTiesEdgesAndRandomValues() {
    double[] edges = {0.0, -0.0, 0.005, 0.015, 0.125, 0.5, 1.5, 2.5, 1.005, 2.675, 9.995, 99.5,
        0.045, 1e-7, 4.9e-324, 1e20, 123456789.125, Double.MAX_VALUE, -1.5, -0.001,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 235.2, 53.3, 100.0,
        0.0005, 0.0004999, 0.9995, 999.9995, 9.5, 99.95, 1e-3, 9.99e-4, 1e7, 9999999.995,
        -0.0005, -0.4, -9.995, Double.MIN_NORMAL, 0.05, 0.95};
    for (double v : edges) {
      check(v);
    }
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    for (int i = 0; i < 20_000; i++) {
      // RTT-like values with three recorded decimals, and arbitrary doubles
      check(Math.round(r.nextDouble(0.0, 500.0) * 1000.0) / 1000.0);
      check(r.nextDouble(0.0, 20_000.0));
      check(Math.round(r.nextDouble(0.0, 1.0) * 1e6) / 1e4);
      // every magnitude Double.toString writes in either notation, both signs
      double m = Math.pow(10, r.nextDouble(-12.0, 22.0)) * (r.nextBoolean() ? 1 : -1);
      check(m);
      check(Math.round(m * 1000.0) / 1000.0);
      check(Double.longBitsToDouble(r.nextLong()));
    }
  }

  private static void check(double v) {
    for (int decimals = 0; decimals <= 3; decimals++) {
      assertThat(Render.fixed(v, decimals)).as("%s with %d decimals", v, decimals)
          .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }
  }
}
