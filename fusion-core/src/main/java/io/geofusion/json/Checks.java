package io.geofusion.json;

import java.util.List;

/** Shared validation for the JSON records. */
final class Checks {

  private Checks() {}

  /** NaN (unknown) becomes null so that JSON never carries a non-standard NaN token. */
  static Double nanToNull(Double v) {
    return v == null || v.isNaN() ? null : v;
  }

  static Double nonNegative(String name, Double v) {
    Double x = nanToNull(v);
    if (x != null && (x < 0 || x.isInfinite())) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + x);
    }
    return x;
  }

  static String required(String name, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return v;
  }

  static List<String> names(List<String> v) {
    if (v == null) {
      return List.of();
    }
    for (String s : v) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("anomaly/flag names must be non-blank, got " + v);
      }
    }
    return List.copyOf(v);
  }

  static Double nullable(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /**
   * Rounds a millisecond or kilometre value to 3 decimals (1 µs, 1 m) for output: finer digits
   * are below any measurement's resolution and only show binary floating-point noise. NaN stays
   * NaN; rounding is monotone, so orderings (min ≤ median ≤ max) survive.
   */
  static double round3(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e3) / 1e3 : v;
  }

  /**
   * Rounds to {@code digits} decimals, as the host-location documents always have been (NaN
   * becomes 0, which no valid value of theirs is).
   */
  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** Rounds a ratio to 6 decimals, for output. */
  static double round6(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
  }

  /** {@link #nullable} of {@link #round3}. */
  static Double ms(double v) {
    return nullable(round3(v));
  }
}
