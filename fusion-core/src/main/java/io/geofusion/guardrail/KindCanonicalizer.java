package io.geofusion.guardrail;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1: maps a proposed kind name to a canonical kind — normalise, drop observed-zone kinds,
 * exact match, alias table, then the nearest known name by {@link KindEmbedder} cosine similarity
 * if it reaches the registry's threshold. Known names (kinds, aliases, observed kinds) are
 * embedded once at construction. Immutable and thread-safe.
 */
public final class KindCanonicalizer {

  private final EdgeKindRegistry registry;
  private final KindEmbedder embedder;
  private final double threshold;
  private final List<String> names = new ArrayList<>();
  private final List<double[]> vectors = new ArrayList<>();
  private final List<Double> norms = new ArrayList<>();

  /** Uses the registry's threshold and the default {@link NgramKindEmbedder}. */
  public KindCanonicalizer(EdgeKindRegistry registry) {
    this(registry, new NgramKindEmbedder(), registry.similarityThreshold());
  }

  /**
   * @param threshold minimum cosine similarity for a nearest-kind match, in (0, 1]
   */
  public KindCanonicalizer(EdgeKindRegistry registry, KindEmbedder embedder, double threshold) {
    if (registry == null || embedder == null) {
      throw new IllegalArgumentException("registry and embedder are required");
    }
    if (!(threshold > 0.0 && threshold <= 1.0)) {
      throw new IllegalArgumentException("similarity threshold must be in (0, 1], got " + threshold);
    }
    this.registry = registry;
    this.embedder = embedder;
    this.threshold = threshold;
    List<String> all = new ArrayList<>(registry.validKinds());
    all.addAll(registry.aliases().keySet());
    all.addAll(registry.observedKinds());
    for (String n : all) {
      double[] v = embedder.embed(n);
      names.add(n);
      vectors.add(v);
      norms.add(Math.sqrt(dot(v, v)));
    }
  }

  public EdgeKindRegistry registry() {
    return registry;
  }

  /** Resolves one kind name. */
  public Canonicalization canonicalize(String input) {
    String n = EdgeKindRegistry.normalise(input);
    if (input == null || input.isBlank()) {
      return new Canonicalization(input, null, Canonicalization.Method.MISSING, 0.0, null);
    }
    if (n.isEmpty()) { // only punctuation or symbols: a name, but not one of ours
      return new Canonicalization(input, null, Canonicalization.Method.UNKNOWN, 0.0, null);
    }
    if (registry.isObserved(n)) {
      return new Canonicalization(input, null, Canonicalization.Method.OBSERVED, 1.0, n);
    }
    if (registry.validKinds().contains(n)) {
      return new Canonicalization(input, n, Canonicalization.Method.EXACT, 1.0, n);
    }
    String alias = registry.aliases().get(n);
    if (alias != null) {
      return new Canonicalization(input, alias, Canonicalization.Method.ALIAS, 1.0, n);
    }
    Nearest best = nearest(n);
    if (best.score >= threshold) {
      if (registry.isObserved(best.name)) {
        return new Canonicalization(input, null, Canonicalization.Method.OBSERVED, best.score,
            best.name);
      }
      String kind = registry.validKinds().contains(best.name) ? best.name
          : registry.aliases().get(best.name);
      return new Canonicalization(input, kind, Canonicalization.Method.SIMILAR, best.score,
          best.name);
    }
    return new Canonicalization(input, null, Canonicalization.Method.UNKNOWN, best.score,
        best.name);
  }

  /** The known name nearest to a normalised kind (ties: first in registry order). */
  Nearest nearest(String normalised) {
    SparseQuery q = new SparseQuery(embedder.embed(normalised));
    String bestName = null;
    double best = -1;
    for (int i = 0; i < names.size(); i++) {
      double s = q.cosine(vectors.get(i), norms.get(i));
      if (s > best) {
        best = s;
        bestName = names.get(i);
      }
    }
    return new Nearest(bestName, Math.max(0.0, Math.min(1.0, best)));
  }

  private static double dot(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  record Nearest(String name, double score) {}
}
