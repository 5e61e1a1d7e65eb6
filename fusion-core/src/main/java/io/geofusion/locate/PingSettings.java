package io.geofusion.locate;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.ProbeMethod;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How to ping every target of a live run, whatever its address, method and port: the target
 * independent part of a {@link PingRequest}, validated by the same rules (1–10 000 probes,
 * interval and timeout 1 ms–60 s).
 *
 * @param count probes per target
 * @param interval time between sends
 * @param timeout how long each probe waits for its reply
 */
public record PingSettings(int count, Duration interval, Duration timeout) {

  /** ping's defaults: 5 probes, 1 s apart, 2 s timeout. */
  public static final PingSettings DEFAULTS =
      new PingSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(2));

  /** @throws IllegalArgumentException naming the first invalid field, as {@link PingRequest} */
  public PingSettings {
    // The fields are not assigned yet in a compact constructor: validate the parameters.
    request(InetAddress.getLoopbackAddress(), ProbeMethod.ICMP, 0, count, interval, timeout);
  }

  /**
   * The request towards {@code target}.
   *
   * @param port destination port for UDP/TCP, 0 for ICMP
   * @throws IllegalArgumentException when the target is refused or the port does not fit the
   *     method
   */
  public PingRequest request(InetAddress target, ProbeMethod method, int port) {
    return request(target, method, port, count, interval, timeout);
  }

  private static PingRequest request(InetAddress target, ProbeMethod method, int port, int count,
      Duration interval, Duration timeout) {
    return PingRequest.builder(target).method(method).port(port).count(count)
        .interval(interval).timeout(timeout).build();
  }

  /** The longest one ping may take: {@code (count − 1) · interval + timeout}. */
  public Duration deadline() {
    return interval.multipliedBy(count - 1L).plus(timeout);
  }
}
