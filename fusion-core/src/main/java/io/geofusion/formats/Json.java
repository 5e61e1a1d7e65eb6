package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Lenient field access for recorded JSON, where numbers are sometimes strings (old firmware). */
final class Json {

  private Json() {}

  /** The text of a field, or null when absent, null or blank. Numbers are rendered as text. */
  static String text(JsonNode node, String field) {
    return text(node.get(field));
  }

  /** {@link #text(JsonNode, String)} of a field's value ({@code v}; null when absent). */
  static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  /** A numeric field (also accepting a numeric string), or NaN when absent or not a number. */
  static double num(JsonNode node, String field) {
    return num(node.get(field));
  }

  /** {@link #num(JsonNode, String)} of a field's value ({@code v}; null when absent). */
  static double num(JsonNode v) {
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
    return integer(node.get(field), dflt);
  }

  /** {@link #integer(JsonNode, String, int)} of a field's value ({@code v}; null when absent). */
  static int integer(JsonNode v, int dflt) {
    double d = num(v);
    if (Double.isNaN(d) || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      return dflt;
    }
    return (int) d;
  }

  /** An integral field as a boxed value, or null when absent. */
  static Integer optInt(JsonNode node, String field) {
    return optInt(node.get(field));
  }

  /** {@link #optInt(JsonNode, String)} of a field's value ({@code v}; null when absent). */
  static Integer optInt(JsonNode v) {
    double d = num(v);
    if (Double.isNaN(d) || d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
      return null;
    }
    return (int) d;
  }

  /** True when the field is present and truthy (true, non-zero number, non-empty text). */
  static boolean truthy(JsonNode node, String field) {
    return truthy(node.get(field));
  }

  /** {@link #truthy(JsonNode, String)} of a field's value ({@code v}; null when absent). */
  static boolean truthy(JsonNode v) {
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
