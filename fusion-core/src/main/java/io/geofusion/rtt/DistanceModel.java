package io.geofusion.rtt;

/**
 * How far a signal can travel per millisecond of round-trip time.
 *
 * <p>With speed of light {@code c = 299.792458 km/ms} and velocity factor {@code f}, the one-way
 * distance bound per RTT millisecond is {@code k = f·c/2}. {@link #maxDistanceKm} is the hard
 * bound {@code d_max = max(0, rtt − localDelay)·k}. Implementations are immutable and
 * thread-safe.
 */
public interface DistanceModel {

  /** Speed of light in vacuum, km per millisecond. */
  double C_KM_PER_MS = 299.792458;

  /** Fibre, 2/3 c: the default (≈ 99.93 km per RTT-ms). */
  DistanceModel FIBER_TWO_THIRDS = constant("fiber_2_3", 2.0 / 3.0);

  /** The origin system's 0.66 c. */
  DistanceModel ORIGIN_0_66 = constant("origin_0_66", 0.66);

  /** 0.51 c, a fit of real Internet paths' speed (Katz-Bassett et al., IMC 2006). */
  DistanceModel SPEED_0_51 = constant("c_0_51", 0.51);

  /**
   * 4/9 c, the "speed of Internet" of constraint-based geolocation (Gueye et al., IEEE/ACM ToN
   * 2006, via Katz-Bassett et al. 2006).
   */
  DistanceModel SPEED_OF_INTERNET = constant("speed_of_internet_4_9", 4.0 / 9.0);

  /**
   * The RTT-dependent schedule of the 2023 RIPE Atlas replication of "Towards street-level client
   * geolocation" (Darwich et al., IMC 2023): 1/6 c below 5 ms, 1/3 c up to 80 ms, 4/9 c above.
   * Short paths are slower per km because of access and queuing delays.
   */
  DistanceModel RIPE_ATLAS_2023 = new PiecewiseDistanceModel();

  /** Stable name used in JSON and on the command line. */
  String name();

  /** Velocity factor (share of c) that applies to a path with this RTT. */
  double velocityFactor(double rttMs);

  /** One-way km per RTT millisecond for a path with this RTT: {@code f(rtt)·c/2}. */
  default double kmPerRttMs(double rttMs) {
    return velocityFactor(rttMs) * C_KM_PER_MS / 2.0;
  }

  /**
   * The hard physical distance bound for a minimum RTT, after subtracting the vantage's own
   * access delay: {@code max(0, rtt − localDelay)·k(rtt)}.
   *
   * @throws IllegalArgumentException for a negative or non-finite input
   */
  default double maxDistanceKm(double minRttMs, double localDelayMs) {
    if (!(minRttMs >= 0.0) || Double.isInfinite(minRttMs)) {
      throw new IllegalArgumentException("min RTT must be finite and >= 0 ms, got " + minRttMs);
    }
    if (!(localDelayMs >= 0.0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException(
          "local delay must be finite and >= 0 ms, got " + localDelayMs);
    }
    return Math.max(0.0, minRttMs - localDelayMs) * kmPerRttMs(minRttMs);
  }

  /** A model with one velocity factor for every RTT. */
  static DistanceModel constant(String name, double velocityFactor) {
    return new ConstantDistanceModel(name, velocityFactor);
  }

  /**
   * Looks a preset up by {@link #name()}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  static DistanceModel byName(String name) {
    for (DistanceModel m : presets()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    StringBuilder names = new StringBuilder();
    for (DistanceModel m : presets()) {
      names.append(names.length() == 0 ? "" : ", ").append(m.name());
    }
    throw new IllegalArgumentException(
        "unknown distance model '" + name + "'; choose one of " + names);
  }

  /** All presets, default first. */
  static java.util.List<DistanceModel> presets() {
    return java.util.List.of(
        FIBER_TWO_THIRDS, ORIGIN_0_66, SPEED_0_51, SPEED_OF_INTERNET, RIPE_ATLAS_2023);
  }
}
