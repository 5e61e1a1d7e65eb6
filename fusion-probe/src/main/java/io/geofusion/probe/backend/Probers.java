package io.geofusion.probe.backend;

import io.geofusion.locate.ProbeChoice;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.internal.NativeProber;
import io.geofusion.probe.internal.ScamperProber;
import io.geofusion.probe.internal.SystemToolProber;
import io.geofusion.probe.internal.TcpConnectProber;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The available {@link Prober} backends and automatic choice among them.
 *
 * <p>Preference order (first that can run wins): {@code native-raw} (kernel timestamps, MPLS
 * labels; needs CAP_NET_RAW), {@code native-dgram} (kernel timestamps; unprivileged ICMP where
 * {@code net.ipv4.ping_group_range} allows, UDP always), {@code tcp-connect} (TCP pings),
 * {@code scamper}, {@code system} ({@code ping}/{@code traceroute} processes). See
 * docs/decisions/probe-backends.md. Thread-safe; availability is checked on the calling thread
 * every time (privileges and sysctls are per process and per network namespace).
 */
public final class Probers {

  private Probers() {}

  /**
   * The backend chosen for a job and why each preferred one was passed over.
   *
   * @param prober the backend to use
   * @param skipped one line per backend passed over: {@code "name: reason"}
   */
  public record Selection(Prober prober, List<String> skipped) {
    /**
     * Checks the backend is present and copies the list.
     *
     * @param prober the backend to use
     * @param skipped one line per backend passed over
     * @throws IllegalArgumentException when {@code prober} is null
     */
    public Selection {
      if (prober == null) {
        throw new IllegalArgumentException("a selection needs a prober");
      }
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Every backend, in preference order.
   *
   * @return new instances of the five backends, whether they can run here or not
   */
  public static List<Prober> all() {
    return List.of(new NativeProber(NativeProber.Mode.RAW), new NativeProber(NativeProber.Mode.DGRAM),
        new TcpConnectProber(), new ScamperProber(), new SystemToolProber());
  }

  /**
   * A backend by name.
   *
   * @param name {@code native-raw}, {@code native-dgram}, {@code tcp-connect}, {@code scamper}
   *     or {@code system}
   * @return the backend, which may still be unavailable here (see
   *     {@link Prober#unavailableReason})
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Prober byName(String name) {
    List<String> names = new ArrayList<>();
    for (Prober p : all()) {
      if (p.name().equals(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new IllegalArgumentException("unknown probe backend '" + name + "'; known: " + names);
  }

  /**
   * The first backend that can run {@code operation} with {@code method} for the family.
   *
   * @param operation ping or trace
   * @param method the probe protocol
   * @param ipv6 true for an IPv6 target
   * @return the backend and one line for each preferred backend passed over
   * @throws ProbeUnavailableException when none can, with every backend's reason
   */
  public static Selection select(Prober.Operation operation, ProbeMethod method, boolean ipv6)
      throws ProbeUnavailableException {
    List<String> skipped = new ArrayList<>();
    for (Prober p : all()) {
      Optional<String> why = p.unavailableReason(operation, method, ipv6);
      if (why.isEmpty()) {
        return new Selection(p, skipped);
      }
      skipped.add(p.name() + ": " + why.get());
    }
    throw new ProbeUnavailableException("no backend can " + operation.name().toLowerCase(
        java.util.Locale.ROOT) + " with " + method + (ipv6 ? " over IPv6" : "") + " here: "
        + String.join("; ", skipped));
  }

  /**
   * {@link #select(Prober.Operation, ProbeMethod, boolean)} for a ping request.
   *
   * @param request the ping to run
   * @return the backend and the ones passed over
   * @throws ProbeUnavailableException when no backend can run it
   */
  public static Selection select(PingRequest request) throws ProbeUnavailableException {
    return select(Prober.Operation.PING, request.method(),
        request.target() instanceof java.net.Inet6Address);
  }

  /**
   * {@link #select(Prober.Operation, ProbeMethod, boolean)} for a trace request.
   *
   * @param request the trace to run
   * @return the backend and the ones passed over
   * @throws ProbeUnavailableException when no backend can run it
   */
  public static Selection select(TraceRequest request) throws ProbeUnavailableException {
    return select(Prober.Operation.TRACE, request.method(),
        request.target() instanceof java.net.Inet6Address);
  }

  /**
   * The {@link ProbeSelector} of the command line and the server: for each operation and target,
   * the named backend or, for {@code auto}, the first that can run here ({@link #select}); with
   * the named method, or for a null method ICMP, then UDP, then TCP. When nothing can run, the
   * exception gives every reason. Thread-safe; availability is checked on each call.
   *
   * @param backend a name {@link #byName} knows, or {@code auto}
   * @param method the method, or null for ICMP, then UDP, then TCP
   * @param port the UDP/TCP destination port, or null for the method's default (ICMP has none)
   * @return the selector
   * @throws IllegalArgumentException when {@code backend} names no backend
   */
  public static ProbeSelector selector(String backend, ProbeMethod method, Integer port) {
    if (!"auto".equals(backend)) {
      byName(backend);
    }
    List<ProbeMethod> methods = method != null ? List.of(method)
        : List.of(ProbeMethod.ICMP, ProbeMethod.UDP, ProbeMethod.TCP);
    return (op, target) -> {
      List<String> skipped = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (ProbeMethod m : methods) {
        int p = m == ProbeMethod.ICMP ? 0 : port != null ? port : m.defaultPort();
        try {
          ProbeChoice c = choose(backend, op, m, p, target);
          skipped.addAll(c.skipped());
          return new ProbeChoice(c.prober(), m, c.port(), skipped);
        } catch (ProbeUnavailableException e) {
          reasons.add(e.getMessage());
          skipped.add("auto".equals(backend) ? m + ": " + e.getMessage() : e.getMessage());
        }
      }
      throw new ProbeUnavailableException(String.join("; ", reasons));
    };
  }

  /** One method with the named backend, or with the first that can run for {@code auto}. */
  private static ProbeChoice choose(String backend, Prober.Operation op, ProbeMethod m, int port,
      InetAddress target) throws ProbeUnavailableException {
    if (!"auto".equals(backend)) {
      return ProbeSelector.of(byName(backend), m, port).choose(op, target);
    }
    Selection s = select(op, m, target instanceof Inet6Address);
    List<String> skipped = new ArrayList<>();
    for (String why : s.skipped()) {
      skipped.add(m + " " + why);
    }
    return new ProbeChoice(s.prober(), m, port, skipped);
  }
}
