package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stage 1 for event streams: for each incoming JSON event with a {@code kind} field, replaces the
 * kind by its canonical form (keeping {@code original_kind} when it changed), adds
 * {@code kind_method} and a {@code confidence_tier}, and drops observed-zone kinds. Events without
 * a kind pass through with a tier only; unknown kinds pass through unchanged, tagged
 * {@code kind_method: unknown} and tier {@code low} (the full guardrail decides their fate).
 *
 * <p>The tier comes from the event's numeric {@code confidence} (0.5 when absent) times the
 * similarity score for similarity matches: high ≥ 0.8, medium ≥ 0.5, low otherwise. Thread-safe.
 */
public final class StreamEnricher {

  private final KindCanonicalizer canonicalizer;
  private final LongAdder seen = new LongAdder();
  private final LongAdder canonicalised = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder droppedObserved = new LongAdder();

  /**
   * Counters of a stream enricher.
   *
   * @param seen events in
   * @param canonicalised events whose kind was rewritten (normalised, aliased or similar)
   * @param unknown events passed through with an unknown kind
   * @param droppedObserved events dropped for an observed-zone kind
   */
  public record Stats(long seen, long canonicalised, long unknown, long droppedObserved) {}

  public StreamEnricher(KindCanonicalizer canonicalizer) {
    if (canonicalizer == null) {
      throw new IllegalArgumentException("canonicalizer is required");
    }
    this.canonicalizer = canonicalizer;
  }

  /** The enriched copy of {@code event}, or empty if it carries an observed-zone kind. */
  public Optional<ObjectNode> enrich(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("an event must be a JSON object");
    }
    seen.increment();
    ObjectNode out = ((ObjectNode) event).deepCopy();
    JsonNode c = event.get("confidence");
    double conf = c != null && c.isNumber() ? Math.max(0, Math.min(1, c.doubleValue())) : 0.5;
    JsonNode k = event.get("kind");
    if (k == null || !k.isTextual()) {
      out.put("confidence_tier", GuardedEdge.tierOf(conf));
      return Optional.of(out);
    }
    Canonicalization r = canonicalizer.canonicalize(k.textValue());
    switch (r.method()) {
      case OBSERVED:
        droppedObserved.increment();
        return Optional.empty();
      case UNKNOWN:
      case MISSING:
        unknown.increment();
        out.put("kind_method", r.method().jsonName());
        out.put("confidence_tier", "low");
        return Optional.of(out);
      default:
        if (r.method() == Canonicalization.Method.SIMILAR) {
          conf *= r.score();
        }
        if (!r.kind().equals(k.textValue())) {
          canonicalised.increment();
          out.put("original_kind", k.textValue());
          out.put("kind", r.kind());
        }
        out.put("kind_method", r.method().jsonName());
        out.put("confidence_tier", GuardedEdge.tierOf(conf));
        return Optional.of(out);
    }
  }

  public Stats stats() {
    return new Stats(seen.sum(), canonicalised.sum(), unknown.sum(), droppedObserved.sum());
  }
}
