package io.geofusion.guardrail;

import java.util.EnumMap;
import java.util.Map;

/**
 * A copy of the guardrail's counters.
 *
 * @param counts every {@link GuardrailCounter} (zero included)
 * @param droppedByReason dropped edges per violation reason code
 */
public record GuardrailStats(Map<GuardrailCounter, Long> counts, Map<String, Long> droppedByReason) {

  public GuardrailStats {
    counts = Map.copyOf(new EnumMap<>(counts));
    droppedByReason = Map.copyOf(droppedByReason);
  }

  /** One counter's value. */
  public long get(GuardrailCounter c) {
    return counts.getOrDefault(c, 0L);
  }

  /** Accepted edges (clean plus recovered). */
  public long accepted() {
    return get(GuardrailCounter.ACCEPTED_CLEAN) + recovered();
  }

  /** Edges accepted only because a stage fixed them. */
  public long recovered() {
    return get(GuardrailCounter.RECOVERED_CANONICALISE) + get(GuardrailCounter.RECOVERED_HEAL)
        + get(GuardrailCounter.RECOVERED_REPAIR);
  }

  /** Dropped edges. */
  public long dropped() {
    return get(GuardrailCounter.DROPPED_CANONICALISE) + get(GuardrailCounter.DROPPED_HEAL)
        + get(GuardrailCounter.DROPPED_VALIDATE);
  }
}
