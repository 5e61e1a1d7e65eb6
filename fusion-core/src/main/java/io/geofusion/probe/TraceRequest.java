package io.geofusion.probe;

import java.net.InetAddress;
import java.time.Duration;

/**
 * What to trace and how. Build with {@link #builder(InetAddress)}.
 *
 * <p>Probes for many TTLs are in flight at once (like mtr and scamper): at most
 * {@code probesInFlight} unanswered probes exist at any time, each waits at most
 * {@code probeWait} for its reply, so a silent hop costs one wait, not
 * {@code queriesPerHop · probeWait} in series. Probes stop being sent beyond the TTL at which the
 * destination answered. The whole trace ends by {@code deadline} whatever happens; probes still
 * unanswered then count as timeouts.
 *
 * <p>Adaptive waiting, as traceroute 2.x's {@code -w MAX,HERE,NEAR}: once a reply from the same
 * TTL has arrived, a probe waits at most {@code hereFactor ×} that reply's RTT; otherwise, once a
 * reply from a higher TTL has arrived, at most {@code nearFactor ×} the RTT of the nearest such
 * reply; never less than 100 ms (traceroute has no such floor; without it a 1-ms first hop leaves
 * its other probes 3 ms) and never more than {@code probeWait}. A factor of 0 turns that shortcut
 * off. Defaults 3 and 10 as in traceroute; a hop answering slower than 10× a later hop is then
 * reported silent, which is traceroute's trade-off too. Whether a reply came in time is judged by
 * its arrival time (kernel timestamp), not by when the probing thread got to read it.
 *
 * <p>Limits: TTLs 1–255 with {@code firstTtl ≤ maxTtl}, 1–10 queries per hop, 1–256 probes in
 * flight, wait 1 ms–60 s, deadline 1 ms–60 s, payload 0–1 400 bytes.
 *
 * @param target destination; unspecified, multicast and broadcast addresses are refused
 * @param method probe kind
 * @param port first destination port (UDP: incremented per probe as traceroute does; TCP: fixed)
 * @param firstTtl first TTL probed
 * @param maxTtl last TTL probed
 * @param queriesPerHop probes per TTL
 * @param probesInFlight maximum unanswered probes at once
 * @param probeWait per-probe wait for a reply
 * @param payloadBytes probe payload after the ICMP/UDP header
 * @param deadline bound on the whole trace's wall time
 * @param hereFactor wait factor on an RTT already seen at the same TTL (0 = off, else 0.5–100)
 * @param nearFactor wait factor on an RTT already seen at a higher TTL (0 = off, else 0.5–100)
 */
public record TraceRequest(
    InetAddress target,
    ProbeMethod method,
    int port,
    int firstTtl,
    int maxTtl,
    int queriesPerHop,
    int probesInFlight,
    Duration probeWait,
    int payloadBytes,
    Duration deadline,
    double hereFactor,
    double nearFactor) {

  public TraceRequest {
    Targets.check(target);
    Limits.checkMethodAndPort("a trace", method, port);
    if (firstTtl < 1 || maxTtl > 255 || firstTtl > maxTtl) {
      throw new IllegalArgumentException(
          "need 1 <= first TTL <= max TTL <= 255, got " + firstTtl + " and " + maxTtl);
    }
    if (queriesPerHop < 1 || queriesPerHop > 10) {
      throw new IllegalArgumentException(
          "queries per hop must be in [1, 10], got " + queriesPerHop);
    }
    if (probesInFlight < 1 || probesInFlight > 256) {
      throw new IllegalArgumentException(
          "probes in flight must be in [1, 256], got " + probesInFlight);
    }
    Limits.checkDuration("probe wait", probeWait);
    Limits.checkDuration("deadline", deadline);
    Limits.checkPayload(payloadBytes);
    checkFactor("here factor", hereFactor);
    checkFactor("near factor", nearFactor);
  }

  private static void checkFactor(String name, double f) {
    if (!(f == 0.0 || (f >= 0.5 && f <= 100.0))) {
      throw new IllegalArgumentException(name + " must be 0 (off) or in [0.5, 100], got " + f);
    }
  }

  /** Probes this trace sends at most: {@code (maxTtl − firstTtl + 1) · queriesPerHop}. */
  public int maxProbes() {
    return (maxTtl - firstTtl + 1) * queriesPerHop;
  }

  /**
   * A builder with traceroute's defaults except method and window: ICMP (traceroute's default is
   * UDP; ICMP echo is answered by more destinations), TTL 1–30, 3 queries, 48 in flight
   * (traceroute uses {@code -N 16}; 48 covers 16 hops × 3 queries, so on a typical path of
   * up to 16 hops the destination's probes leave at once and the trace ends about one
   * destination RTT after it starts — a burst of 48 small packets), 5 s maximum wait with
   * here/near factors 3 and 10 ({@code -w 5,3,10}),
   * 32-byte payload, deadline 30 s.
   */
  public static Builder builder(InetAddress target) {
    return new Builder(target);
  }

  /** Builds a {@link TraceRequest}; not thread-safe. */
  public static final class Builder {
    private final InetAddress target;
    private ProbeMethod method = ProbeMethod.ICMP;
    private int port = -1;
    private int firstTtl = 1;
    private int maxTtl = 30;
    private int queriesPerHop = 3;
    private int probesInFlight = 48;
    private Duration probeWait = Duration.ofSeconds(5);
    private int payloadBytes = 32;
    private Duration deadline = Duration.ofSeconds(30);
    private double hereFactor = 3.0;
    private double nearFactor = 10.0;

    private Builder(InetAddress target) {
      this.target = target;
    }

    public Builder method(ProbeMethod value) {
      this.method = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder firstTtl(int value) {
      this.firstTtl = value;
      return this;
    }

    public Builder maxTtl(int value) {
      this.maxTtl = value;
      return this;
    }

    public Builder queriesPerHop(int value) {
      this.queriesPerHop = value;
      return this;
    }

    public Builder probesInFlight(int value) {
      this.probesInFlight = value;
      return this;
    }

    public Builder probeWait(Duration value) {
      this.probeWait = value;
      return this;
    }

    public Builder payloadBytes(int value) {
      this.payloadBytes = value;
      return this;
    }

    public Builder deadline(Duration value) {
      this.deadline = value;
      return this;
    }

    /** Wait factors on RTTs seen at the same and at higher TTLs; 0 turns one off. */
    public Builder adaptiveWait(double here, double near) {
      this.hereFactor = here;
      this.nearFactor = near;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public TraceRequest build() {
      int p = Limits.portOrDefault(port, method);
      return new TraceRequest(target, method, p, firstTtl, maxTtl, queriesPerHop, probesInFlight,
          probeWait, payloadBytes, deadline, hereFactor, nearFactor);
    }
  }
}
