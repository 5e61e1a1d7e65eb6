package io.geofusion.pcap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Bytes per host address in three primitive arrays (open addressing, linear probing, at most
 * 60 % full): 24 to 40 bytes a host where a map of records and counter arrays costs about 125.
 * Used to rank the hosts of a capture with hundreds of thousands of flows (issue 19). Not
 * thread-safe.
 */
final class HostByteTotals {

  private long[] hi = new long[1024];
  private long[] lo = new long[1024];
  private long[] bytes = new long[1024];
  private boolean[] used = new boolean[1024];
  private int size;

  /** Adds {@code n} bytes to the host {@code (h, l)} (the halves of its 128-bit address). */
  void add(long h, long l, long n) {
    if (size * 5 >= hi.length * 3) {
      grow();
    }
    int i = slot(h, l, hi.length);
    while (used[i] && (hi[i] != h || lo[i] != l)) {
      i = (i + 1) & (hi.length - 1);
    }
    if (!used[i]) {
      used[i] = true;
      hi[i] = h;
      lo[i] = l;
      size++;
    }
    bytes[i] += n;
  }

  /**
   * The {@code n} hosts with the most bytes, most first, ties by address (unsigned), each as
   * {@code {hi, lo}}.
   */
  List<long[]> top(int n) {
    Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> bytes[i]).reversed()
        .thenComparing((x, y) -> Long.compareUnsigned(hi[x], hi[y]))
        .thenComparing((x, y) -> Long.compareUnsigned(lo[x], lo[y]));
    PriorityQueue<Integer> worstFirst = new PriorityQueue<>(order.reversed());
    for (int i = 0; i < hi.length && n > 0; i++) {
      if (used[i]) {
        worstFirst.add(i);
        if (worstFirst.size() > n) {
          worstFirst.poll();
        }
      }
    }
    List<Integer> kept = new ArrayList<>(worstFirst);
    kept.sort(order);
    List<long[]> out = new ArrayList<>(kept.size());
    for (int i : kept) {
      out.add(new long[] {hi[i], lo[i]});
    }
    return out;
  }

  private void grow() {
    long[] oh = hi;
    long[] ol = lo;
    long[] ob = bytes;
    boolean[] ou = used;
    int cap = oh.length * 2;
    hi = new long[cap];
    lo = new long[cap];
    bytes = new long[cap];
    used = new boolean[cap];
    for (int j = 0; j < oh.length; j++) {
      if (ou[j]) {
        int i = slot(oh[j], ol[j], cap);
        while (used[i]) {
          i = (i + 1) & (cap - 1);
        }
        used[i] = true;
        hi[i] = oh[j];
        lo[i] = ol[j];
        bytes[i] = ob[j];
      }
    }
  }

  /** A finaliser-mixed hash (MurmurHash3 fmix64): addresses differ only in a few low bits. */
  private static int slot(long h, long l, int cap) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return (int) x & (cap - 1);
  }
}
