package io.geofusion.path;

import java.util.Arrays;

/**
 * Robust monotone fit: the non-decreasing sequence closest to the data in L1 (sum of absolute
 * residuals), by the pool-adjacent-violators algorithm with block medians (Robertson, Wright &amp;
 * Dykstra, <i>Order Restricted Statistical Inference</i>, 1988, §1.4 and §2.2). Of the medians of an
 * even-sized block the lower one is taken: delays only ever add to a round-trip time, so when two
 * readings conflict the smaller is the better witness of the path.
 */
final class IsotonicFit {

  private IsotonicFit() {}

  /**
   * Fits {@code y[0..n-1]} (finite values).
   *
   * @return the fitted values, non-decreasing, same length
   */
  static double[] fit(double[] y, int n) {
    // Blocks on a stack: start index, size, fitted value (lower median of members).
    int[] start = new int[n];
    int[] size = new int[n];
    double[] value = new double[n];
    int top = 0;
    double[] scratch = new double[n];
    for (int i = 0; i < n; i++) {
      start[top] = i;
      size[top] = 1;
      value[top] = y[i];
      top++;
      while (top > 1 && value[top - 2] > value[top - 1]) {
        int s = start[top - 2];
        int m = size[top - 2] + size[top - 1];
        System.arraycopy(y, s, scratch, 0, m);
        Arrays.sort(scratch, 0, m);
        top--;
        size[top - 1] = m;
        value[top - 1] = scratch[(m - 1) / 2];
      }
    }
    double[] out = new double[n];
    for (int b = 0; b < top; b++) {
      Arrays.fill(out, start[b], start[b] + size[b], value[b]);
    }
    return out;
  }
}
