package io.geofusion.pcap;

import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Flow table and passive RTT measurement over decoded packets, in capture order.
 *
 * <p>TCP handshake (RFC 9293 §3.5): the interval SYN→SYN/ACK is the round trip from the
 * capture point to the <em>responder</em> and back; SYN/ACK→ACK is the round trip to the
 * <em>initiator</em>. Captured next to a client, the first is the server's RTT and the second
 * is near 0; captured next to a server, the reverse. A retransmitted SYN (same initial sequence
 * number) makes the SYN/ACK ambiguous: it is matched to the transmission whose RFC 7323 TSval
 * its TSecr echoes, and otherwise discarded (Karn's rule, Karn &amp; Partridge 1987): taking
 * the last SYN could under-estimate the RTT and so shrink a hard distance bound. The same
 * applies to a retransmitted SYN/ACK and the handshake ACK. A SYN with a new initial sequence
 * number on a tuple already used starts a new handshake (port reuse). ICMP/ICMPv6 echo: the
 * request→reply interval is the RTT to the replier, discarded when the same identifier and
 * sequence were sent more than once.
 *
 * <p>Memory is bounded: at most {@code maxFlows} flows (packets of further flows are counted
 * as untracked); at most {@code maxHosts} hosts with RTT samples, the first to get one (samples
 * of further hosts are counted, not kept: about 600 bytes a host until reported);
 * {@code maxSamplesPerHost} RTT samples per host and 10,000,000 in all (80 MB;
 * further samples are counted as dropped); 1,024 pending echo requests per flow and 1,048,576
 * in all (requests beyond that are not matched). Not thread-safe.
 */
final class PassiveRttTracker {

  private static final int MAX_PENDING_ECHO = 1024;
  private static final int MAX_PENDING_ECHO_TOTAL = 1 << 20;
  private static final long MAX_SAMPLES_TOTAL = 10_000_000;

  /** Per-host RTT samples. */
  static final class HostSamples {
    final long hi;
    final long lo;
    double[] ms = new double[4];
    int n;
    int synAck;
    int ack;
    int echo;
    long dropped;

    HostSamples(long hi, long lo) {
      this.hi = hi;
      this.lo = lo;
    }
  }

  private record AddrKey(long hi, long lo) {}

  private final int maxFlows;
  private final int maxSamplesPerHost;
  private final int maxHosts;
  private final HashMap<FlowKey, Flow> flows = new HashMap<>();
  private final HashMap<AddrKey, HostSamples> hosts = new HashMap<>();
  private final FlowKey probe = new FlowKey();

  long untracked;
  long handshakes;
  long synToSynAck;
  long synAckToAck;
  long retransmittedSyns;
  long retransmittedSynAcks;
  long ambiguousSynAcks;
  long ambiguousAcks;
  long reusedTuples;
  long negative;
  long echoSamples;
  long echoAmbiguous;
  long samplesBeyondHostCap;
  private int pendingEchoTotal;
  private long samplesTotal;

  PassiveRttTracker(int maxFlows, int maxSamplesPerHost, int maxHosts) {
    this.maxFlows = maxFlows;
    this.maxSamplesPerHost = maxSamplesPerHost;
    this.maxHosts = maxHosts;
  }

  /** Accounts one decoded IP packet. */
  void accept(DecodedPacket p) {
    boolean fromA = probe.set(p);
    Flow f = flows.get(probe);
    if (f == null) {
      if (flows.size() >= maxFlows) {
        untracked++;
        return;
      }
      FlowKey k = probe.copy();
      f = new Flow(k, fromA);
      flows.put(k, f);
    }
    long t = p.timestampNanos;
    if (fromA) {
      f.packetsAb++;
      f.bytesAb += p.ipLength;
    } else {
      f.packetsBa++;
      f.bytesBa += p.ipLength;
    }
    if (t != CapturedPacket.NO_TIMESTAMP) {
      if (f.firstNanos == CapturedPacket.NO_TIMESTAMP) {
        f.firstNanos = t;
      }
      f.lastNanos = t;
    }
    if (!p.hasTransport || t == CapturedPacket.NO_TIMESTAMP) {
      return;
    }
    if (p.protocol == DecodedPacket.PROTO_TCP) {
      tcp(f, p, fromA, t);
    } else if (p.icmpId >= 0) {
      echo(f, p, fromA, t);
    }
  }

  private void tcp(Flow f, DecodedPacket p, boolean fromA, long t) {
    int flags = p.tcpFlags;
    boolean syn = (flags & DecodedPacket.TCP_SYN) != 0;
    boolean ack = (flags & DecodedPacket.TCP_ACK) != 0;
    if ((flags & DecodedPacket.TCP_RST) != 0) {
      return;
    }
    if (syn && !ack) {
      if (f.hs != Flow.HS_NONE && f.synFromA == fromA && p.seq == f.synIsn) {
        if (f.hs == Flow.HS_SYN) {
          retransmittedSyns++;
          f.syns.add(t, p.hasTcpTimestamp, p.tsVal);
        }
        return; // a late duplicate of an answered SYN carries no new information
      }
      if (f.hs != Flow.HS_NONE) {
        reusedTuples++;
      }
      if (f.syns == null) {
        f.syns = new Flow.Attempts();
      }
      f.hs = Flow.HS_SYN;
      f.synFromA = fromA;
      f.synIsn = p.seq;
      f.syns.clear();
      if (f.synAcks != null) {
        f.synAcks.clear();
      }
      f.syns.add(t, p.hasTcpTimestamp, p.tsVal);
      if (!f.initiatorFromSyn) {
        f.initiatorIsA = fromA;
        f.initiatorFromSyn = true;
      }
      return;
    }
    if (f.hs == Flow.HS_NONE) {
      return;
    }
    if (syn) { // SYN/ACK
      if (fromA == f.synFromA || p.ack != ((f.synIsn + 1) & 0xFFFF_FFFFL)) {
        return;
      }
      if (f.hs == Flow.HS_SYN) {
        long sent = f.syns.match(p.hasTcpTimestamp, p.tsEcr);
        if (sent == Long.MIN_VALUE) {
          ambiguousSynAcks++;
        } else if (record(p.srcHi, p.srcLo, t - sent, 0)) {
          synToSynAck++;
          f.synToSynAckMs = (t - sent) / 1e6;
        }
        f.hs = Flow.HS_SYNACK;
        f.synAckIsn = p.seq;
        if (f.synAcks == null) {
          f.synAcks = new Flow.Attempts();
        }
        f.synAcks.add(t, p.hasTcpTimestamp, p.tsVal);
      } else if (f.hs == Flow.HS_SYNACK && p.seq == f.synAckIsn) {
        retransmittedSynAcks++;
        f.synAcks.add(t, p.hasTcpTimestamp, p.tsVal);
      }
      return;
    }
    if (ack && f.hs == Flow.HS_SYNACK && fromA == f.synFromA
        && p.ack == ((f.synAckIsn + 1) & 0xFFFF_FFFFL)) {
      long sent = f.synAcks.match(p.hasTcpTimestamp, p.tsEcr);
      if (sent == Long.MIN_VALUE) {
        ambiguousAcks++;
      } else if (record(p.srcHi, p.srcLo, t - sent, 1)) {
        synAckToAck++;
        f.synAckToAckMs = (t - sent) / 1e6;
      }
      f.hs = Flow.HS_DONE;
      // A finished handshake never reads its transmissions again: a new SYN starts afresh.
      f.syns = null;
      f.synAcks = null;
      f.handshakes++;
      handshakes++;
    }
  }

  private void echo(Flow f, DecodedPacket p, boolean fromA, long t) {
    int type = p.icmpType;
    boolean request = type == 8 || type == 128;
    int key = (p.icmpId << 16) | p.icmpSeq;
    if (request) {
      if (f.pendingEcho == null) {
        f.pendingEcho = new HashMap<>();
      }
      long[] prev = f.pendingEcho.get(key);
      if (prev != null && prev[2] == (fromA ? 1 : 0)) {
        prev[0] = t;
        prev[1]++;
      } else if (f.pendingEcho.size() < MAX_PENDING_ECHO
          && pendingEchoTotal < MAX_PENDING_ECHO_TOTAL) {
        f.pendingEcho.put(key, new long[] {t, 1, fromA ? 1 : 0});
        pendingEchoTotal++;
      }
      return;
    }
    if (f.pendingEcho == null) {
      return;
    }
    long[] req = f.pendingEcho.get(key);
    if (req == null || req[2] == (fromA ? 1 : 0)) {
      return;
    }
    f.pendingEcho.remove(key);
    pendingEchoTotal--;
    if (req[1] > 1) {
      echoAmbiguous++;
    } else if (record(p.srcHi, p.srcLo, t - req[0], 2)) {
      echoSamples++;
    }
  }

  /**
   * Adds a sample for a host; kind 0 SYN→SYN/ACK, 1 SYN/ACK→ACK, 2 echo. A sample of a host
   * beyond the first {@code maxHosts} is measured (true) but only counted.
   */
  private boolean record(long hi, long lo, long nanos, int kind) {
    if (nanos < 0) {
      negative++;
      return false;
    }
    AddrKey key = new AddrKey(hi, lo);
    HostSamples h = hosts.get(key);
    if (h == null) {
      if (hosts.size() >= maxHosts) {
        samplesBeyondHostCap++;
        return true;
      }
      h = new HostSamples(hi, lo);
      hosts.put(key, h);
    }
    switch (kind) {
      case 0 -> h.synAck++;
      case 1 -> h.ack++;
      default -> h.echo++;
    }
    if (h.n >= maxSamplesPerHost || samplesTotal >= MAX_SAMPLES_TOTAL) {
      h.dropped++;
      return true;
    }
    samplesTotal++;
    if (h.n == h.ms.length) {
      h.ms = Arrays.copyOf(h.ms, Math.min(maxSamplesPerHost, h.n * 2));
    }
    h.ms[h.n++] = nanos / 1e6;
    return true;
  }

  int flowCount() {
    return flows.size();
  }

  PassiveRttStats stats() {
    return new PassiveRttStats(handshakes, synToSynAck, synAckToAck, retransmittedSyns,
        retransmittedSynAcks, ambiguousSynAcks, ambiguousAcks, reusedTuples, negative,
        echoSamples, echoAmbiguous, samplesBeyondHostCap);
  }

  /** Hosts with samples, sorted by address. */
  List<HostRtt> hostRtts(String vantage) {
    List<HostSamples> list = new ArrayList<>(hosts.values());
    list.sort(Comparator.<HostSamples>comparingLong(h -> h.hi ^ Long.MIN_VALUE)
        .thenComparingLong(h -> h.lo ^ Long.MIN_VALUE));
    List<HostRtt> out = new ArrayList<>(list.size());
    for (HostSamples h : list) {
      out.add(new HostRtt(DecodedPacket.toInet(h.hi, h.lo), vantage,
          RttEnvelope.of(Arrays.copyOf(h.ms, h.n)), h.synAck, h.ack, h.echo, h.dropped));
    }
    return out;
  }

  /**
   * Above this many flows, top talkers are ranked by {@link HostByteTotals} first: a map of every
   * host's counters (about 125 bytes a host) would sit beside the whole flow table. Below it the
   * map is kept, so small captures list hosts with equal bytes in the same order as before.
   */
  static final int COMPACT_TALKERS_ABOVE = 1 << 16;

  /**
   * The {@code topN} hosts by bytes sent plus received; with more than
   * {@link #COMPACT_TALKERS_ABOVE} flows, hosts with equal bytes are listed by address.
   */
  List<HostTraffic> topTalkers(int topN) {
    Map<AddrKey, long[]> agg = new HashMap<>();
    List<long[]> ranked = null;
    if (flows.size() > COMPACT_TALKERS_ABOVE) {
      HostByteTotals totals = new HostByteTotals();
      for (Flow f : flows.values()) {
        FlowKey k = f.key;
        long b = f.bytesAb + f.bytesBa;
        totals.add(k.aHi, k.aLo, b);
        if (k.aHi != k.bHi || k.aLo != k.bLo) {
          totals.add(k.bHi, k.bLo, b);
        }
      }
      ranked = totals.top(topN);
      for (long[] a : ranked) {
        agg.put(new AddrKey(a[0], a[1]), new long[5]);
      }
    }
    for (Flow f : flows.values()) {
      FlowKey k = f.key;
      long[] a;
      long[] b;
      if (ranked != null) { // counters of the ranked hosts only
        a = agg.getOrDefault(new AddrKey(k.aHi, k.aLo), null);
        b = agg.getOrDefault(new AddrKey(k.bHi, k.bLo), null);
        if (a == null && b == null) {
          continue;
        }
        a = a != null ? a : new long[5];
        b = b != null ? b : new long[5];
      } else {
        a = agg.computeIfAbsent(new AddrKey(k.aHi, k.aLo), x -> new long[5]);
        b = agg.computeIfAbsent(new AddrKey(k.bHi, k.bLo), x -> new long[5]);
      }
      a[0] += f.packetsAb;
      a[1] += f.packetsBa;
      a[2] += f.bytesAb;
      a[3] += f.bytesBa;
      a[4]++;
      if (a != b) {
        b[0] += f.packetsBa;
        b[1] += f.packetsAb;
        b[2] += f.bytesBa;
        b[3] += f.bytesAb;
        b[4]++;
      }
    }
    if (ranked != null) {
      List<HostTraffic> out = new ArrayList<>(ranked.size());
      for (long[] r : ranked) {
        long[] v = agg.get(new AddrKey(r[0], r[1]));
        out.add(new HostTraffic(DecodedPacket.toInet(r[0], r[1]), v[0], v[1], v[2], v[3], v[4]));
      }
      return out;
    }
    PriorityQueue<Map.Entry<AddrKey, long[]>> heap = new PriorityQueue<>(
        Comparator.comparingLong(e -> e.getValue()[2] + e.getValue()[3]));
    for (Map.Entry<AddrKey, long[]> e : agg.entrySet()) {
      heap.add(e);
      if (heap.size() > topN) {
        heap.poll();
      }
    }
    List<HostTraffic> out = new ArrayList<>();
    while (!heap.isEmpty()) {
      Map.Entry<AddrKey, long[]> e = heap.poll();
      long[] v = e.getValue();
      out.add(new HostTraffic(DecodedPacket.toInet(e.getKey().hi(), e.getKey().lo()), v[0], v[1],
          v[2], v[3], v[4]));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** The {@code topN} flows by bytes. */
  List<FlowSummary> topFlows(int topN) {
    PriorityQueue<Flow> heap = new PriorityQueue<>(
        Comparator.comparingLong(f -> f.bytesAb + f.bytesBa));
    for (Flow f : flows.values()) {
      heap.add(f);
      if (heap.size() > topN) {
        heap.poll();
      }
    }
    List<FlowSummary> out = new ArrayList<>();
    while (!heap.isEmpty()) {
      out.add(summary(heap.poll()));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * Every flow (for ingest) when there are at most {@code max}, in table order; otherwise the
   * {@code max} largest ({@link #LARGEST_FIRST}), in that order. Only the selected flows are
   * turned into summaries: a million flows would otherwise cost about 250 MB of addresses and
   * records before the graph is written (issue 19).
   */
  List<FlowSummary> retainedFlows(int max) {
    if (flows.size() <= max) {
      List<FlowSummary> out = new ArrayList<>(flows.size());
      for (Flow f : flows.values()) {
        out.add(summary(f));
      }
      return out;
    }
    PriorityQueue<Flow> heap = new PriorityQueue<>(max + 1, LARGEST_FIRST.reversed());
    for (Flow f : flows.values()) {
      heap.add(f);
      if (heap.size() > max) {
        heap.poll();
      }
    }
    List<Flow> kept = new ArrayList<>(heap);
    heap.clear();
    kept.sort(LARGEST_FIRST);
    List<FlowSummary> out = new ArrayList<>(kept.size());
    for (Flow f : kept) {
      out.add(summary(f));
    }
    return out;
  }

  /**
   * Most bytes first, then the earliest first packet, then the 5-tuple (addresses unsigned):
   * a total order, so the flows kept under a limit do not depend on hash order.
   */
  static final Comparator<Flow> LARGEST_FIRST = Comparator
      .<Flow>comparingLong(f -> f.bytesAb + f.bytesBa).reversed()
      .thenComparingLong(f -> f.firstNanos)
      .thenComparing((x, y) -> compareKeys(x.key, y.key));

  private static int compareKeys(FlowKey x, FlowKey y) {
    int c = Long.compareUnsigned(x.aHi, y.aHi);
    c = c != 0 ? c : Long.compareUnsigned(x.aLo, y.aLo);
    c = c != 0 ? c : Integer.compare(x.aPort, y.aPort);
    c = c != 0 ? c : Long.compareUnsigned(x.bHi, y.bHi);
    c = c != 0 ? c : Long.compareUnsigned(x.bLo, y.bLo);
    c = c != 0 ? c : Integer.compare(x.bPort, y.bPort);
    return c != 0 ? c : Integer.compare(x.protocol, y.protocol);
  }

  private static FlowSummary summary(Flow f) {
    FlowKey k = f.key;
    boolean a = f.initiatorIsA;
    return new FlowSummary(
        DecodedPacket.toInet(a ? k.aHi : k.bHi, a ? k.aLo : k.bLo), a ? k.aPort : k.bPort,
        DecodedPacket.toInet(a ? k.bHi : k.aHi, a ? k.bLo : k.aLo), a ? k.bPort : k.aPort,
        k.protocol,
        a ? f.packetsAb : f.packetsBa, a ? f.packetsBa : f.packetsAb,
        a ? f.bytesAb : f.bytesBa, a ? f.bytesBa : f.bytesAb,
        f.firstNanos, f.lastNanos, f.handshakes, f.synToSynAckMs, f.synAckToAckMs);
  }
}
