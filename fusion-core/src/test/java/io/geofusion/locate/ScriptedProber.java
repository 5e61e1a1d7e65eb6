package io.geofusion.locate;

import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TimestampSource;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A backend that answers from a script instead of the network: every ping gets {@code rttsMs}
 * from the target, every trace the scripted hops (the last one reached when it is the target).
 * Records each request it was given. Thread-safe.
 */
final class ScriptedProber implements Prober {

  static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

  private final List<Double> rttsMs;
  private final List<Hop> hops;
  private final String traceUnavailable;
  final List<PingRequest> pings = Collections.synchronizedList(new ArrayList<>());
  final List<TraceRequest> traces = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param traceUnavailable the reason this backend cannot trace, or null when it can
   */
  ScriptedProber(List<Double> rttsMs, List<Hop> hops, String traceUnavailable) {
    this.rttsMs = List.copyOf(rttsMs);
    this.hops = List.copyOf(hops);
    this.traceUnavailable = traceUnavailable;
  }

  /** One hop answering every query from {@code address} at {@code rttMs}. */
  static Hop hop(int ttl, String address, double rttMs) {
    return new Hop(ttl, List.of(HopReply.of(address, rttMs), HopReply.of(address, rttMs + 0.2),
        HopReply.of(address, rttMs + 0.1)));
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Optional<String> unavailableReason(Operation operation, ProbeMethod method,
      boolean ipv6) {
    return operation == Operation.TRACE ? Optional.ofNullable(traceUnavailable)
        : Optional.empty();
  }

  @Override
  public PingResult ping(PingRequest request) throws ProbeUnavailableException {
    pings.add(request);
    String target = IpAddresses.toText(request.target());
    List<String> responders = new ArrayList<>();
    for (double v : rttsMs) {
      responders.add(Double.isNaN(v) ? null : target);
    }
    return new PingResult(target, request.method(), name(), TimestampSource.USER_SPACE, STARTED,
        rttsMs, responders);
  }

  @Override
  public TraceResult trace(TraceRequest request) throws ProbeUnavailableException {
    if (traceUnavailable != null) {
      throw new ProbeUnavailableException(traceUnavailable);
    }
    traces.add(request);
    String target = IpAddresses.toText(request.target());
    boolean reached = !hops.isEmpty() && hops.get(hops.size() - 1).replies().stream()
        .anyMatch(r -> target.equals(r.address()));
    return new TraceResult(new TracePath(null, target, hops, reached), request.method(), name(),
        TimestampSource.USER_SPACE, STARTED, Duration.ofMillis(40), reached);
  }
}
