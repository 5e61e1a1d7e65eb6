package io.geofusion.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A typed, directed edge as the graph holds it. Immutable.
 *
 * @param key (src, kind, dst)
 * @param confidence how sure the producer is, in [0, 1]
 * @param weight the edge's weight at {@code lastSeen} (finite, ≥ 0); see {@link #weightAt}
 * @param firstSeen when the edge was first upserted (graph clock)
 * @param lastSeen when the edge was last upserted, ≥ firstSeen
 * @param observations how many upserts the edge has seen, ≥ 1
 * @param attributes free-form string attributes (e.g. {@code rule_id}), sorted by key
 */
public record Edge(EdgeKey key, double confidence, double weight, Instant firstSeen,
    Instant lastSeen, long observations, Map<String, String> attributes) {

  public Edge {
    if (key == null) {
      throw new IllegalArgumentException("edge key is required");
    }
    Ids.requireUnit("edge confidence", confidence);
    if (!(weight >= 0.0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("edge weight must be finite and >= 0, got " + weight);
    }
    if (firstSeen == null || lastSeen == null || lastSeen.isBefore(firstSeen)) {
      throw new IllegalArgumentException("edge " + key + " needs first_seen <= last_seen, got "
          + firstSeen + " / " + lastSeen);
    }
    if (observations < 1) {
      throw new IllegalArgumentException("edge observations must be >= 1, got " + observations);
    }
    attributes = Ids.attributes(attributes);
  }

  /** The source node id. */
  public String src() {
    return key.src();
  }

  /** The edge kind. */
  public String kind() {
    return key.kind();
  }

  /** The destination node id. */
  public String dst() {
    return key.dst();
  }

  /**
   * The weight decayed exponentially since {@code lastSeen}:
   * {@code weight · 2^(−(now − lastSeen) / halfLife)}. A {@code now} before lastSeen counts as no
   * elapsed time; a null half-life means no decay.
   */
  public double weightAt(Instant now, Duration halfLife) {
    if (halfLife == null) {
      return weight;
    }
    if (halfLife.isZero() || halfLife.isNegative()) {
      throw new IllegalArgumentException("half-life must be positive, got " + halfLife);
    }
    double ageNanos = Math.max(0.0, (double) Duration.between(lastSeen, now).toNanos());
    return weight * Math.pow(0.5, ageNanos / (double) halfLife.toNanos());
  }
}
