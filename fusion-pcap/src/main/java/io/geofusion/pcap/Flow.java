package io.geofusion.pcap;

import java.util.Arrays;
import java.util.HashMap;

/** Mutable per-flow state owned by one {@link PassiveRttTracker}; not thread-safe. */
final class Flow {

  static final int HS_NONE = 0;
  static final int HS_SYN = 1;
  static final int HS_SYNACK = 2;
  static final int HS_DONE = 3;

  /**
   * The last few transmissions of a handshake segment (SYN or SYN/ACK): capture time and RFC
   * 7323 TSval, so a reply can be matched to the transmission its TSecr echoes. Sized for the
   * usual single transmission (one object and a two-long array, 56 bytes) and grown on the first
   * retransmission: a flood of unanswered SYNs keeps one per flow (issue 19).
   */
  static final class Attempts {
    static final int KEEP = 4;
    /** Transmission i's capture time at [2i], its TSval at [2i + 1]. */
    private long[] slots = new long[2];
    /** Bit i: transmission i carried a timestamp. */
    private int hasTs;
    int count;

    void clear() {
      count = 0;
    }

    void add(long t, boolean has, long val) {
      int i = count % KEEP;
      if (2 * i >= slots.length) {
        slots = Arrays.copyOf(slots, 2 * KEEP);
      }
      slots[2 * i] = t;
      slots[2 * i + 1] = val;
      hasTs = has ? hasTs | (1 << i) : hasTs & ~(1 << i);
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
          if ((hasTs & (1 << i)) != 0 && slots[2 * i + 1] == tsEcr) {
            hits++;
            t = slots[2 * i];
          }
        }
        if (hits == 1) {
          return t;
        }
      }
      return count == 1 ? slots[0] : Long.MIN_VALUE;
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
  /** Null until the first SYN, and again once the handshake is done (nothing reads them then). */
  Attempts syns;
  /** Null until the first SYN/ACK answers a SYN, and again once the handshake is done. */
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
