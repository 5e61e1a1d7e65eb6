package io.geofusion.graph;

import java.util.Map;

/**
 * What a writer says about an edge. Upserting sets confidence and weight, merges attributes (new
 * values win), keeps {@code first_seen}, sets {@code last_seen} to the graph clock's now and
 * increments {@code observations}.
 *
 * @param key (src, kind, dst)
 * @param confidence in [0, 1]
 * @param weight finite, ≥ 0
 * @param attributes attributes to set
 */
public record EdgeUpdate(EdgeKey key, double confidence, double weight,
    Map<String, String> attributes) {

  public EdgeUpdate {
    if (key == null) {
      throw new IllegalArgumentException("edge key is required");
    }
    Ids.requireUnit("edge confidence", confidence);
    if (!(weight >= 0.0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("edge weight must be finite and >= 0, got " + weight);
    }
    attributes = Ids.attributes(attributes);
  }

  /** An edge with confidence 1, weight 1 and no attributes. */
  public static EdgeUpdate of(String src, String kind, String dst) {
    return new EdgeUpdate(new EdgeKey(src, kind, dst), 1.0, 1.0, Map.of());
  }
}
