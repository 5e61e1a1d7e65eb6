package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Lenient field access for recorded JSON, where numbers are sometimes strings (old firmware). */
final class Json {

  private Json() {}

  /** The text of a field, or null when absent, null or blank. Numbers are rendered as text. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  /** A numeric field (also accepting a numeric string), or NaN when absent or not a number. */
  static double num(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** An integral field, or {@code dflt} when absent, fractional or not a number. */
  static int integer(JsonNode node, String field, int dflt) {
    double d = num(node, field);
    if (Double.isNaN(d) || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      return dflt;
    }
    return (int) d;
  }

  /** An integral field as a boxed value, or null when absent. */
  static Integer optInt(JsonNode node, String field) {
    double d = num(node, field);
    if (Double.isNaN(d) || d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
      return null;
    }
    return (int) d;
  }

  /** True when the field is present and truthy (true, non-zero number, non-empty text). */
  static boolean truthy(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    return !v.asText().isEmpty();
  }

  /** Unix seconds to an Instant; null when absent, non-positive or absurd. */
  static Instant epochSeconds(double seconds) {
    if (!(seconds > 0) || seconds > 32503680000.0) { // after year 3000: not a real timestamp
      return null;
    }
    long s = (long) Math.floor(seconds);
    long nanos = Math.round((seconds - s) * 1e9);
    return Instant.ofEpochSecond(s, Math.min(nanos, 999_999_999L));
  }
}
