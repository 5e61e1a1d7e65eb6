package io.geofusion.guardrail;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a repair may change: only the fields the validator rejected. A model that answers an
 * unknown kind on {@code host:3.3.3.3 -> asn:3} with {@code host:1.1.1.1 -> asn:1} proposes a
 * different edge, not a repair; the proposal is refused (and the original is dropped with the
 * reason if no attempt stays in scope). Fields a proposal leaves out keep their values.
 */
final class RepairScope {

  /** A field of an edge. */
  enum Field { SRC, KIND, DST, RULE_ID, CONFIDENCE, ATTRIBUTES }

  /** The reason code of a proposal that changed a field nobody rejected. */
  static final String OUT_OF_SCOPE = "repair_out_of_scope";

  private RepairScope() {}

  /** The fields {@code problems} allow a repair to change. */
  static Set<Field> allowed(List<Violation> problems) {
    Set<Field> f = EnumSet.noneOf(Field.class);
    for (Violation v : problems) {
      switch (v.reason()) {
        case Violation.MISSING_SRC -> f.add(Field.SRC);
        case Violation.MISSING_DST -> f.add(Field.DST);
        case Violation.MISSING_KIND, Violation.UNKNOWN_KIND, Violation.OBSERVED_ZONE_KIND ->
            f.add(Field.KIND);
        // A type mismatch is fixed by another kind or by swapping the endpoints.
        case Violation.SRC_TYPE_MISMATCH, Violation.DST_TYPE_MISMATCH ->
            f.addAll(EnumSet.of(Field.SRC, Field.DST, Field.KIND));
        case Violation.SELF_LOOP, Violation.UNKNOWN_NODE -> f.addAll(EnumSet.of(Field.SRC,
            Field.DST));
        case Violation.CONFIDENCE_OUT_OF_RANGE -> f.add(Field.CONFIDENCE);
        // The rule proposed nothing: the repairer proposes a whole edge for it.
        case Violation.RULE_YIELDED_NO_EDGES -> f.addAll(EnumSet.of(Field.SRC, Field.DST,
            Field.KIND, Field.CONFIDENCE));
        default -> { }
      }
    }
    return f;
  }

  /** {@code proposal} with the fields it left out taken from {@code current}. */
  static EdgeCandidate fillIn(EdgeCandidate proposal, EdgeCandidate current) {
    EdgeCandidate p = proposal;
    if (p.ruleId() == null) {
      p = p.withRuleId(current.ruleId());
    }
    if (p.confidence() == null) {
      p = p.withConfidence(current.confidence());
    }
    if (p.attributes().isEmpty() && !current.attributes().isEmpty()) {
      p = new EdgeCandidate(p.src(), p.kind(), p.dst(), p.ruleId(), p.confidence(),
          p.contextNodeId(), current.attributes());
    }
    return p;
  }

  /** A violation naming the first field {@code proposal} changed outside {@code allowed}. */
  static Violation check(EdgeCandidate current, EdgeCandidate proposal, Set<Field> allowed) {
    for (Field f : Field.values()) {
      Object before = value(current, f);
      Object after = value(proposal, f);
      if (!allowed.contains(f) && !Objects.equals(before, after)) {
        return new Violation(OUT_OF_SCOPE, "proposal changed " + f.name().toLowerCase(
            java.util.Locale.ROOT) + " from " + before + " to " + after
            + ", which the validator did not reject");
      }
    }
    return null;
  }

  private static Object value(EdgeCandidate e, Field f) {
    return switch (f) {
      case SRC -> e.src();
      case KIND -> e.kind();
      case DST -> e.dst();
      case RULE_ID -> e.ruleId();
      case CONFIDENCE -> e.confidence();
      case ATTRIBUTES -> e.attributes();
    };
  }
}
