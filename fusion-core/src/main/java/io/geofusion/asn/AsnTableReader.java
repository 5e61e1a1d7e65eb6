package io.geofusion.asn;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON table format of docs/asn-profiles.md, strictly: unknown keys, wrong types and
 * duplicate ASNs are errors, so a typo never silently falls back to a default.
 */
final class AsnTableReader {

  /** What one file holds; either part may be empty. */
  record Table(Map<AsnType, Double> typeDefaults, Map<Long, Entry> profiles) {}

  /** A profile as written; {@code routeStretch} is NaN when the file leaves it to the type. */
  record Entry(long asn, String name, AsnType type, double routeStretch) {}

  private static final Set<String> TOP_KEYS = Set.of("description", "version", "type_defaults",
      "profiles");
  private static final Set<String> ENTRY_KEYS = Set.of("asn", "name", "type", "route_stretch",
      "note");

  private AsnTableReader() {}

  static Table read(InputStream in, String source) throws InvalidAsnTableException {
    JsonNode root;
    try {
      root = JsonTrees.read(in);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
      throw new InvalidAsnTableException(source, "not valid JSON" + where + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidAsnTableException(source, "cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAsnTableException(source,
          "the table must be a JSON object with \"profiles\" and/or \"type_defaults\"", null);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP_KEYS.contains(k)) {
        throw new InvalidAsnTableException(source, "unknown key \"" + k + "\"; expected one of "
            + TOP_KEYS, null);
      }
    }
    if (root.has("version") && root.get("version").asInt(-1) != 1) {
      throw new InvalidAsnTableException(source, "unsupported version " + root.get("version")
          + "; this GeoFusion reads version 1", null);
    }
    Map<AsnType, Double> defaults = new EnumMap<>(AsnType.class);
    JsonNode td = root.path("type_defaults");
    if (!td.isMissingNode()) {
      if (!td.isObject()) {
        throw new InvalidAsnTableException(source, "\"type_defaults\" must be an object of"
            + " type name to route stretch", null);
      }
      for (Map.Entry<String, JsonNode> e : td.properties()) {
        String what = "type_defaults." + e.getKey();
        AsnType type = type(source, what, e.getKey());
        defaults.put(type, stretch(source, what, e.getValue()));
      }
    }
    Map<Long, Entry> profiles = new LinkedHashMap<>();
    JsonNode ps = root.path("profiles");
    if (!ps.isMissingNode()) {
      if (!ps.isArray()) {
        throw new InvalidAsnTableException(source, "\"profiles\" must be an array", null);
      }
      int i = 0;
      for (JsonNode p : ps) {
        String what = "profiles[" + i + "]";
        Entry e = entry(source, what, p);
        if (profiles.put(e.asn(), e) != null) {
          throw new InvalidAsnTableException(source, what + ": AS" + e.asn()
              + " is listed twice", null);
        }
        i++;
      }
    }
    return new Table(defaults, profiles);
  }

  private static Entry entry(String source, String what, JsonNode p)
      throws InvalidAsnTableException {
    if (!p.isObject()) {
      throw new InvalidAsnTableException(source, what + " must be an object", null);
    }
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ENTRY_KEYS.contains(k)) {
        throw new InvalidAsnTableException(source, what + ": unknown key \"" + k
            + "\"; expected one of " + ENTRY_KEYS, null);
      }
    }
    long asn = asn(source, what, p.get("asn"));
    what = what + " (AS" + asn + ")";
    JsonNode t = p.get("type");
    if (t == null || !t.isTextual()) {
      throw new InvalidAsnTableException(source, what + ": \"type\" is required, e.g. \"transit\"",
          null);
    }
    AsnType type = type(source, what, t.asText());
    JsonNode n = p.get("name");
    String name = n == null || n.isNull() ? "AS" + asn : n.asText();
    if (n != null && !n.isTextual() && !n.isNull()) {
      throw new InvalidAsnTableException(source, what + ": \"name\" must be a string", null);
    }
    if (name.isBlank()) {
      throw new InvalidAsnTableException(source, what + ": \"name\" is blank", null);
    }
    double s = p.has("route_stretch") ? stretch(source, what + ".route_stretch",
        p.get("route_stretch")) : Double.NaN;
    return new Entry(asn, name, type, s);
  }

  private static long asn(String source, String what, JsonNode v) throws InvalidAsnTableException {
    long asn;
    if (v != null && v.isIntegralNumber()) {
      asn = v.asLong();
    } else if (v != null && v.isTextual()
        && v.asText().toUpperCase(java.util.Locale.ROOT).matches("(AS)?[0-9]{1,10}")) {
      String digits = v.asText().replaceFirst("^(?i)as", "");
      asn = Long.parseLong(digits);
    } else {
      throw new InvalidAsnTableException(source, what + ": \"asn\" must be an AS number such as"
          + " 701 or \"AS701\", got " + v, null);
    }
    try {
      AsnProfile.checkAsn(asn);
    } catch (IllegalArgumentException e) {
      throw new InvalidAsnTableException(source, what + ": " + e.getMessage(), null);
    }
    return asn;
  }

  private static AsnType type(String source, String what, String name)
      throws InvalidAsnTableException {
    try {
      return AsnType.fromJsonName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidAsnTableException(source, what + ": " + e.getMessage(), null);
    }
  }

  private static double stretch(String source, String what, JsonNode v)
      throws InvalidAsnTableException {
    if (v == null || !v.isNumber()) {
      throw new InvalidAsnTableException(source, what + ": route stretch must be a number,"
          + " got " + v, null);
    }
    try {
      AsnProfile.checkStretch(what, v.asDouble());
    } catch (IllegalArgumentException e) {
      throw new InvalidAsnTableException(source, e.getMessage(), null);
    }
    return v.asDouble();
  }
}
