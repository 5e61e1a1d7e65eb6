package io.geofusion.locate;

import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the backend and method for each probing operation of the live pipeline. The pipeline
 * never picks a backend itself: the caller decides (e.g. the command line's {@code --backend
 * auto}, which tries each installed backend in preference order), so this package needs no
 * backend implementation.
 *
 * <p>Implementations must be safe to call from several threads at once (one call per target
 * and operation) and should answer within milliseconds: they check availability (privileges,
 * sysctls, installed tools) on the calling thread and send nothing.
 */
@FunctionalInterface
public interface ProbeSelector {

  /**
   * The backend and method for {@code operation} towards {@code target}.
   *
   * @throws ProbeUnavailableException when nothing can run it here, saying why
   */
  ProbeChoice choose(Prober.Operation operation, InetAddress target)
      throws ProbeUnavailableException;

  /**
   * Always {@code prober} with {@code method} on the method's default port (33434 for UDP, 80 for
   * TCP).
   *
   * @see #of(Prober, ProbeMethod, int)
   */
  static ProbeSelector of(Prober prober, ProbeMethod method) {
    return of(prober, method, method.defaultPort());
  }

  /**
   * Always {@code prober} with {@code method} and {@code port}; when the backend cannot run an
   * operation here, {@link #choose} throws with its reason: {@code "backend native-dgram cannot
   * ping with ICMP here: ..."}.
   *
   * @param port destination port for UDP/TCP, 0 for ICMP
   */
  static ProbeSelector of(Prober prober, ProbeMethod method, int port) {
    if (prober == null || method == null) {
      throw new IllegalArgumentException("a fixed selector needs a prober and a method");
    }
    return (operation, target) -> {
      boolean v6 = target instanceof Inet6Address;
      Optional<String> why = prober.unavailableReason(operation, method, v6);
      if (why.isPresent()) {
        throw new ProbeUnavailableException("backend " + prober.name() + " cannot "
            + operation.name().toLowerCase(Locale.ROOT) + " with " + method
            + (v6 ? " over IPv6" : "") + " here: " + why.get());
      }
      return new ProbeChoice(prober, method, port, List.of());
    };
  }
}
