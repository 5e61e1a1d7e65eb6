package io.geofusion.probe;

import java.util.Optional;

/**
 * A probing backend: sends pings and traceroutes and reports what came back.
 *
 * <p>Implementations are stateless and safe to share across threads; every call opens its own
 * sockets (or process) and closes them before returning, also on failure and interruption.
 * Sockets are created on the calling thread, so a caller that has entered a network namespace
 * (Linux {@code setns}, per thread) probes inside it.
 *
 * <p>Every call ends by its request's deadline ({@link PingRequest#deadline()},
 * {@link TraceRequest#deadline()}) plus a bounded slack: closing sockets (microseconds), or for
 * external tools killing and reaping the process (at most 3 s, normally milliseconds); scamper
 * pings get 2 s more for start-up and run at its 0.1-s interval resolution.
 */
public interface Prober {

  /** What a backend is asked to do. */
  enum Operation {
    PING,
    TRACE
  }

  /** Short stable backend name, e.g. {@code "native-raw"}, {@code "tcp-connect"}. */
  String name();

  /**
   * Whether this backend can run {@code operation} with {@code method} towards an IPv4 or IPv6
   * target here and now (privileges, sysctls and installed tools are checked on the calling
   * thread).
   *
   * @return empty when it can; otherwise a one-line reason saying what is missing and how to fix
   *     it
   */
  Optional<String> unavailableReason(Operation operation, ProbeMethod method, boolean ipv6);

  /**
   * Sends {@code request.count()} probes and reports one RTT per probe in send order.
   *
   * @throws ProbeUnavailableException when this backend cannot run the request here
   * @throws ProbeFailedException when a socket or tool fails part-way
   * @throws InterruptedException when the calling thread is interrupted (sockets are closed)
   */
  PingResult ping(PingRequest request) throws ProbeException, InterruptedException;

  /**
   * Traces the path to {@code request.target()}.
   *
   * @throws ProbeUnavailableException when this backend cannot run the request here
   * @throws ProbeFailedException when a socket or tool fails part-way
   * @throws InterruptedException when the calling thread is interrupted (sockets are closed)
   */
  TraceResult trace(TraceRequest request) throws ProbeException, InterruptedException;
}
