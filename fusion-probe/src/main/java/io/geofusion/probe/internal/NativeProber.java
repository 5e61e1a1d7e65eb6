package io.geofusion.probe.internal;

import io.geofusion.path.TracePath;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeFailedException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TimestampSource;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Native Linux sockets through JNA, in one of two modes: {@code native-raw} (raw ICMP sockets,
 * needs {@code CAP_NET_RAW}; reads MPLS extensions; also TCP traceroute) or {@code native-dgram} (ICMP "ping"
 * sockets allowed by {@code net.ipv4.ping_group_range}, and UDP sockets, with
 * {@code IP_RECVERR}; no privilege). ICMP and UDP probes, IPv4 and IPv6. Stateless and safe to
 * share; sockets are opened on the calling thread and closed before each call returns.
 */
public final class NativeProber implements Prober {

  /** Which socket family of tricks to use. */
  public enum Mode {
    RAW,
    DGRAM
  }

  private final Mode mode;

  public NativeProber(Mode mode) {
    this.mode = mode;
  }

  @Override
  public String name() {
    return mode == Mode.RAW ? "native-raw" : "native-dgram";
  }

  @Override
  public Optional<String> unavailableReason(Operation operation, ProbeMethod method, boolean ipv6) {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of("native sockets are implemented for Linux only (this is " + os + ")");
    }
    if (method == ProbeMethod.TCP && (mode == Mode.DGRAM || operation == Operation.PING)) {
      return Optional.of(mode == Mode.DGRAM
          ? "no TCP probes without raw sockets; use tcp-connect (ping) or native-raw (traceroute)"
          : "TCP pings are tcp-connect's job; native-raw traces with TCP");
    }
    int errno;
    try {
      if (mode == Mode.RAW) {
        errno = NativeSocket.probeOpen(ipv6, Libc.SOCK_RAW,
            ipv6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
        if (errno != 0) {
          return Optional.of("raw ICMP sockets need CAP_NET_RAW (" + NativeSocket.describe(errno)
              + "); run as root or `setcap cap_net_raw+ep` on the java binary");
        }
      } else if (method == ProbeMethod.ICMP) {
        errno = NativeSocket.probeOpen(ipv6, Libc.SOCK_DGRAM,
            ipv6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
        if (errno != 0) {
          return Optional.of("unprivileged ICMP sockets are not allowed for this group ("
              + NativeSocket.describe(errno) + "); widen net.ipv4.ping_group_range, e.g. `sysctl"
              + " -w net.ipv4.ping_group_range=\"0 2147483647\"`");
        }
      } else {
        errno = NativeSocket.probeOpen(ipv6, Libc.SOCK_DGRAM, Libc.IPPROTO_UDP);
        if (errno != 0) {
          return Optional.of("cannot open a UDP socket (" + NativeSocket.describe(errno) + ")");
        }
      }
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return Optional.of("JNA could not load libc: " + e.getMessage());
    }
    return Optional.empty();
  }

  private void require(Operation op, ProbeMethod method, InetAddress target)
      throws ProbeUnavailableException {
    Optional<String> why = unavailableReason(op, method, target instanceof Inet6Address);
    if (why.isPresent()) {
      throw new ProbeUnavailableException(name() + ": " + why.get());
    }
  }

  private ProbeChannel channel(InetAddress target, ProbeMethod method, int port, int payload)
      throws IOException {
    if (method == ProbeMethod.TCP) {
      return new TcpTraceChannel(target, port);
    }
    return mode == Mode.RAW ? new RawChannel(target, method, port, payload)
        : new DgramChannel(target, method, port, payload);
  }

  @Override
  public PingResult ping(PingRequest request) throws ProbeException, InterruptedException {
    require(Operation.PING, request.method(), request.target());
    if (request.interval().compareTo(PingRequest.MIN_UNPRIVILEGED_INTERVAL) < 0
        && !Privileges.privileged()) {
      throw new IllegalArgumentException("an interval below 200 ms needs root (as with ping), got "
          + request.interval().toMillis() + " ms");
    }
    try (ProbeChannel ch = channel(request.target(), request.method(), request.port(),
        request.payloadBytes())) {
      ProbeEngine.PingOutcome o = ProbeEngine.ping(ch, request.target(), request.count(),
          request.ttl(), request.interval().toNanos(), request.timeout().toNanos());
      List<Double> rtts = new ArrayList<>(o.rttsMs().length);
      for (double v : o.rttsMs()) {
        rtts.add(v);
      }
      return new PingResult(AddressText.of(request.target()), request.method(), name(),
          ch.kernelTimestamps() ? TimestampSource.KERNEL : TimestampSource.USER_SPACE,
          Instant.ofEpochMilli(o.startedEpochMillis()), rtts, Arrays.asList(o.responders()),
          Arrays.asList(o.errors()));
    } catch (IOException e) {
      throw new ProbeFailedException(name() + " ping to " + AddressText.of(request.target())
          + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public TraceResult trace(TraceRequest request) throws ProbeException, InterruptedException {
    require(Operation.TRACE, request.method(), request.target());
    try (ProbeChannel ch = channel(request.target(), request.method(), request.port(),
        request.payloadBytes())) {
      ProbeEngine.TraceOutcome o = ProbeEngine.trace(ch, request.target(), request.firstTtl(),
          request.maxTtl(), request.queriesPerHop(), request.probesInFlight(),
          new ProbeEngine.Waits(request.probeWait().toNanos(), request.hereFactor(),
              request.nearFactor()), request.deadline().toNanos());
      return new TraceResult(new TracePath(null, AddressText.of(request.target()), o.hops()),
          request.method(), name(),
          ch.kernelTimestamps() ? TimestampSource.KERNEL : TimestampSource.USER_SPACE,
          Instant.ofEpochMilli(o.startedEpochMillis()), Duration.ofNanos(o.elapsedNanos()),
          o.reachedDestination());
    } catch (IOException e) {
      throw new ProbeFailedException(name() + " trace to " + AddressText.of(request.target())
          + " failed: " + e.getMessage(), e);
    }
  }
}
