package io.geofusion.testing;

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
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft 2020-12) checker for the keywords our schemas use, so tests can
 * validate produced JSON without a new dependency. {@link #unsupportedKeywords} lists any keyword
 * a schema uses that this checker does not implement, so a schema can never silently outgrow it.
 * {@code format} is an annotation in 2020-12 and is not asserted; {@code title}/{@code description},
 * {@code deprecated}, {@code default} and the identifiers are annotations too. {@code pattern} is
 * matched with {@link java.util.regex.Pattern} (unanchored, as in JSON Schema), which agrees with
 * ECMA-262 for the simple classes our schemas use. Public so fusion-cli's tests can check what the
 * command line prints.
 */
public final class MiniSchemaValidator {

  static final Set<String> SUPPORTED = Set.of("$schema", "$id", "title", "description", "$defs",
      "type", "required", "properties", "items", "$ref", "const", "enum", "minimum", "maximum",
      "exclusiveMinimum", "minItems", "maxItems", "minLength", "maxLength", "pattern", "anyOf",
      "oneOf", "allOf", "if", "then", "else", "additionalProperties", "format", "deprecated", "default");

  /** Keywords whose value is one subschema, or an array of subschemas. */
  private static final Set<String> SUBSCHEMA = Set.of("items", "additionalProperties", "if",
      "then", "else");
  private static final Set<String> SUBSCHEMA_ARRAYS = Set.of("anyOf", "oneOf", "allOf");

  private final Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, JsonNode> loaded = new HashMap<>();

  /** A checker of the schemas in {@code schemaDir} (docs/schemas), loaded on first use. */
  public MiniSchemaValidator(Path schemaDir) {
    this.dir = schemaDir;
  }

  /** The parsed schema file {@code file} (a name inside the schema folder). */
  public JsonNode schema(String file) {
    return loaded.computeIfAbsent(file, f -> {
      try {
        return mapper.readTree(Files.readString(dir.resolve(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Every keyword used anywhere in a schema that this checker does not implement. */
  public List<String> unsupportedKeywords(String file) {
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
      } else if (SUBSCHEMA.contains(k)) {
        collect(e.getValue(), at + "/" + k, out);
      } else if (SUBSCHEMA_ARRAYS.contains(k)) {
        for (int i = 0; i < e.getValue().size(); i++) {
          collect(e.getValue().get(i), at + "/" + k + "/" + i, out);
        }
      }
    }
  }

  /** Validation errors of {@code instance} against schema file {@code file}; empty when valid. */
  public List<String> validate(JsonNode instance, String file) {
    return validate(instance, file, "");
  }

  /**
   * Validation errors of {@code instance} against the part of schema file {@code file} at JSON
   * pointer {@code pointer} (e.g. {@code /$defs/accepted}); empty when valid.
   */
  public List<String> validate(JsonNode instance, String file, String pointer) {
    JsonNode s = schema(file).at(pointer);
    if (s.isMissingNode()) {
      throw new IllegalArgumentException(file + " has nothing at " + pointer);
    }
    List<String> errors = new ArrayList<>();
    check(instance, s, file, "$", errors);
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
    if (s.has("oneOf")) {
      int matched = 0;
      List<String> all = new ArrayList<>();
      for (JsonNode alt : s.get("oneOf")) {
        List<String> e = new ArrayList<>();
        check(v, alt, file, at, e);
        matched += e.isEmpty() ? 1 : 0;
        all.addAll(e);
      }
      if (matched != 1) {
        errors.add(at + ": matches " + matched + " oneOf alternatives, not exactly one"
            + (matched == 0 ? " " + all : ""));
      }
    }
    if (s.has("allOf")) {
      for (JsonNode part : s.get("allOf")) {
        check(v, part, file, at, errors);
      }
    }
    if (s.has("if")) {
      List<String> e = new ArrayList<>();
      check(v, s.get("if"), file, at, e);
      JsonNode branch = e.isEmpty() ? s.get("then") : s.get("else");
      if (branch != null) {
        check(v, branch, file, at, errors);
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
    if (v.isTextual()) {
      String t = v.asText();
      int length = t.codePointCount(0, t.length());
      if (s.has("minLength") && length < s.get("minLength").asInt()) {
        errors.add(at + ": string shorter than " + s.get("minLength"));
      }
      if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
        errors.add(at + ": string longer than " + s.get("maxLength"));
      }
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(t).find()) {
        errors.add(at + ": '" + t + "' does not match pattern " + s.get("pattern"));
      }
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
      JsonNode extra = s.get("additionalProperties");
      if (extra != null) {
        for (Map.Entry<String, JsonNode> f : v.properties()) {
          if (s.has("properties") && s.get("properties").has(f.getKey())) {
            continue;
          }
          if (extra.isBoolean()) {
            if (!extra.asBoolean()) {
              errors.add(at + ": field '" + f.getKey() + "' is not allowed");
            }
          } else {
            check(f.getValue(), extra, file, at + "." + f.getKey(), errors);
          }
        }
      }
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
        errors.add(at + ": fewer than " + s.get("minItems") + " items");
      }
      if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
        errors.add(at + ": more than " + s.get("maxItems") + " items");
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
