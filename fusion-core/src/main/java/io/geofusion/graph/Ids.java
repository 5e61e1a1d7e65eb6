package io.geofusion.graph;

import java.util.Map;
import java.util.TreeMap;

/** Argument checks shared by the value types. */
final class Ids {
  static final int MAX_ID_LENGTH = 512;

  private Ids() {}

  static String requireId(String what, String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-blank id, got "
          + (id == null ? "null" : "'" + id + "'"));
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(what + " is longer than " + MAX_ID_LENGTH
          + " characters: '" + id.substring(0, 40) + "…'");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(what + " contains a control character at index " + i
            + ": '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
      }
    }
    return id;
  }

  /** An id with a known prefix must agree with the declared kind. */
  static void requirePrefixMatches(String id, NodeKind kind) {
    NodeKind implied = NodeKind.ofId(id);
    if (implied != NodeKind.OTHER && implied != kind) {
      throw new IllegalArgumentException("node id " + id + " has the prefix '" + implied.prefix()
          + ":' but is declared as a " + kind.prefix() + "; fix the id or the kind");
    }
  }

  static String requireKind(String kind) {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("edge kind must be non-blank, got "
          + (kind == null ? "null" : "'" + kind + "'"));
    }
    for (int i = 0; i < kind.length(); i++) {
      char c = kind.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException("edge kind must not contain whitespace or control "
            + "characters, got '" + kind + "'");
      }
    }
    return kind;
  }

  static double requireUnit(String what, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
    }
    return v;
  }

  /** An immutable, key-sorted copy (sorted so JSON and equality are deterministic). */
  static Map<String, String> attributes(Map<String, String> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (Map.Entry<String, String> e : in.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException("attribute keys must be non-blank and values non-null, "
            + "got " + e.getKey() + "=" + e.getValue());
      }
      m.put(e.getKey(), e.getValue());
    }
    if (m.size() == 1) { // the common case (rule_id): a much smaller immutable map
      Map.Entry<String, String> only = m.firstEntry();
      return java.util.Collections.singletonMap(only.getKey(), only.getValue());
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  static Map<String, Double> evidence(Map<String, Double> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, Double> m = new TreeMap<>();
    for (Map.Entry<String, Double> e : in.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException("evidence keys must be non-blank and scores non-null");
      }
      m.put(e.getKey(), requireUnit("evidence score '" + e.getKey() + "'", e.getValue()));
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
