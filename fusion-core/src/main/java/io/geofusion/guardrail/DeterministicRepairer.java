package io.geofusion.guardrail;

import io.geofusion.graph.NodeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule-based repairer, used when no model is configured (and as a cheap first pass before
 * one). It never invents endpoints; it only:
 * <ul>
 *   <li>picks a kind for an unknown kind name: among the valid kinds whose endpoint types fit the
 *       edge's src/dst, the one whose name (or any of its aliases) is most similar to the proposed
 *       name, if that similarity is at least {@code minSimilarity} (default 0.35) — a looser bar
 *       than stage 1's, made safe by the endpoint-type filter;</li>
 *   <li>picks the kind for a missing kind name when exactly one valid kind fits the endpoint
 *       types;</li>
 *   <li>swaps src and dst when the kind fits only the other way round;</li>
 *   <li>clamps an out-of-range confidence into [0, 1].</li>
 * </ul>
 * Missing endpoints, self-loops and unknown nodes are left alone (returns empty). Deterministic,
 * stateless and thread-safe.
 */
public final class DeterministicRepairer implements EdgeRepairer {

  private final KindEmbedder embedder;
  private final double minSimilarity;
  /** Vectors of registry names (kinds, aliases): few, and asked for on every repair. */
  private final java.util.concurrent.ConcurrentHashMap<String, double[][]> known =
      new java.util.concurrent.ConcurrentHashMap<>();

  public DeterministicRepairer() {
    this(new NgramKindEmbedder(), 0.35);
  }

  /**
   * @param minSimilarity minimum cosine similarity for renaming an unknown kind, in (0, 1]
   */
  public DeterministicRepairer(KindEmbedder embedder, double minSimilarity) {
    if (embedder == null) {
      throw new IllegalArgumentException("embedder is required");
    }
    if (!(minSimilarity > 0.0 && minSimilarity <= 1.0)) {
      throw new IllegalArgumentException("minSimilarity must be in (0, 1], got " + minSimilarity);
    }
    this.embedder = embedder;
    this.minSimilarity = minSimilarity;
  }

  @Override
  public String name() {
    return "deterministic";
  }

  @Override
  public Optional<EdgeCandidate> repair(RepairRequest req) {
    EdgeCandidate e = req.edge();
    if (req.has(Violation.MISSING_SRC) || req.has(Violation.MISSING_DST)
        || req.has(Violation.SELF_LOOP) || req.has(Violation.UNKNOWN_NODE)
        || req.has(Violation.RULE_YIELDED_NO_EDGES)) {
      return Optional.empty();
    }
    EdgeCandidate out = e;
    if (e.confidence() != null && !(e.confidence() >= 0.0 && e.confidence() <= 1.0)) {
      double c = e.confidence();
      out = out.withConfidence(Double.isNaN(c) ? null : Math.max(0.0, Math.min(1.0, c)));
    }
    EdgeKindRegistry reg = req.registry();
    NodeKind s = NodeKind.ofId(e.src());
    NodeKind d = NodeKind.ofId(e.dst());
    String name = EdgeKindRegistry.normalise(e.kind());
    boolean known = reg.validKinds().contains(name);
    if (known) {
      EdgeKindRegistry.KindSpec spec = reg.spec(name).orElseThrow();
      if (!(spec.acceptsSrc(s) && spec.acceptsDst(d))) {
        if (spec.acceptsSrc(d) && spec.acceptsDst(s)) {
          out = out.withSrc(e.dst()).withDst(e.src());
        } else {
          return Optional.empty(); // right kind, wrong endpoints: cannot tell which is wrong
        }
      }
    } else if (e.kind() == null) {
      List<String> fits = fitting(reg, s, d);
      if (fits.size() != 1) {
        return Optional.empty();
      }
      out = out.withKind(fits.get(0));
    } else {
      String best = null;
      double bestScore = -1;
      boolean swap = false;
      SparseQuery v = new SparseQuery(embedder.embed(name));
      for (EdgeKindRegistry.KindSpec spec : reg.specs()) {
        boolean direct = spec.acceptsSrc(s) && spec.acceptsDst(d);
        boolean swapped = !direct && spec.acceptsSrc(d) && spec.acceptsDst(s);
        if (!direct && !swapped) {
          continue;
        }
        double score = score(v, spec.kind(), reg.aliases());
        if (score > bestScore) {
          bestScore = score;
          best = spec.kind();
          swap = swapped;
        }
      }
      if (best == null || bestScore < minSimilarity) {
        return Optional.empty();
      }
      out = out.withKind(best);
      if (swap) {
        out = out.withSrc(e.dst()).withDst(e.src());
      }
    }
    return out.equals(e) ? Optional.empty() : Optional.of(out);
  }

  private double score(SparseQuery v, String kind, Map<String, String> aliases) {
    double[][] k = vector(kind);
    double best = v.cosine(k[0], k[1][0]);
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (a.getValue().equals(kind)) {
        double[][] x = vector(a.getKey());
        best = Math.max(best, v.cosine(x[0], x[1][0]));
      }
    }
    return best;
  }

  /** {vector, {norm}} of a registry name, cached. */
  private double[][] vector(String name) {
    if (known.size() > 10_000) { // registries are small; never grow without bound
      known.clear();
    }
    return known.computeIfAbsent(name, n -> {
      double[] e = embedder.embed(n);
      return new double[][] {e, {SparseQuery.norm(e)}};
    });
  }

  private static List<String> fitting(EdgeKindRegistry reg, NodeKind s, NodeKind d) {
    List<String> out = new ArrayList<>();
    for (EdgeKindRegistry.KindSpec spec : reg.specs()) {
      if (spec.acceptsSrc(s) && spec.acceptsDst(d)) {
        out.add(spec.kind());
      }
    }
    return out;
  }
}
