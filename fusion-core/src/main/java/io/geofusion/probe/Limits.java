package io.geofusion.probe;

import java.time.Duration;

/** Bounds and defaults that {@link PingRequest} and {@link TraceRequest} share. */
final class Limits {

  static final Duration MIN_WAIT = Duration.ofMillis(1);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private Limits() {}

  static void checkDuration(String name, Duration d) {
    if (d == null || d.compareTo(MIN_WAIT) < 0 || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and 60 s, got " + d);
    }
  }

  /**
   * The method and port of a probe request: a method is required; ICMP has no port (0), UDP and
   * TCP need one in [1, 65535].
   *
   * @param what the request in the message, e.g. "a ping"
   */
  static void checkMethodAndPort(String what, ProbeMethod method, int port) {
    if (method == null) {
      throw new IllegalArgumentException(what + " needs a method (ICMP, UDP or TCP)");
    }
    if (method == ProbeMethod.ICMP ? port != 0 : port < 1 || port > 65535) {
      throw new IllegalArgumentException(method == ProbeMethod.ICMP
          ? "ICMP probes have no port, got " + port
          : "port must be in [1, 65535] for " + method + ", got " + port);
    }
  }

  /** Payload after the ICMP/UDP header: 0–1 400 bytes (fits a 1 500-byte MTU with IPv6). */
  static void checkPayload(int payloadBytes) {
    if (payloadBytes < 0 || payloadBytes > 1400) {
      throw new IllegalArgumentException("payload must be in [0, 1400] bytes, got " + payloadBytes);
    }
  }

  /**
   * The port a builder passes on: the one set ({@code port >= 0}), else the method's
   * {@link ProbeMethod#defaultPort()}, else 0 when no method is set (the request then refuses it).
   */
  static int portOrDefault(int port, ProbeMethod method) {
    return port >= 0 ? port : method == null ? 0 : method.defaultPort();
  }
}
