package io.geofusion.guardrail;

/**
 * Turns an edge-kind name into a vector so that similar names get a high cosine similarity. The
 * guardrail compares an unknown kind against every known kind, alias and observed kind and takes
 * the nearest one above the registry's threshold. The default is the deterministic
 * {@link NgramKindEmbedder}; plug in a text-embedding model by implementing this interface.
 * Implementations must be thread-safe and return vectors of one fixed length.
 */
@FunctionalInterface
public interface KindEmbedder {

  /** The vector of a normalised kind name (UPPER_SNAKE_CASE). */
  double[] embed(String normalisedKind);

  /** Cosine similarity of two vectors of equal length; 0 if either is all zeros. */
  static double cosine(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
  }
}
