package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.graph.NodeKind;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The edge kinds inference may write, their aliases, and the observed-zone kinds it may not.
 *
 * <p>The bundled registry ({@link #bundled()}, file {@code edge-kinds.json} next to this class) is
 * seeded with the origin system's alias table (docs/architecture.md §7). Users extend it with their
 * own JSON of the same format ({@link #extendedWith}); docs/guardrail.md describes the format.
 * Immutable and thread-safe.
 *
 * <p>Kind names are compared after {@link #normalise normalisation}: upper case, every run of
 * characters other than A–Z and 0–9 replaced by one underscore, no leading/trailing underscore.
 */
public final class EdgeKindRegistry {

  static final String FORMAT = "geofusion-edge-kinds";

  private final Map<String, KindSpec> kinds;
  private final Map<String, String> aliases;
  private final Set<String> observedKinds;
  private final Set<String> observedMarkers;
  private final double similarityThreshold;

  /**
   * A valid inferred edge kind.
   *
   * @param kind the canonical name
   * @param src node kinds allowed at the source (empty = any)
   * @param dst node kinds allowed at the destination (empty = any)
   * @param description what the edge means, shown to repair models
   */
  public record KindSpec(String kind, Set<NodeKind> src, Set<NodeKind> dst, String description) {
    public KindSpec {
      if (kind == null || !kind.equals(normalise(kind)) || kind.isEmpty()) {
        throw new IllegalArgumentException("edge kind names must be non-empty UPPER_SNAKE_CASE, got '"
            + kind + "'");
      }
      src = src == null || src.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(src));
      dst = dst == null || dst.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(dst));
      description = description == null ? "" : description;
    }

    /** Whether a node of this kind may be the edge's source. */
    public boolean acceptsSrc(NodeKind k) {
      return src.isEmpty() || src.contains(k);
    }

    /** Whether a node of this kind may be the edge's destination. */
    public boolean acceptsDst(NodeKind k) {
      return dst.isEmpty() || dst.contains(k);
    }
  }

  private EdgeKindRegistry(Map<String, KindSpec> kinds, Map<String, String> aliases,
      Set<String> observedKinds, Set<String> observedMarkers, double threshold) {
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (!kinds.containsKey(a.getValue())) {
        throw new IllegalArgumentException("alias " + a.getKey() + " points to " + a.getValue()
            + ", which is not a declared kind");
      }
      if (kinds.containsKey(a.getKey())) {
        throw new IllegalArgumentException(a.getKey() + " is declared both as a kind and as an alias");
      }
    }
    for (String o : observedKinds) {
      if (kinds.containsKey(o) || aliases.containsKey(o)) {
        throw new IllegalArgumentException(o + " cannot be both observed-zone and inferable");
      }
    }
    for (String k : kinds.keySet()) {
      if (isMarked(k, observedMarkers)) {
        throw new IllegalArgumentException("kind " + k + " contains an observed-zone marker "
            + observedMarkers + "; inference could never write it");
      }
    }
    if (!(threshold > 0.0 && threshold <= 1.0)) {
      throw new IllegalArgumentException("similarity_threshold must be in (0, 1], got " + threshold);
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("an edge-kind registry needs at least one kind");
    }
    this.kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    this.observedKinds = Collections.unmodifiableSet(new TreeSet<>(observedKinds));
    this.observedMarkers = Collections.unmodifiableSet(new TreeSet<>(observedMarkers));
    this.similarityThreshold = threshold;
  }

  /** The registry shipped with GeoFusion (the origin's alias table). */
  public static EdgeKindRegistry bundled() {
    try (InputStream in = EdgeKindRegistry.class.getResourceAsStream("edge-kinds.json")) {
      if (in == null) {
        throw new IllegalStateException("bundled edge-kinds.json is missing from the jar");
      }
      return parse(JsonTrees.read(in), null, "bundled edge-kinds.json");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled edge-kinds.json", e);
    }
  }

  /**
   * A registry from a JSON file alone (not merged with the bundled one).
   *
   * @throws IOException if unreadable; IllegalArgumentException naming the file and problem
   */
  public static EdgeKindRegistry load(Path file) throws IOException {
    return parse(readFile(file), null, file.toString());
  }

  /**
   * This registry plus the kinds, aliases and observed kinds of {@code file}; entries in the file
   * win, and its {@code similarity_threshold}, if given, replaces this one.
   */
  public EdgeKindRegistry extendedWith(Path file) throws IOException {
    return parse(readFile(file), this, file.toString());
  }

  /** This registry plus entries given as a JSON tree of the registry format. */
  public EdgeKindRegistry extendedWith(JsonNode json) {
    return parse(json, this, "registry extension");
  }

  private static JsonNode readFile(Path file) throws IOException {
    try {
      return JsonTrees.read(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("edge-kind registry " + file + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static EdgeKindRegistry parse(JsonNode j, EdgeKindRegistry base, String where) {
    try {
      if (j == null || !j.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      if (j.has("format") && !FORMAT.equals(j.get("format").asText())) {
        throw new IllegalArgumentException("format must be '" + FORMAT + "'");
      }
      Map<String, KindSpec> kinds = new LinkedHashMap<>(base == null ? Map.of() : base.kinds);
      Map<String, String> aliases = new LinkedHashMap<>(base == null ? Map.of() : base.aliases);
      Set<String> observed = new TreeSet<>(base == null ? Set.of() : base.observedKinds);
      Set<String> markers = new TreeSet<>(base == null ? Set.of() : base.observedMarkers);
      double threshold = base == null ? 0.7 : base.similarityThreshold;
      for (JsonNode k : j.path("kinds")) {
        String name = k.path("kind").asText(null);
        kinds.put(name, new KindSpec(name, nodeKinds(k.get("src")), nodeKinds(k.get("dst")),
            k.path("description").asText("")));
      }
      for (Map.Entry<String, JsonNode> a : j.path("aliases").properties()) {
        aliases.put(normalise(a.getKey()), normalise(a.getValue().asText()));
      }
      for (JsonNode o : j.path("observed_kinds")) {
        observed.add(normalise(o.asText()));
      }
      for (JsonNode o : j.path("observed_markers")) {
        markers.add(normalise(o.asText()));
      }
      if (j.has("similarity_threshold")) {
        threshold = j.get("similarity_threshold").asDouble(Double.NaN);
      }
      return new EdgeKindRegistry(kinds, aliases, observed, markers, threshold);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("edge-kind registry " + where + ": " + e.getMessage(), e);
    }
  }

  private static Set<NodeKind> nodeKinds(JsonNode arr) {
    Set<NodeKind> out = EnumSet.noneOf(NodeKind.class);
    if (arr != null) {
      for (JsonNode n : arr) {
        out.add(NodeKind.parse(n.asText()));
      }
    }
    return out;
  }

  /**
   * Upper case, runs of characters outside [A-Z0-9] → one underscore, trimmed of underscores:
   * {@code "flow-to host "} → {@code FLOW_TO_HOST}. Returns "" for null.
   */
  public static String normalise(String kind) {
    if (kind == null) {
      return "";
    }
    String up = kind.toUpperCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(up.length());
    boolean sep = false;
    for (int i = 0; i < up.length(); i++) {
      char c = up.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        if (sep && b.length() > 0) {
          b.append('_');
        }
        sep = false;
        b.append(c);
      } else {
        sep = true;
      }
    }
    return b.toString();
  }

  /** The valid (canonical) kinds, sorted. */
  public Set<String> validKinds() {
    return kinds.keySet();
  }

  /** The spec of a canonical kind. */
  public Optional<KindSpec> spec(String kind) {
    return Optional.ofNullable(kinds.get(kind));
  }

  /** All kind specs, sorted by name. */
  public List<KindSpec> specs() {
    return new ArrayList<>(kinds.values());
  }

  /** Alias → canonical kind, sorted by alias. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Explicit observed-zone kinds. */
  public Set<String> observedKinds() {
    return observedKinds;
  }

  /** Tokens that mark any kind containing them as observed-zone (e.g. {@code OBSERVED}). */
  public Set<String> observedMarkers() {
    return observedMarkers;
  }

  /** Minimum similarity for a nearest-kind match, in (0, 1]. */
  public double similarityThreshold() {
    return similarityThreshold;
  }

  /** Whether a normalised kind belongs to the observed zone (listed, or carrying a marker token). */
  public boolean isObserved(String normalisedKind) {
    return observedKinds.contains(normalisedKind) || isMarked(normalisedKind, observedMarkers);
  }

  private static boolean isMarked(String kind, Set<String> markers) {
    for (String token : kind.split("_")) {
      if (markers.contains(token)) {
        return true;
      }
    }
    return false;
  }
}
