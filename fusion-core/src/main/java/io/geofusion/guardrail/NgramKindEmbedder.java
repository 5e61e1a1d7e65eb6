package io.geofusion.guardrail;

/**
 * The deterministic default {@link KindEmbedder}: character trigrams of the name padded with
 * {@code #} (weight 1 each) plus whole underscore-separated tokens (weight 2 each, with a trailing
 * {@code S} stripped so {@code HOSTS} ≈ {@code HOST}), hashed with {@link String#hashCode} (whose
 * value the Java specification fixes) into 4096 buckets. Robust to typos, plurals, reordered or
 * dropped tokens; it knows nothing of synonyms ({@code SESSION} vs {@code FLOW}), which is what the
 * alias table is for. Stateless and thread-safe.
 */
public final class NgramKindEmbedder implements KindEmbedder {

  static final int DIMENSIONS = 4096;

  /** The embedder (it has no parameters). */
  public NgramKindEmbedder() {}

  @Override
  public double[] embed(String kind) {
    double[] v = new double[DIMENSIONS];
    String padded = "#" + kind + "#";
    for (int i = 0; i + 3 <= padded.length(); i++) {
      v[bucket("c" + padded.substring(i, i + 3))] += 1.0;
    }
    for (String token : kind.split("_")) {
      if (token.isEmpty()) {
        continue;
      }
      String stem = token.length() > 3 && token.endsWith("S") ? token.substring(0, token.length() - 1)
          : token;
      v[bucket("t" + stem)] += 2.0;
    }
    return v;
  }

  private static int bucket(String feature) {
    return Math.floorMod(feature.hashCode(), DIMENSIONS);
  }
}
