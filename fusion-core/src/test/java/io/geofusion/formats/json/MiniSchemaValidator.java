package io.geofusion.formats.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON Schema (draft 2020-12) checker for the keywords our schemas use, so tests can
 * validate produced JSON without a new dependency. {@link #unsupportedKeywords} lists any keyword
 * a schema uses that this checker does not implement, so a schema can never silently outgrow it.
 * {@code format} is an annotation in 2020-12 and is not asserted; {@code title}/{@code description},
 * {@code deprecated} and the identifiers are annotations too.
 */
final class MiniSchemaValidator {

  static final Set<String> SUPPORTED = Set.of("$schema", "$id", "title", "description", "$defs",
      "type", "required", "properties", "items", "$ref", "const", "enum", "minimum", "maximum",
      "exclusiveMinimum", "minItems", "minLength", "anyOf", "format", "deprecated");

  private final Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, JsonNode> loaded = new HashMap<>();

  MiniSchemaValidator(Path schemaDir) {
    this.dir = schemaDir;
  }

  JsonNode schema(String file) {
    return loaded.computeIfAbsent(file, f -> {
      try {
        return mapper.readTree(Files.readString(dir.resolve(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Every keyword used anywhere in a schema that this checker does not implement. */
  List<String> unsupportedKeywords(String file) {
    List<String> out = new ArrayList<>();
    collect(schema(file), "", out);
    return out;
  }

  private void collect(JsonNode s, String at, List<String> out) {
    if (!s.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      String k = e.getKey();
      if (!SUPPORTED.contains(k)) {
        out.add(at + "/" + k);
      }
      if (k.equals("properties") || k.equals("$defs")) {
        for (Map.Entry<String, JsonNode> sub : e.getValue().properties()) {
          collect(sub.getValue(), at + "/" + k + "/" + sub.getKey(), out);
        }
      } else if (k.equals("items")) {
        collect(e.getValue(), at + "/items", out);
      } else if (k.equals("anyOf")) {
        for (int i = 0; i < e.getValue().size(); i++) {
          collect(e.getValue().get(i), at + "/anyOf/" + i, out);
        }
      }
    }
  }

  /** Validation errors of {@code instance} against schema file {@code file}; empty when valid. */
  List<String> validate(JsonNode instance, String file) {
    List<String> errors = new ArrayList<>();
    check(instance, schema(file), file, "$", errors);
    return errors;
  }

  private void check(JsonNode v, JsonNode s, String file, String at, List<String> errors) {
    if (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      int hash = ref.indexOf('#');
      String target = hash == 0 ? file : (hash < 0 ? ref : ref.substring(0, hash));
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      JsonNode resolved = schema(target).at(pointer);
      if (resolved.isMissingNode()) {
        errors.add(at + ": unresolvable $ref " + ref);
        return;
      }
      check(v, resolved, target, at, errors);
    }
    if (s.has("anyOf")) {
      boolean any = false;
      List<String> all = new ArrayList<>();
      for (JsonNode alt : s.get("anyOf")) {
        List<String> e = new ArrayList<>();
        check(v, alt, file, at, e);
        if (e.isEmpty()) {
          any = true;
          break;
        }
        all.addAll(e);
      }
      if (!any) {
        errors.add(at + ": matches no anyOf alternative " + all);
      }
    }
    if (s.has("type") && !typeMatches(v, s.get("type"))) {
      errors.add(at + ": expected type " + s.get("type") + ", got " + v.getNodeType());
      return;
    }
    if (s.has("const") && !s.get("const").equals(v)) {
      errors.add(at + ": expected " + s.get("const") + ", got " + v);
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode e : s.get("enum")) {
        found |= e.equals(v);
      }
      if (!found) {
        errors.add(at + ": " + v + " not in " + s.get("enum"));
      }
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (s.has("minimum") && d < s.get("minimum").doubleValue()) {
        errors.add(at + ": " + d + " < minimum " + s.get("minimum"));
      }
      if (s.has("maximum") && d > s.get("maximum").doubleValue()) {
        errors.add(at + ": " + d + " > maximum " + s.get("maximum"));
      }
      if (s.has("exclusiveMinimum") && d <= s.get("exclusiveMinimum").doubleValue()) {
        errors.add(at + ": " + d + " <= exclusiveMinimum " + s.get("exclusiveMinimum"));
      }
    }
    if (v.isTextual() && s.has("minLength") && v.asText().length() < s.get("minLength").asInt()) {
      errors.add(at + ": string shorter than " + s.get("minLength"));
    }
    if (v.isObject()) {
      if (s.has("required")) {
        for (JsonNode r : s.get("required")) {
          if (!v.has(r.asText())) {
            errors.add(at + ": missing required field '" + r.asText() + "'");
          }
        }
      }
      if (s.has("properties")) {
        for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) {
          if (v.has(p.getKey())) {
            check(v.get(p.getKey()), p.getValue(), file, at + "." + p.getKey(), errors);
          }
        }
      }
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
        errors.add(at + ": fewer than " + s.get("minItems") + " items");
      }
      if (s.has("items")) {
        for (int i = 0; i < v.size(); i++) {
          check(v.get(i), s.get("items"), file, at + "[" + i + "]", errors);
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode v, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(v, t)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asText()) {
      case "object": return v.isObject();
      case "array": return v.isArray();
      case "string": return v.isTextual();
      case "number": return v.isNumber();
      case "integer": return v.isIntegralNumber()
          || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
      case "boolean": return v.isBoolean();
      case "null": return v.isNull();
      default: throw new IllegalArgumentException("unknown JSON Schema type " + type);
    }
  }
}
