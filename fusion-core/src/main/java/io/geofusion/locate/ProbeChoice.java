package io.geofusion.locate;

import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceResult;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The backend and method chosen for one operation towards one target (by a {@link
 * ProbeSelector}).
 *
 * @param prober the backend to run it
 * @param method the probe kind
 * @param port destination port for UDP/TCP, 0 for ICMP
 * @param skipped why preferred backends or methods were passed over, one line each (for a
 *     verbose report); empty when the first choice could run
 */
public record ProbeChoice(Prober prober, ProbeMethod method, int port, List<String> skipped) {

  public ProbeChoice {
    Objects.requireNonNull(prober, "prober");
    Objects.requireNonNull(method, "method");
    skipped = List.copyOf(skipped);
  }

  /**
   * Pings {@code target} with this choice; ends by {@link PingSettings#deadline()} plus the
   * backend's slack (see {@link Prober}).
   */
  public PingResult ping(PingSettings settings, InetAddress target)
      throws ProbeException, InterruptedException {
    return prober.ping(settings.request(target, method, port));
  }

  /**
   * Traces to {@code target} with this choice; ends by {@link TraceSettings#deadline()} plus the
   * backend's slack (see {@link Prober}).
   */
  public TraceResult trace(TraceSettings settings, InetAddress target)
      throws ProbeException, InterruptedException {
    return prober.trace(settings.request(target, method, port));
  }
}
