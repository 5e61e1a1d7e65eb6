package io.geofusion.path;

import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded generator of realistic-looking traceroutes for invariant tests and benchmarks. */
final class RandomTraces {

  private RandomTraces() {}

  /**
   * Seed from {@code -Dgeofusion.seed=...} when given, otherwise a fresh one; printed on failure
   * by the {@link Seeds} extension.
   */
  static long seed() {
    return Seeds.seed();
  }

  /**
   * A trace of {@code hops} TTLs with {@code replies} probes each: a rising true RTT, noise on
   * every reply, slow-ICMP spikes, silent hops, losses, private and MPLS hops, load balancing.
   */
  static TracePath trace(SplittableRandom r, int hops, int replies) {
    List<Hop> out = new ArrayList<>(hops);
    double base = 0.3 + r.nextDouble() * 2;
    for (int ttl = 1; ttl <= hops; ttl++) {
      base += r.nextInt(8) == 0 ? 10 + r.nextDouble() * 60 : r.nextDouble() * 4;
      boolean silent = r.nextInt(10) == 0;
      double spike = r.nextInt(8) == 0 ? 20 + r.nextDouble() * 200 : 0;
      boolean mpls = r.nextInt(10) == 0;
      String a = address(r, ttl, 0);
      String b = r.nextInt(6) == 0 ? address(r, ttl, 1) : a;
      List<HopReply> rs = new ArrayList<>(replies);
      for (int k = 0; k < replies; k++) {
        if (silent || r.nextInt(20) == 0) {
          rs.add(HopReply.timeout());
          continue;
        }
        double rtt = base + spike - Math.log(1 - r.nextDouble()) * 0.7;
        List<MplsLabel> labels = mpls ? List.of(new MplsLabel(16000 + ttl, 0, true, 1)) : List.of();
        rs.add(new HopReply(r.nextBoolean() ? a : b, rtt, labels, null));
      }
      out.add(new Hop(ttl, rs));
    }
    return new TracePath("random", "198.51.100.1", out);
  }

  private static String address(SplittableRandom r, int ttl, int variant) {
    if (r.nextInt(5) == 0) {
      return "10." + ttl + "." + variant + "." + (1 + r.nextInt(250));
    }
    return "62." + (100 + ttl) + "." + variant + "." + (1 + r.nextInt(250));
  }
}
