package io.geofusion.probe;

import java.net.InetAddress;
import java.time.Duration;

/**
 * What to ping and how. Build with {@link #builder(InetAddress)}; the record validates every
 * field, so a request that exists is one a backend may run.
 *
 * <p>Limits: 1–10 000 probes, interval 1 ms–60 s, per-probe timeout 1 ms–60 s, payload
 * 0–1 400 bytes (fits a 1 500-byte MTU with IPv6 headers), TTL 1–255. Backends that run without
 * privilege refuse intervals below {@link #MIN_UNPRIVILEGED_INTERVAL} (200 ms, as iputils
 * {@code ping} does for non-root users).
 *
 * @param target the destination; unspecified, multicast and broadcast addresses are refused
 * @param method probe kind
 * @param port destination port for UDP/TCP (1–65535); 0 for ICMP
 * @param count probes to send
 * @param interval time between sends
 * @param timeout how long to wait for each probe's reply after it was sent
 * @param payloadBytes probe payload size after the ICMP/UDP header (TCP SYNs carry none)
 * @param ttl IP TTL / IPv6 hop limit of each probe
 */
public record PingRequest(
    InetAddress target,
    ProbeMethod method,
    int port,
    int count,
    Duration interval,
    Duration timeout,
    int payloadBytes,
    int ttl) {

  /** Minimum interval between probes when the process runs without privilege: 200 ms. */
  public static final Duration MIN_UNPRIVILEGED_INTERVAL = Duration.ofMillis(200);

  public PingRequest {
    Targets.check(target);
    Limits.checkMethodAndPort("a ping", method, port);
    if (count < 1 || count > 10_000) {
      throw new IllegalArgumentException("count must be in [1, 10000], got " + count);
    }
    Limits.checkDuration("interval", interval);
    Limits.checkDuration("timeout", timeout);
    Limits.checkPayload(payloadBytes);
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
  }

  /** The longest this ping may take: {@code (count − 1) · interval + timeout}. */
  public Duration deadline() {
    return interval.multipliedBy(count - 1L).plus(timeout);
  }

  /** A builder with ping's defaults: ICMP, 5 probes, 1 s apart, 2 s timeout, 56 bytes, TTL 64. */
  public static Builder builder(InetAddress target) {
    return new Builder(target);
  }

  /** Builds a {@link PingRequest}; not thread-safe. */
  public static final class Builder {
    private final InetAddress target;
    private ProbeMethod method = ProbeMethod.ICMP;
    private int port = -1;
    private int count = 5;
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(2);
    private int payloadBytes = 56;
    private int ttl = 64;

    private Builder(InetAddress target) {
      this.target = target;
    }

    /** Probe kind; the port defaults to the method's {@link ProbeMethod#defaultPort()}. */
    public Builder method(ProbeMethod value) {
      this.method = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder count(int value) {
      this.count = value;
      return this;
    }

    public Builder interval(Duration value) {
      this.interval = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public Builder payloadBytes(int value) {
      this.payloadBytes = value;
      return this;
    }

    public Builder ttl(int value) {
      this.ttl = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public PingRequest build() {
      int p = Limits.portOrDefault(port, method);
      return new PingRequest(target, method, p, count, interval, timeout, payloadBytes, ttl);
    }
  }
}
