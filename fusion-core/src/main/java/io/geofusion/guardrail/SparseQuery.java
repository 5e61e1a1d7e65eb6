package io.geofusion.guardrail;

/**
 * A query vector with its non-zero positions, for fast cosine similarity against dense vectors:
 * kind-name embeddings have a few dozen non-zero features out of thousands of dimensions.
 */
final class SparseQuery {
  private final double[] v;
  private final int[] idx;
  private final int nz;
  private final double norm;

  SparseQuery(double[] v) {
    this.v = v;
    int count = 0;
    for (double x : v) {
      if (x != 0.0) {
        count++;
      }
    }
    idx = new int[count];
    double n = 0;
    for (int i = 0, j = 0; i < v.length; i++) {
      if (v[i] != 0.0) {
        idx[j++] = i;
        n += v[i] * v[i];
      }
    }
    nz = count;
    norm = Math.sqrt(n);
  }

  /** Cosine similarity with {@code k} whose Euclidean norm is {@code kNorm}; 0 for zero vectors. */
  double cosine(double[] k, double kNorm) {
    if (k.length != v.length) {
      throw new IllegalArgumentException("embedder returned vectors of different lengths: "
          + v.length + " vs " + k.length);
    }
    if (norm == 0 || kNorm == 0) {
      return 0.0;
    }
    double d = 0;
    for (int j = 0; j < nz; j++) {
      d += v[idx[j]] * k[idx[j]];
    }
    return d / (norm * kNorm);
  }

  static double norm(double[] k) {
    double n = 0;
    for (double x : k) {
      n += x * x;
    }
    return Math.sqrt(n);
  }
}
