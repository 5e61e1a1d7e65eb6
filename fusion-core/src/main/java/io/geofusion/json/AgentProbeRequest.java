package io.geofusion.json;

import io.geofusion.probe.ProbeMethod;
import java.time.Duration;
import java.util.Locale;

/**
 * What one GeoFusion installation asks a probe agent to measure (the agent protocol, v1;
 * docs/agents.md): {@code POST /v1/agent/ping} with this document as the body and
 * {@code Authorization: Bearer TOKEN}; the answer is the agent's {@code PING_RESULT} document
 * ({@link PingResultDocument}), RTTs measured on the agent.
 *
 * <pre>{@code {"target":"192.0.2.7","method":"icmp","port":null,"count":5,"interval_ms":1000,
 *  "timeout_ms":2000}}</pre>
 *
 * @param target the target's IP literal (the caller resolves names once, so every vantage probes
 *     the same address; agents refuse names)
 * @param method {@code icmp}, {@code udp} or {@code tcp}
 * @param port destination port for udp/tcp, or null for the method's default; null for icmp
 * @param count pings, 1 to {@value #MAX_COUNT}
 * @param intervalMs time between pings, {@value #MIN_INTERVAL_MS} to {@value #MAX_INTERVAL_MS}
 * @param timeoutMs per-ping wait, 1 to {@value #MAX_TIMEOUT_MS}
 */
public record AgentProbeRequest(String target, String method, Integer port, int count,
    long intervalMs, long timeoutMs) {

  /** Most pings one request may ask for. */
  public static final int MAX_COUNT = 100;

  /** Smallest interval (unprivileged ping's floor). */
  public static final long MIN_INTERVAL_MS = 200;

  /** Largest interval. */
  public static final long MAX_INTERVAL_MS = 10_000;

  /** Largest per-ping timeout. */
  public static final long MAX_TIMEOUT_MS = 10_000;

  /** The longest a request may keep an agent busy: {@code (count − 1) · interval + timeout}. */
  public static final Duration MAX_DURATION = Duration.ofSeconds(60);

  public AgentProbeRequest {
    Checks.required("target", target);
    if (target.length() > 255) {
      throw new IllegalArgumentException("target must be at most 255 characters");
    }
    method = method == null ? "icmp" : method.strip().toLowerCase(Locale.ROOT);
    ProbeMethod m = probeMethod(method);
    if (m == ProbeMethod.ICMP && port != null) {
      throw new IllegalArgumentException("ICMP probes have no port, got port " + port);
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], got " + count);
    }
    if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
      throw new IllegalArgumentException("interval_ms must be in [" + MIN_INTERVAL_MS + ", "
          + MAX_INTERVAL_MS + "], got " + intervalMs);
    }
    if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new IllegalArgumentException("timeout_ms must be in [1, " + MAX_TIMEOUT_MS
          + "], got " + timeoutMs);
    }
    if (Duration.ofMillis((count - 1L) * intervalMs + timeoutMs).compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("(count - 1) * interval_ms + timeout_ms must be at most "
          + MAX_DURATION.toSeconds() + " s");
    }
  }

  /** The probe method. */
  public ProbeMethod probeMethod() {
    return probeMethod(method);
  }

  /** The destination port: the given one, the method's default, or 0 for ICMP. */
  public int portOrDefault() {
    ProbeMethod m = probeMethod();
    return m == ProbeMethod.ICMP ? 0 : port != null ? port : m.defaultPort();
  }

  /** The longest this request keeps an agent busy, before the backend's slack. */
  public Duration duration() {
    return Duration.ofMillis((count - 1L) * intervalMs + timeoutMs);
  }

  /** The request as JSON (one line). */
  public String toJson() {
    return ProductJson.toJson(this);
  }

  /**
   * Reads a request.
   *
   * @throws IllegalArgumentException when it is not valid JSON or a field is out of range,
   *     saying which
   */
  public static AgentProbeRequest fromJson(String json) {
    return ProductJson.fromJson(json, AgentProbeRequest.class);
  }

  private static ProbeMethod probeMethod(String m) {
    return switch (m) {
      case "icmp" -> ProbeMethod.ICMP;
      case "udp" -> ProbeMethod.UDP;
      case "tcp" -> ProbeMethod.TCP;
      default -> throw new IllegalArgumentException("method must be icmp, udp or tcp, got '" + m
          + "'");
    };
  }
}
