package io.geofusion.probe.internal;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.probe.ErrorReply;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Schedules probes over a {@link ProbeChannel}: pings at a fixed interval, traceroutes with many
 * TTLs in flight. Scheduling uses {@link System#nanoTime()}; RTTs use the channel's clock (kernel
 * timestamps when it has them). Stateless; each call owns the channel it is given.
 */
public final class ProbeEngine {

  private ProbeEngine() {}

  /**
   * Raw outcome of a ping: RTT per probe (NaN lost), responder per probe (null lost) and the
   * ICMP error that answered each probe (null where none did).
   */
  public record PingOutcome(double[] rttsMs, String[] responders, ErrorReply[] errors,
      long startedEpochMillis) {}

  /**
   * Sends {@code count} probes {@code intervalNanos} apart and waits {@code timeoutNanos} for
   * each. A reply later than its probe's timeout counts as lost, as in iputils ping.
   */
  public static PingOutcome ping(ProbeChannel ch, InetAddress target, int count, int ttl,
      long intervalNanos, long timeoutNanos) throws IOException, InterruptedException {
    double[] rtts = new double[count];
    Arrays.fill(rtts, Double.NaN);
    String[] responders = new String[count];
    ErrorReply[] errors = new ErrorReply[count];
    long[] sentNano = new long[count];
    long[] txClock = new long[count];
    long start = System.nanoTime();
    long startedMillis = System.currentTimeMillis();
    long lastExpiry = start + (count - 1) * intervalNanos + timeoutNanos;
    int next = 0;
    int answered = 0;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("ping interrupted");
      }
      long now = System.nanoTime();
      if (next < count && now - (start + next * intervalNanos) >= 0) {
        sentNano[next] = now;
        txClock[next] = ch.send(next, ttl);
        next++;
        continue;
      }
      if (next == count && (answered == count || now - (sentNano[count - 1] + timeoutNanos) >= 0)
          || now - lastExpiry >= 0) {
        // Take what is already queued before giving up: lateness is judged by arrival time.
        ProbeChannel.Reply q = ch.receive(0);
        if (q == null) {
          break;
        }
        answered += acceptPing(q, target, next, txClock, timeoutNanos, rtts, responders,
            errors);
        continue;
      }
      long wake = next < count ? start + next * intervalNanos : sentNano[count - 1] + timeoutNanos;
      ProbeChannel.Reply r = ch.receive(Math.max(0, wake - now));
      if (r != null) {
        answered += acceptPing(r, target, next, txClock, timeoutNanos, rtts, responders,
            errors);
      }
    }
    return new PingOutcome(rtts, responders, errors, startedMillis);
  }

  /** Records a ping reply; returns 1 when it answered a probe for the first time, else 0. */
  private static int acceptPing(ProbeChannel.Reply r, InetAddress target, int sent, long[] txClock,
      long timeoutNanos, double[] rtts, String[] responders, ErrorReply[] errors) {
    int i = r.index();
    if (i < 0 || i >= sent || responders[i] != null) {
      return 0;
    }
    long rttNanos = r.rxNanos() - txClock[i];
    if (rttNanos > timeoutNanos) {
      return 0; // later than its timeout: lost, as iputils ping counts it
    }
    boolean fromTarget = r.from() != null && r.from().equals(target);
    responders[i] = r.from() == null ? AddressText.of(target) : AddressText.of(r.from());
    if (r.kind() == ProbeChannel.Kind.ANSWER
        || (r.kind() == ProbeChannel.Kind.UNREACHABLE && fromTarget)) {
      rtts[i] = Math.max(0.0, rttNanos / 1e6);
    }
    if (r.kind() != ProbeChannel.Kind.ANSWER) {
      errors[i] = errorOf(r, target instanceof java.net.Inet6Address, responders[i]);
    }
    return 1;
  }

  /** The ICMP error a TIME_EXCEEDED or UNREACHABLE reply stands for (RFC 792, RFC 4443). */
  static ErrorReply errorOf(ProbeChannel.Reply r, boolean v6, String from) {
    int type = r.kind() == ProbeChannel.Kind.TIME_EXCEEDED
        ? (v6 ? IcmpDecoder.V6_TIME_EXCEEDED : IcmpDecoder.V4_TIME_EXCEEDED)
        : (v6 ? IcmpDecoder.V6_UNREACH : IcmpDecoder.V4_UNREACH);
    return ErrorReply.icmp(from, v6, type, r.code());
  }

  /** Raw outcome of a trace. */
  public record TraceOutcome(List<Hop> hops, boolean reachedDestination, long startedEpochMillis,
      long elapsedNanos) {}

  /** How a trace waits: at most {@code maxWaitNanos}, shortened by RTTs already seen. */
  public record Waits(long maxWaitNanos, double hereFactor, double nearFactor) {}

  /**
   * Traces with up to {@code inFlight} unanswered probes at once. Probe {@code i} has TTL
   * {@code firstTtl + i / queries}; probes are sent in index order. Once a probe with TTL
   * {@code t} draws an answer or an unreachable, no probe with a TTL above {@code t} is sent and
   * those already sent are dropped from the result. A probe waits as {@link Waits} says
   * (traceroute's {@code -w MAX,HERE,NEAR}). Ends when every kept probe is answered or given up,
   * or at {@code deadlineNanos} after the start.
   */
  public static TraceOutcome trace(ProbeChannel ch, InetAddress target, int firstTtl, int maxTtl,
      int queries, int inFlight, Waits waits, long deadlineNanos)
      throws IOException, InterruptedException {
    int n = (maxTtl - firstTtl + 1) * queries;
    int hopCount = maxTtl - firstTtl + 1;
    HopReply[] replies = new HopReply[n];
    long[] sentNano = new long[n];
    long[] txClock = new long[n];
    boolean[] closed = new boolean[n];
    double[] firstRttMs = new double[hopCount];
    Arrays.fill(firstRttMs, Double.NaN);
    int[] open = new int[Math.min(n, inFlight)];
    int openCount = 0;
    long start = System.nanoTime();
    long startedMillis = System.currentTimeMillis();
    long deadline = start + deadlineNanos;
    int next = 0;
    TraceState st = new TraceState(target, firstTtl, queries, n, waits, replies, txClock, closed,
        firstRttMs);
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("trace interrupted");
      }
      // Replies already queued are taken before anything is expired: whether a probe was
      // answered in time is judged by its reply's (kernel) arrival time, not by when this thread
      // got the CPU back.
      for (ProbeChannel.Reply q = ch.receive(0); q != null; q = ch.receive(0)) {
        st.accept(q, next);
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        break;
      }
      long wake = deadline;
      for (int k = 0; k < openCount; ) {
        int i = open[k];
        long expiry = sentNano[i] + waitFor(i / queries, firstRttMs, waits, hopCount);
        if (closed[i] || i >= st.limit || now - expiry >= 0) {
          closed[i] = true;
          open[k] = open[--openCount];
          continue;
        }
        wake = Math.min(wake, expiry);
        k++;
      }
      if (openCount < inFlight && next < st.limit) {
        sentNano[next] = now;
        txClock[next] = ch.send(next, firstTtl + next / queries);
        open[openCount++] = next;
        next++;
        continue;
      }
      if (next >= st.limit && openCount == 0) {
        break;
      }
      ProbeChannel.Reply r = ch.receive(Math.max(0, wake - now));
      if (r != null) {
        st.accept(r, next);
      }
    }
    int limit = st.limit;
    boolean reached = st.reached;
    int last = Math.min(limit, next);
    if (last < limit && last % queries != 0) {
      last = Math.min(limit, (last / queries + 1) * queries);
    }
    List<Hop> hops = new ArrayList<>();
    for (int h = 0; h * queries < last; h++) {
      List<HopReply> list = new ArrayList<>(queries);
      for (int q = 0; q < queries; q++) {
        int i = h * queries + q;
        list.add(i < n && replies[i] != null ? replies[i] : HopReply.timeout());
      }
      hops.add(new Hop(firstTtl + h, list));
    }
    return new TraceOutcome(hops, reached, startedMillis, System.nanoTime() - start);
  }

  /** What a trace has learnt so far; accepts matched replies. */
  private static final class TraceState {
    final InetAddress target;
    final int firstTtl;
    final int queries;
    final Waits waits;
    final HopReply[] replies;
    final long[] txClock;
    final boolean[] closed;
    final double[] firstRttMs;
    int limit;
    boolean reached;

    TraceState(InetAddress target, int firstTtl, int queries, int n, Waits waits,
        HopReply[] replies, long[] txClock, boolean[] closed, double[] firstRttMs) {
      this.target = target;
      this.firstTtl = firstTtl;
      this.queries = queries;
      this.limit = n;
      this.waits = waits;
      this.replies = replies;
      this.txClock = txClock;
      this.closed = closed;
      this.firstRttMs = firstRttMs;
    }

    void accept(ProbeChannel.Reply r, int sent) {
      int i = r.index();
      if (i < 0 || i >= sent || i >= limit || closed[i]) {
        return;
      }
      long rttNanos = r.rxNanos() - txClock[i];
      if (rttNanos > waitFor(i / queries, firstRttMs, waits, firstRttMs.length)) {
        return; // arrived after this probe's wait: a timeout, as traceroute would report
      }
      double rttMs = Math.max(0.0, rttNanos / 1e6);
      closed[i] = true;
      replies[i] = new HopReply(AddressText.of(r.from()), rttMs, r.mpls(), flag(r, target));
      if (Double.isNaN(firstRttMs[i / queries])) {
        firstRttMs[i / queries] = rttMs;
      }
      if (r.kind() != ProbeChannel.Kind.TIME_EXCEEDED) {
        reached |= r.from().equals(target);
        limit = Math.min(limit, (i / queries + 1) * queries);
      }
    }
  }

  /**
   * Shortest adaptive wait: 100 ms. traceroute has no floor, so 3 × a 1-ms first hop would give
   * the hop's other probes 3 ms, and any jitter (a busy CPU, Wi-Fi) would turn answers into
   * timeouts.
   */
  static final long ADAPTIVE_FLOOR_NANOS = 100_000_000L;

  /** traceroute's wait for a probe at hop index {@code h}: here, else near, else max. */
  static long waitFor(int h, double[] firstRttMs, Waits w, int hopCount) {
    double ms = Double.NaN;
    if (w.hereFactor() > 0 && !Double.isNaN(firstRttMs[h])) {
      ms = w.hereFactor() * firstRttMs[h];
    } else if (w.nearFactor() > 0) {
      for (int k = h + 1; k < hopCount; k++) {
        if (!Double.isNaN(firstRttMs[k])) {
          ms = w.nearFactor() * firstRttMs[k];
          break;
        }
      }
    }
    if (Double.isNaN(ms)) {
      return w.maxWaitNanos();
    }
    return Math.min(w.maxWaitNanos(), Math.max(ADAPTIVE_FLOOR_NANOS, (long) (ms * 1e6)));
  }

  /** traceroute's annotation for an unreachable, null otherwise. */
  static String flag(ProbeChannel.Reply r, InetAddress target) {
    if (r.kind() != ProbeChannel.Kind.UNREACHABLE) {
      return null;
    }
    boolean v6 = target instanceof java.net.Inet6Address;
    int c = r.code();
    if (v6) {
      return switch (c) {
        case 0 -> "!N";
        case 1 -> "!X";
        case 3 -> "!H";
        case 4 -> null;
        default -> "!<" + c + ">";
      };
    }
    return switch (c) {
      case 0 -> "!N";
      case 1 -> "!H";
      case 2 -> "!P";
      case 3 -> null;
      case 4 -> "!F";
      case 9, 10, 13 -> "!X";
      default -> "!<" + c + ">";
    };
  }

  /** Convenience for channels: MPLS list or empty. */
  static List<MplsLabel> none() {
    return List.of();
  }
}
