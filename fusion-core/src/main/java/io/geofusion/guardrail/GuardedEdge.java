package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An edge that passed the guardrail: canonical kind, healed structure, valid.
 *
 * @param src source node id
 * @param kind canonical kind
 * @param dst destination node id
 * @param ruleId the producing rule (synthesised if it was missing)
 * @param confidence adjusted confidence in [0, 1] (see {@link Guardrail})
 * @param tier {@code high} (≥ 0.8), {@code medium} (≥ 0.5) or {@code low}
 * @param originalKind the kind as proposed (null if none was)
 * @param method how stage 1 resolved the proposed kind ({@code unknown}/{@code missing} when only
 *     the repair found one)
 * @param healed stage-2 fixes applied, e.g. {@code src_from_context}
 * @param repairAttempts repair attempts it took (0 = none)
 * @param materialise endpoint node ids that do not exist yet and may be created
 * @param contextNodeId the node the inference was about, or null
 * @param attributes the proposal's attributes
 */
public record GuardedEdge(String src, String kind, String dst, String ruleId, double confidence,
    String tier, String originalKind, Canonicalization.Method method, List<String> healed,
    int repairAttempts, List<String> materialise, String contextNodeId,
    Map<String, String> attributes) {

  public GuardedEdge {
    healed = List.copyOf(healed);
    materialise = List.copyOf(materialise);
    attributes = Map.copyOf(attributes);
  }

  /** The tier of a confidence: high ≥ 0.8, medium ≥ 0.5, else low. */
  public static String tierOf(double confidence) {
    return confidence >= 0.8 ? "high" : confidence >= 0.5 ? "medium" : "low";
  }

  /** The edge update to write into the graph, with provenance as attributes. */
  public EdgeUpdate toEdgeUpdate() {
    Map<String, String> a = new TreeMap<>(attributes);
    a.put("rule_id", ruleId);
    a.put("confidence_tier", tier);
    a.put("kind_method", method.jsonName());
    if (originalKind != null && !originalKind.equals(kind)) {
      a.put("original_kind", originalKind);
    }
    if (repairAttempts > 0) {
      a.put("repair_attempts", Integer.toString(repairAttempts));
    }
    return new EdgeUpdate(new EdgeKey(src, kind, dst), confidence, 1.0, a);
  }

  /** The JSON line (docs/schemas/edge.schema.json, accepted form). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("src", src);
    o.put("kind", kind);
    o.put("dst", dst);
    o.put("rule_id", ruleId);
    o.put("confidence", confidence);
    o.put("confidence_tier", tier);
    if (originalKind != null) {
      o.put("original_kind", originalKind);
    }
    o.put("kind_method", method.jsonName());
    if (!healed.isEmpty()) {
      healed.forEach(o.putArray("healed")::add);
    }
    if (repairAttempts > 0) {
      o.put("repair_attempts", repairAttempts);
    }
    if (!materialise.isEmpty()) {
      materialise.forEach(o.putArray("materialise")::add);
    }
    if (contextNodeId != null) {
      o.put("context_node_id", contextNodeId);
    }
    if (!attributes.isEmpty()) {
      ObjectNode at = o.putObject("attributes");
      new TreeMap<>(attributes).forEach(at::put);
    }
    return o;
  }
}
