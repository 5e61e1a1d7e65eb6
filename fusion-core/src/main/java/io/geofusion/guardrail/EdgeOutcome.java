package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the guardrail did with one proposed edge: accepted (with {@link #edge()}), or dropped at a
 * stage with a reason.
 *
 * @param input the edge as proposed
 * @param edge the accepted edge, or null when dropped
 * @param stage for drops: {@code canonicalise}, {@code heal} or {@code validate}; null if accepted
 * @param violations for drops: why (the first is the primary reason); empty if accepted
 */
public record EdgeOutcome(EdgeCandidate input, GuardedEdge edge, String stage,
    List<Violation> violations) {

  public EdgeOutcome {
    if (input == null) {
      throw new IllegalArgumentException("input is required");
    }
    violations = List.copyOf(violations);
    if ((edge == null) == violations.isEmpty() || (edge == null) == (stage == null)) {
      throw new IllegalArgumentException("an outcome is accepted (edge) or dropped (stage and "
          + "violations), not both");
    }
  }

  public boolean accepted() {
    return edge != null;
  }

  /** The primary drop reason code, or null if accepted. */
  public String reason() {
    return violations.isEmpty() ? null : violations.get(0).reason();
  }

  /** A reject line: {@code {"stage","reason","detail","input"}}. */
  public ObjectNode toRejectJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("stage", stage);
    o.put("reason", reason());
    StringBuilder d = new StringBuilder();
    for (Violation v : violations) {
      d.append(d.length() == 0 ? "" : "; ").append(v);
    }
    o.put("detail", d.toString());
    o.set("input", input.toJson());
    return o;
  }
}
