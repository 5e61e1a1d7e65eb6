package io.geofusion.locate;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.TraceRequest;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How to trace every target of a live run, whatever its address, method and port: the target
 * independent part of a {@link TraceRequest}, validated by the same rules (TTLs 1–255 with
 * {@code firstTtl ≤ maxTtl}, 1–10 queries per hop, probe wait 1 ms–60 s).
 *
 * <p>The whole trace ends by {@link #deadline()}: 30 s, as traceroute's defaults allow, or twice
 * the probe wait when that is longer, at most 60 s (the most a {@link TraceRequest} accepts).
 *
 * @param firstTtl first TTL probed
 * @param maxTtl last TTL probed
 * @param queriesPerHop probes per TTL
 * @param probeWait how long each probe waits for its reply
 */
public record TraceSettings(int firstTtl, int maxTtl, int queriesPerHop, Duration probeWait) {

  // Before DEFAULTS: static fields are initialised in textual order.
  private static final Duration BASE_DEADLINE = Duration.ofSeconds(30);
  private static final Duration MAX_DEADLINE = Duration.ofSeconds(60);

  /** traceroute's defaults: TTLs 1–30, 3 queries per hop, 2 s wait. */
  public static final TraceSettings DEFAULTS = new TraceSettings(1, 30, 3, Duration.ofSeconds(2));

  /** @throws IllegalArgumentException naming the first invalid field, as {@link TraceRequest} */
  public TraceSettings {
    if (probeWait == null) {
      throw new IllegalArgumentException("probe wait must not be null");
    }
    // The fields are not assigned yet in a compact constructor: validate the parameters.
    request(InetAddress.getLoopbackAddress(), ProbeMethod.ICMP, 0, firstTtl, maxTtl,
        queriesPerHop, probeWait);
  }

  /**
   * The request towards {@code target}.
   *
   * @param port first destination port for UDP/TCP, 0 for ICMP
   * @throws IllegalArgumentException when the target is refused or the port does not fit the
   *     method
   */
  public TraceRequest request(InetAddress target, ProbeMethod method, int port) {
    return request(target, method, port, firstTtl, maxTtl, queriesPerHop, probeWait);
  }

  private static TraceRequest request(InetAddress target, ProbeMethod method, int port,
      int firstTtl, int maxTtl, int queriesPerHop, Duration probeWait) {
    return TraceRequest.builder(target).method(method).port(port).firstTtl(firstTtl)
        .maxTtl(maxTtl).queriesPerHop(queriesPerHop).probeWait(probeWait)
        .deadline(deadline(probeWait)).build();
  }

  /** The bound on one trace's wall time: 30 s, or {@code 2 · probeWait} up to 60 s. */
  public Duration deadline() {
    return deadline(probeWait);
  }

  private static Duration deadline(Duration probeWait) {
    Duration twice = probeWait.multipliedBy(2);
    if (twice.compareTo(BASE_DEADLINE) <= 0) {
      return BASE_DEADLINE;
    }
    return twice.compareTo(MAX_DEADLINE) > 0 ? MAX_DEADLINE : twice;
  }
}
