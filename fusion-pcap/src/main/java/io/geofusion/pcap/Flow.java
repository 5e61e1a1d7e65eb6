package io.geofusion.pcap;

import java.util.HashMap;

/** Mutable per-flow state owned by one {@link PassiveRttTracker}; not thread-safe. */
final class Flow {

  static final int HS_NONE = 0;
  static final int HS_SYN = 1;
  static final int HS_SYNACK = 2;
  static final int HS_DONE = 3;

  /**
   * The last few transmissions of a handshake segment (SYN or SYN/ACK): capture time and RFC
   * 7323 TSval, so a reply can be matched to the transmission its TSecr echoes.
   */
  static final class Attempts {
    static final int KEEP = 4;
    final long[] nanos = new long[KEEP];
    final long[] tsVal = new long[KEEP];
    final boolean[] hasTs = new boolean[KEEP];
    int count;

    void clear() {
      count = 0;
    }

    void add(long t, boolean has, long val) {
      int i = count % KEEP;
      nanos[i] = t;
      hasTs[i] = has;
      tsVal[i] = val;
      count++;
    }

    /**
     * The transmission a reply answers: the one whose TSval the reply's TSecr echoes, or the
     * only one sent. Returns {@link Long#MIN_VALUE} when that is ambiguous (Karn's rule: a
     * retransmitted segment's reply cannot be attributed without timestamps).
     */
    long match(boolean replyHasTs, long tsEcr) {
      if (count == 0) {
        return Long.MIN_VALUE;
      }
      if (replyHasTs) {
        int hits = 0;
        long t = Long.MIN_VALUE;
        int n = Math.min(count, KEEP);
        for (int i = 0; i < n; i++) {
          if (hasTs[i] && tsVal[i] == tsEcr) {
            hits++;
            t = nanos[i];
          }
        }
        if (hits == 1) {
          return t;
        }
      }
      return count == 1 ? nanos[0] : Long.MIN_VALUE;
    }
  }

  final FlowKey key;
  boolean initiatorIsA;
  boolean initiatorFromSyn;
  long packetsAb;
  long packetsBa;
  long bytesAb;
  long bytesBa;
  long firstNanos = CapturedPacket.NO_TIMESTAMP;
  long lastNanos = CapturedPacket.NO_TIMESTAMP;

  // TCP handshake
  int hs = HS_NONE;
  boolean synFromA;
  long synIsn;
  long synAckIsn;
  Attempts syns;
  Attempts synAcks;
  int handshakes;
  double synToSynAckMs = Double.NaN;
  double synAckToAckMs = Double.NaN;

  // ICMP echo: (id << 16 | seq) -> {request time, requests seen, sent by A ? 1 : 0}
  HashMap<Integer, long[]> pendingEcho;

  Flow(FlowKey key, boolean firstFromA) {
    this.key = key;
    this.initiatorIsA = firstFromA;
  }
}
