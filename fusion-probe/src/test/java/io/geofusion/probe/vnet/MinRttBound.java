package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts a measured minimum RTT against a scenario's configured delay, robust to scheduling by
 * construction (the contract tests here and fusion-cli's end-to-end tests use it).
 *
 * <p>Scheduling delay (the emulator, the prober or its tool descheduled on a loaded machine)
 * only ever adds to an RTT. So every measurement must be at least {@code expected - tolerance}
 * (one-sided: no delay can make a reply early), and the upper bound is judged on the best of up
 * to {@link #MAX_ATTEMPTS} measurements, the estimator's own remedy: the minimum carries the path
 * delay. A prober that adds time adds it to every measurement and still fails the upper bound;
 * one that under-reports fails the lower bound on the first measurement.
 */
public final class MinRttBound {

  /**
   * Measurements taken at most before the upper bound is judged. Under {@code stress-ng --cpu 4}
   * on 2 cores (load ~17) about one measurement in several had every probe delayed past 1 ms;
   * the bound fails only when all of them are.
   */
  public static final int MAX_ATTEMPTS = 5;

  private MinRttBound() {}

  /** One measurement of a minimum RTT in ms; may assert what must hold of every measurement. */
  @FunctionalInterface
  public interface Measurement {
    /** Measures once and returns the minimum RTT in ms. */
    double minRttMs() throws Exception;
  }

  /**
   * Measures until the best minimum RTT is within {@code tolerance} ms above {@code expected}
   * (at most {@link #MAX_ATTEMPTS} times), asserting each is not below it by more.
   *
   * @return the best minimum RTT
   */
  public static double assertNear(String what, double expected, double tolerance,
      Measurement m) throws Exception {
    double best = Double.POSITIVE_INFINITY;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && !(best <= expected + tolerance);
        attempt++) {
      double min = m.minRttMs();
      assertThat(min).as("%s, attempt %d: min RTT below the configured %s ms (delay only adds)",
          what, attempt, expected).isGreaterThanOrEqualTo(expected - tolerance);
      best = Math.min(best, min);
      if (!(best <= expected + tolerance) && attempt < MAX_ATTEMPTS) {
        System.out.printf(java.util.Locale.ROOT,
            "%s: min RTT %.3f ms above %s + %s ms (scheduling?), measuring again%n",
            what, min, expected, tolerance);
      }
    }
    assertThat(best).as("%s: best min RTT of up to %d measurements", what, MAX_ATTEMPTS)
        .isLessThanOrEqualTo(expected + tolerance);
    return best;
  }
}
