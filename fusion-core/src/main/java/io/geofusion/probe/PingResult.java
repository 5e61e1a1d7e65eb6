package io.geofusion.probe;

import io.geofusion.rtt.RttEnvelope;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a ping: one RTT per probe in send order ({@code NaN} for a probe that got no
 * reply within its timeout), ready for {@link RttEnvelope#of(double...)}.
 *
 * @param target destination IP literal
 * @param method probe kind used
 * @param backend name of the backend that ran it (e.g. {@code "native-dgram"})
 * @param timestampSource where receive times came from
 * @param startedAt wall-clock time the first probe was sent
 * @param rttsMs RTT per probe in ms, send order, NaN when lost
 * @param responders who answered each probe (IP literal), null when lost; normally the target,
 *     but an ICMP error from a router on the way is recorded with its sender and a NaN RTT
 * @param errors the ICMP error that answered each probe (who sent it, type and code), null where
 *     none did; a probe answered by an error has a NaN RTT unless the target itself sent it
 */
public record PingResult(
    String target,
    ProbeMethod method,
    String backend,
    TimestampSource timestampSource,
    Instant startedAt,
    List<Double> rttsMs,
    List<String> responders,
    List<ErrorReply> errors) {

  public PingResult {
    if (target == null || backend == null || method == null || timestampSource == null
        || startedAt == null) {
      throw new IllegalArgumentException("target, method, backend, timestamp source and start time"
          + " are required");
    }
    rttsMs = List.copyOf(rttsMs);
    responders = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(responders));
    errors = errors == null ? java.util.Collections.nCopies(rttsMs.size(), null)
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(errors));
    if (rttsMs.size() != errors.size()) {
      throw new IllegalArgumentException("need one error entry (or null) per RTT, got "
          + rttsMs.size() + " RTTs and " + errors.size() + " entries");
    }
    if (rttsMs.size() != responders.size()) {
      throw new IllegalArgumentException("need one responder entry per RTT, got " + rttsMs.size()
          + " RTTs and " + responders.size() + " responders");
    }
    for (double v : rttsMs) {
      if (!Double.isNaN(v) && (v < 0 || Double.isInfinite(v))) {
        throw new IllegalArgumentException("an RTT must be finite and >= 0 ms, got " + v);
      }
    }
  }

  /** A result without error details (as before {@link #errors()} existed). */
  public PingResult(String target, ProbeMethod method, String backend,
      TimestampSource timestampSource, Instant startedAt, List<Double> rttsMs,
      List<String> responders) {
    this(target, method, backend, timestampSource, startedAt, rttsMs, responders, null);
  }

  /** Whether any probe got an answer with an RTT. */
  public boolean anyReply() {
    return envelope().received() > 0;
  }

  /** The RTTs as an array in send order, NaN for lost probes. */
  public double[] rttArrayMs() {
    double[] out = new double[rttsMs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rttsMs.get(i);
    }
    return out;
  }

  /** The statistical envelope of {@link #rttsMs()}. */
  public RttEnvelope envelope() {
    return RttEnvelope.of(rttArrayMs());
  }
}
