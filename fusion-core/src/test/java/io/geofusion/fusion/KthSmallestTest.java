package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KthSmallestTest {

  @Test
  void kthSmallest_randomArraysWithTies_equalsSortedIndex() {
    long seed = 20261126L;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int t = 0; t < 2000; t++) {
      int n = 1 + rnd.nextInt(300);
      double[] a = new double[n + 5];
      boolean ties = rnd.nextBoolean();
      for (int i = 0; i < a.length; i++) {
        a[i] = ties ? rnd.nextInt(6) : rnd.nextGaussian() * 10;
      }
      double[] sorted = Arrays.copyOf(a, n);
      Arrays.sort(sorted);
      int k = rnd.nextInt(n);
      assertThat(GridPosterior.kthSmallest(a, n, k)).as("seed %d, trial %d, n %d, k %d", seed, t,
          n, k).isEqualTo(sorted[k]);
    }
  }
}
