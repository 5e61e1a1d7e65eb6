package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The scheduler over a scripted channel: no sockets, replies fabricated on the channel clock. */
class ProbeEngineTest {

  /** Answers each probe per {@code script} (null = silence), one reply per receive call. */
  private static final class ScriptedChannel implements ProbeChannel {
    private final IntFunction<Reply> script;
    private final ArrayDeque<Reply> ready = new ArrayDeque<>();
    private final int queries;
    int sent;
    int received;
    int maxOutstanding;
    int maxTtlSent;
    long clock = 1_000_000_000L;

    ScriptedChannel(int queries, IntFunction<Reply> script) {
      this.queries = queries;
      this.script = script;
    }

    @Override
    public long send(int index, int ttl) {
      sent++;
      maxTtlSent = Math.max(maxTtlSent, ttl);
      maxOutstanding = Math.max(maxOutstanding, sent - received);
      Reply r = script.apply(index);
      if (r != null) {
        ready.add(r);
      }
      return clock;
    }

    @Override
    public Reply receive(long timeoutNanos) {
      Reply r = ready.poll();
      if (r != null) {
        received++;
      }
      return r;
    }

    @Override
    public boolean kernelTimestamps() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static InetAddress a(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void trace_destinationAtTtl4_stopsThereAndKeepsInFlightBound() throws Exception {
    InetAddress dst = a("198.18.9.9");
    int queries = 3;
    ScriptedChannel ch = new ScriptedChannel(queries, i -> {
      int ttl = 1 + i / queries;
      try {
        return ttl >= 4
            ? new ProbeChannel.Reply(i, dst, 1_000_000_000L + 4_000_000, ProbeChannel.Kind.ANSWER,
                0, List.of())
            : new ProbeChannel.Reply(i, a("198.18." + ttl + ".1"), 1_000_000_000L + ttl * 1_000_000L,
                ProbeChannel.Kind.TIME_EXCEEDED, 0, List.of());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    ProbeEngine.TraceOutcome o = ProbeEngine.trace(ch, dst, 1, 30, queries, 5,
        new ProbeEngine.Waits(1_000_000_000L, 3, 10), 10_000_000_000L);
    assertThat(o.reachedDestination()).isTrue();
    assertThat(o.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3, 4);
    assertThat(o.hops().get(3).replies()).allSatisfy(r ->
        assertThat(r).isEqualTo(HopReply.of("198.18.9.9", 4.0)));
    assertThat(o.hops().get(1).replies().get(0)).isEqualTo(HopReply.of("198.18.2.1", 2.0));
    assertThat(ch.maxOutstanding).isLessThanOrEqualTo(5);
    // Once TTL 4 answered nothing beyond what was already in flight (5 probes) was sent.
    assertThat(ch.maxTtlSent).isLessThanOrEqualTo(4 + 2);
  }

  @Test
  void ping_replyLaterThanTimeout_countsAsLost() throws Exception {
    InetAddress dst = a("127.0.0.1");
    long timeout = 50_000_000L;
    ScriptedChannel ch = new ScriptedChannel(1, i -> new ProbeChannel.Reply(i, dst,
        1_000_000_000L + (i == 1 ? 2 * timeout : 3_000_000L), ProbeChannel.Kind.ANSWER, 0,
        List.of()));
    ProbeEngine.PingOutcome o = ProbeEngine.ping(ch, dst, 3, 64, 1_000_000L, timeout);
    assertThat(o.rttsMs()).containsExactly(3.0, Double.NaN, 3.0);
    assertThat(o.responders()).containsExactly("127.0.0.1", null, "127.0.0.1");
  }

  @Test
  void ping_icmpErrorFromRouter_recordsResponderWithoutRtt() throws Exception {
    InetAddress dst = a("198.18.9.9");
    InetAddress router = a("10.0.0.1");
    ScriptedChannel ch = new ScriptedChannel(1, i -> new ProbeChannel.Reply(i, router,
        1_000_000_000L + 1_000_000L, ProbeChannel.Kind.TIME_EXCEEDED, 0, List.of()));
    ProbeEngine.PingOutcome o = ProbeEngine.ping(ch, dst, 2, 1, 1_000_000L, 10_000_000L);
    assertThat(o.rttsMs()).containsExactly(Double.NaN, Double.NaN);
    assertThat(o.responders()).containsExactly("10.0.0.1", "10.0.0.1");
  }

  @Test
  void waitFor_hereThenNearThenMax_asTracerouteW() {
    ProbeEngine.Waits w = new ProbeEngine.Waits(5_000_000_000L, 3, 10);
    double nan = Double.NaN;
    // Same hop answered at 40 ms: 3 × 40 ms; at 20 ms: 3 × 20 ms lifted to the 100-ms floor.
    assertThat(ProbeEngine.waitFor(1, new double[] {nan, 40, 30}, w, 3)).isEqualTo(120_000_000L);
    assertThat(ProbeEngine.waitFor(1, new double[] {nan, 20, 30}, w, 3)).isEqualTo(100_000_000L);
    // Nothing at this hop, the nearest later hop answered at 30 ms: 10 × 30 ms.
    assertThat(ProbeEngine.waitFor(0, new double[] {nan, nan, 30}, w, 3))
        .isEqualTo(300_000_000L);
    // Nothing known: the maximum; never more than the maximum.
    assertThat(ProbeEngine.waitFor(2, new double[] {nan, nan, nan}, w, 3))
        .isEqualTo(5_000_000_000L);
    assertThat(ProbeEngine.waitFor(0, new double[] {nan, 900, nan}, w, 3))
        .isEqualTo(5_000_000_000L);
    // Factors of 0 turn the shortcuts off.
    assertThat(ProbeEngine.waitFor(1, new double[] {nan, 20, 30},
        new ProbeEngine.Waits(5_000_000_000L, 0, 0), 3)).isEqualTo(5_000_000_000L);
  }
}
