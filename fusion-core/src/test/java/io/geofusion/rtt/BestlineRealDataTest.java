package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CBG bestlines on real latency with ground truth: WonderNetwork's 2020-07-19 ping mesh (246
 * servers with coordinates, min RTT per directed pair; ../shared/data/wondernetwork-pings).
 *
 * <p>For every vantage, its landmarks are split by a seeded shuffle into halves; the bestline is
 * fitted on one half (landmarks faster than 2/3 c excluded: their listed coordinates are wrong)
 * and tested on the other: a held-out pair is covered when {@code maxDistanceKm(rtt) ≥ true
 * distance}. The figures are printed and reported in docs/model.md.
 */
class BestlineRealDataTest {

  private static final double K = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0);
  private static Map<Integer, LatLon> servers;
  /** vantage id → landmarks in file order. */
  private static Map<Integer, List<Landmark>> byVantage;

  @BeforeAll
  static void load() throws IOException {
    String root = System.getProperty("geofusion.shared.data", "../shared/data");
    Path dir = Path.of(root, "wondernetwork-pings");
    Path srv = dir.resolve("servers-2020-07-19.csv");
    Path pings = dir.resolve("pings-2020-07-19-2020-07-20-grouped.csv");
    Assumptions.assumeTrue(Files.isReadable(srv) && Files.isReadable(pings),
        "WonderNetwork data absent at " + dir + " (set -Dgeofusion.shared.data); skipping");
    servers = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(srv, StandardCharsets.UTF_8)) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        servers.put(Integer.parseInt(f[0]),
            LatLon.of(Double.parseDouble(f[8]), Double.parseDouble(f[9])));
      }
    }
    byVantage = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(pings, StandardCharsets.UTF_8)) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        int s = Integer.parseInt(f[0]);
        int d = Integer.parseInt(f[1]);
        LatLon a = servers.get(s);
        LatLon b = servers.get(d);
        if (s == d || a == null || b == null) {
          continue;
        }
        byVantage.computeIfAbsent(s, k -> new ArrayList<>())
            .add(new Landmark(Geodesy.distanceKm(a, b), Double.parseDouble(f[2])));
      }
    }
  }

  @Test
  void fit_everyVantage_allTrainingLandmarksOnOrAboveLine() {
    BestlineFitter fitter = BestlineFitter.of(K, BestlineFitter.ImpossibleLandmarks.EXCLUDE);
    int vantages = 0;
    int excluded = 0;
    int landmarks = 0;
    for (List<Landmark> ls : byVantage.values()) {
      BestlineFit fit = fitter.fit(ls);
      Bestline b = fit.line();
      assertThat(b.slopeMsPerKm()).isGreaterThanOrEqualTo(1 / K);
      assertThat(b.interceptMs()).isGreaterThanOrEqualTo(0);
      for (Landmark l : ls) {
        if (!fit.excluded().contains(l)) {
          assertThat(b.rttMsAt(l.distanceKm())).isLessThanOrEqualTo(l.minRttMs());
        }
      }
      vantages++;
      excluded += fit.excluded().size();
      landmarks += ls.size();
    }
    System.out.printf(Locale.ROOT, "wondernetwork bestlines: %d vantages, %d landmarks, %d"
        + " excluded as faster than 2/3 c%n", vantages, landmarks, excluded);
    assertThat(vantages).isGreaterThan(200);
  }

  /** 10-fold cross-validation per vantage: the realistic use, calibrating on all other landmarks. */
  @Test
  void maxDistanceKm_tenFoldHeldOut_containsTrueDistanceFor99Percent() {
    double[] r = crossValidate(10, 20200719L);
    assertThat(r[1]).as("10-fold held-out coverage of physically possible pairs")
        .isGreaterThanOrEqualTo(0.99);
  }

  /** 2-fold: calibrating on only half the landmarks loosens nothing but covers a little less. */
  @Test
  void maxDistanceKm_twoFoldHeldOut_containsTrueDistanceFor98Percent() {
    double[] r = crossValidate(2, 20200719L);
    assertThat(r[1]).as("2-fold held-out coverage of physically possible pairs")
        .isGreaterThanOrEqualTo(0.98);
  }

  /**
   * Per vantage, shuffles its landmarks (seeded), fits on all folds but one and tests on that one.
   * A held-out pair is covered when the bestline bound is at least its true distance.
   *
   * @return {coverage of all pairs, coverage of physically possible pairs}
   */
  private static double[] crossValidate(int folds, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    BestlineFitter fitter = BestlineFitter.of(K, BestlineFitter.ImpossibleLandmarks.EXCLUDE);
    long tested = 0;
    long covered = 0;
    long possible = 0;
    long coveredPossible = 0;
    double sumRatio = 0;
    for (List<Landmark> all : byVantage.values()) {
      List<Landmark> ls = new ArrayList<>(all);
      for (int i = ls.size() - 1; i > 0; i--) {
        java.util.Collections.swap(ls, i, rnd.nextInt(i + 1));
      }
      for (int f = 0; f < folds; f++) {
        List<Landmark> train = new ArrayList<>(ls.size());
        List<Landmark> test = new ArrayList<>(ls.size() / folds + 1);
        for (int i = 0; i < ls.size(); i++) {
          (i % folds == f ? test : train).add(ls.get(i));
        }
        Bestline b = fitter.fit(train).line();
        for (Landmark l : test) {
          double bound = b.maxDistanceKm(l.minRttMs());
          boolean ok = bound >= l.distanceKm();
          tested++;
          covered += ok ? 1 : 0;
          if (l.minRttMs() * K >= l.distanceKm()) {
            possible++;
            coveredPossible += ok ? 1 : 0;
            sumRatio += bound / Math.max(1.0,
                DistanceModel.FIBER_TWO_THIRDS.maxDistanceKm(l.minRttMs(), 0));
          }
        }
      }
    }
    double all = (double) covered / tested;
    double phys = (double) coveredPossible / possible;
    System.out.printf(Locale.ROOT, "wondernetwork %d-fold held-out coverage (seed %d): %.4f of %d"
        + " pairs; %.4f of %d physically possible pairs; mean bestline / 2/3 c bound %.3f%n",
        folds, seed, all, tested, phys, possible, sumRatio / possible);
    return new double[] {all, phys};
  }
}
