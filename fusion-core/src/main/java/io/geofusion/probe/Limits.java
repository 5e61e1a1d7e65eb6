package io.geofusion.probe;

import java.time.Duration;

/** Shared bounds for request validation. */
final class Limits {

  static final Duration MIN_WAIT = Duration.ofMillis(1);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private Limits() {}

  static void checkDuration(String name, Duration d) {
    if (d == null || d.compareTo(MIN_WAIT) < 0 || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and 60 s, got " + d);
    }
  }
}
