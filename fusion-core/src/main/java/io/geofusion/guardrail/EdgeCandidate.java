package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An edge as proposed by a rule or a model, before the guardrail: any field may be missing.
 * Blank strings count as missing. JSON form (docs/schemas/edge.schema.json):
 * {@code {"src","kind","dst","rule_id","confidence","context_node_id","attributes":{}}}; a model
 * that writes {@code type} instead of {@code kind} is accepted.
 *
 * @param src source node id, or null
 * @param kind proposed kind, or null
 * @param dst destination node id, or null
 * @param ruleId the rule (or prompt) that produced it, or null
 * @param confidence the producer's confidence, or null (not range-checked here: stage 3 does)
 * @param contextNodeId the node the inference was about, or null
 * @param attributes extra string attributes, sorted by key
 */
public record EdgeCandidate(String src, String kind, String dst, String ruleId, Double confidence,
    String contextNodeId, Map<String, String> attributes) {

  public EdgeCandidate {
    src = blankToNull(src);
    kind = blankToNull(kind);
    dst = blankToNull(dst);
    ruleId = blankToNull(ruleId);
    contextNodeId = blankToNull(contextNodeId);
    attributes = attributes == null || attributes.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** A bare candidate. */
  public static EdgeCandidate of(String src, String kind, String dst) {
    return new EdgeCandidate(src, kind, dst, null, null, null, Map.of());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  public EdgeCandidate withSrc(String v) {
    return new EdgeCandidate(v, kind, dst, ruleId, confidence, contextNodeId, attributes);
  }

  public EdgeCandidate withKind(String v) {
    return new EdgeCandidate(src, v, dst, ruleId, confidence, contextNodeId, attributes);
  }

  public EdgeCandidate withDst(String v) {
    return new EdgeCandidate(src, kind, v, ruleId, confidence, contextNodeId, attributes);
  }

  public EdgeCandidate withRuleId(String v) {
    return new EdgeCandidate(src, kind, dst, v, confidence, contextNodeId, attributes);
  }

  public EdgeCandidate withConfidence(Double v) {
    return new EdgeCandidate(src, kind, dst, ruleId, v, contextNodeId, attributes);
  }

  public EdgeCandidate withContextNodeId(String v) {
    return new EdgeCandidate(src, kind, dst, ruleId, confidence, v, attributes);
  }

  /**
   * Parses the JSON form. Unknown top-level fields are ignored.
   *
   * @throws IllegalArgumentException naming a field of the wrong type
   */
  public static EdgeCandidate fromJson(JsonNode j) {
    if (j == null || !j.isObject()) {
      throw new IllegalArgumentException("an edge must be a JSON object");
    }
    String kind = text(j, "kind");
    if (kind == null) {
      kind = text(j, "type");
    }
    Double conf = null;
    JsonNode c = j.get("confidence");
    if (c != null && !c.isNull()) {
      if (!c.isNumber()) {
        throw new IllegalArgumentException("field 'confidence' must be a number, got " + c);
      }
      conf = c.doubleValue();
    }
    Map<String, String> attrs = new TreeMap<>();
    JsonNode a = j.get("attributes");
    if (a != null && !a.isNull()) {
      if (!a.isObject()) {
        throw new IllegalArgumentException("field 'attributes' must be an object");
      }
      for (Map.Entry<String, JsonNode> f : a.properties()) {
        if (f.getValue().isContainerNode() || f.getValue().isNull()) {
          throw new IllegalArgumentException("attributes." + f.getKey()
              + " must be a string, number or boolean");
        }
        attrs.put(f.getKey(), f.getValue().asText());
      }
    }
    return new EdgeCandidate(text(j, "src"), kind, text(j, "dst"), text(j, "rule_id"), conf,
        text(j, "context_node_id"), attrs);
  }

  private static String text(JsonNode j, String field) {
    JsonNode n = j.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string, got " + n);
    }
    return n.textValue();
  }

  /** The JSON form; missing fields are omitted. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    put(o, "src", src);
    put(o, "kind", kind);
    put(o, "dst", dst);
    put(o, "rule_id", ruleId);
    if (confidence != null) {
      if (Double.isFinite(confidence)) {
        o.put("confidence", confidence);
      } else {
        o.put("confidence", confidence.toString());
      }
    }
    put(o, "context_node_id", contextNodeId);
    if (!attributes.isEmpty()) {
      ObjectNode a = o.putObject("attributes");
      attributes.forEach(a::put);
    }
    return o;
  }

  private static void put(ObjectNode o, String f, String v) {
    if (v != null) {
      o.put(f, v);
    }
  }
}
