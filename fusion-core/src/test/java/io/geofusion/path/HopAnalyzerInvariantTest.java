package io.geofusion.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seeded randomized invariants of {@link HopAnalyzer}; the seed is in every failure message. */
@ExtendWith(Seeds.class)
class HopAnalyzerInvariantTest {

  private static final HopAnalyzer ANALYZER = HopAnalyzer.defaults();
  private static final int CASES = 400;

  @Test
  void analyze_randomTraces_cleanStepsAreNonNegativeAndSumToHighestCleanRtt() {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      TracePath t = RandomTraces.trace(r, 1 + r.nextInt(35), 1 + r.nextInt(4));
      PathAnalysis a = ANALYZER.analyze(t);
      double sumMs = 0;
      double highest = 0;
      for (HopAnalysis h : a.hops()) {
        String why = "seed " + seed + " case " + c + " TTL " + h.ttl() + " " + h;
        boolean excluded = h.flags().stream().anyMatch(HopFlag::excludesFromGradient);
        assertThat(h.clean()).as(why).isEqualTo(!h.timedOut() && !excluded);
        assertThat(h.timedOut()).as(why).isEqualTo(h.has(HopFlag.TIMEOUT));
        if (h.clean()) {
          assertThat(h.deltaMs()).as(why).isGreaterThanOrEqualTo(0.0);
          assertThat(h.deltaKm()).as(why).isGreaterThanOrEqualTo(0.0);
          // never below an earlier clean hop by more than the monotonic tolerance
          assertThat(h.minRttMs()).as(why)
              .isGreaterThanOrEqualTo(highest - Math.max(5.0, 0.25 * highest) - 1e-9);
          sumMs += h.deltaMs();
          highest = Math.max(highest, h.minRttMs());
        }
      }
      assertThat(sumMs).as("seed %d case %d", seed, c).isCloseTo(highest,
          org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  @Test
  void analyze_appendingAFasterThanEverCleanHop_changesNoEarlierHop() {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      TracePath t = RandomTraces.trace(r, 1 + r.nextInt(30), 1 + r.nextInt(4));
      PathAnalysis before = ANALYZER.analyze(t);
      double max = 0;
      for (HopAnalysis h : before.hops()) {
        max = h.timedOut() ? max : Math.max(max, h.rtt().maxMs());
      }
      List<Hop> hops = new ArrayList<>(t.hops());
      int ttl = hops.get(hops.size() - 1).ttl() + 1;
      hops.add(new Hop(ttl, List.of(HopReply.of("203.0.113.200", max + 1 + r.nextDouble() * 5))));
      PathAnalysis after = ANALYZER.analyze(new TracePath(t.source(), t.destination(), hops));
      assertThat(after.hops().subList(0, before.hops().size()))
          .as("seed %d case %d", seed, c).isEqualTo(before.hops());
      assertThat(after.hops().get(hops.size() - 1).clean()).as("seed %d case %d", seed, c)
          .isTrue();
    }
  }

  @Test
  void analyze_permutingRepliesWithinHops_changesNoFlagAddressOrStep() {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      TracePath t = RandomTraces.trace(r, 1 + r.nextInt(30), 1 + r.nextInt(5));
      List<Hop> shuffled = new ArrayList<>();
      for (Hop h : t.hops()) {
        List<HopReply> rs = new ArrayList<>(h.replies());
        Collections.shuffle(rs, new java.util.Random(r.nextLong()));
        shuffled.add(new Hop(h.ttl(), rs));
      }
      PathAnalysis a = ANALYZER.analyze(t);
      PathAnalysis b = ANALYZER.analyze(new TracePath(t.source(), t.destination(), shuffled));
      for (int i = 0; i < a.hops().size(); i++) {
        HopAnalysis x = a.hops().get(i);
        HopAnalysis y = b.hops().get(i);
        String why = "seed " + seed + " case " + c + " TTL " + x.ttl();
        assertThat(y.flags()).as(why).isEqualTo(x.flags());
        assertThat(y.address()).as(why).isEqualTo(x.address());
        assertThat(new HashSet<>(y.responders())).as(why).isEqualTo(new HashSet<>(x.responders()));
        assertThat(y.deltaMs()).as(why).isEqualTo(x.deltaMs());
        assertThat(y.deltaKm()).as(why).isEqualTo(x.deltaKm());
        assertThat(y.expectedRttMs()).as(why).isEqualTo(x.expectedRttMs());
      }
      assertThat(b.eventAnomalies()).as("seed %d case %d", seed, c)
          .isEqualTo(a.eventAnomalies());
    }
  }

  @Test
  void analyze_insertedSlowHop_isAlwaysAnRttSpike() {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      TracePath t = RandomTraces.trace(r, 2 + r.nextInt(30), 1 + r.nextInt(4));
      double max = 0;
      for (Hop h : t.hops()) {
        for (HopReply rep : h.replies()) {
          max = rep.answered() ? Math.max(max, rep.rttMs()) : max;
        }
      }
      // Renumber TTLs to make room, insert before the last hop (a spike needs a later witness).
      int at = r.nextInt(t.hops().size() - 1);
      List<Hop> hops = new ArrayList<>();
      for (int i = 0; i < t.hops().size(); i++) {
        if (i == at) {
          hops.add(new Hop(hops.size() + 1,
              List.of(HopReply.of("192.0.0.77", 1.5 * max + 10 + r.nextDouble() * 100))));
        }
        hops.add(new Hop(hops.size() + 1, t.hops().get(i).replies()));
      }
      // Make sure a later hop answers, or nothing witnesses the spike.
      hops.add(new Hop(hops.size() + 1, List.of(HopReply.of("62.99.99.99", max))));
      PathAnalysis a = ANALYZER.analyze(new TracePath(t.source(), t.destination(), hops));
      assertThat(a.hops().get(at).flags()).as("seed %d case %d", seed, c)
          .contains(HopFlag.RTT_SPIKE, HopFlag.PRIVATE_BACKBONE);
    }
  }

  @Test
  void analyze_strictlyRisingDistinctPublicHops_areAllCleanWithoutAnomalies() {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      int n = 1 + r.nextInt(30);
      List<Hop> hops = new ArrayList<>();
      double rtt = r.nextDouble() * 3;
      for (int ttl = 1; ttl <= n; ttl++) {
        rtt += r.nextDouble() * 15;
        hops.add(new Hop(ttl, List.of(HopReply.of("62.1." + ttl + ".1", rtt))));
      }
      PathAnalysis a = ANALYZER.analyze(new TracePath(null, "62.1." + n + ".1", hops));
      assertThat(a.cleanHopCount()).as("seed %d case %d", seed, c).isEqualTo(n);
      assertThat(a.eventAnomalies()).as("seed %d case %d", seed, c).isEmpty();
      assertThat(a.cleanPathDistanceKm()).as("seed %d case %d", seed, c)
          .isCloseTo(Math.min(io.geofusion.geo.Geodesy.MAX_DISTANCE_KM,
              rtt * io.geofusion.rtt.DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(rtt)),
              org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  @Test
  void analyze_sharedAnalyzerFromManyThreads_givesSameResultsAsOneThread() throws Exception {
    long seed = RandomTraces.seed();
    SplittableRandom r = new SplittableRandom(seed);
    List<TracePath> traces = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      traces.add(RandomTraces.trace(r, 30, 3));
    }
    List<PathAnalysis> expected = new ArrayList<>();
    for (TracePath t : traces) {
      expected.add(ANALYZER.analyze(t));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<PathAnalysis>>> futures = new ArrayList<>();
      for (int th = 0; th < 32; th++) {
        futures.add(pool.submit(() -> {
          List<PathAnalysis> got = new ArrayList<>();
          for (TracePath t : traces) {
            got.add(ANALYZER.analyze(t));
          }
          return got;
        }));
      }
      for (Future<List<PathAnalysis>> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).as("seed %d", seed).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
