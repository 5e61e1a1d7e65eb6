package io.geofusion.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a GeoJSON text or tree against the rules of RFC 7946 that matter for maps, and reports
 * every violation with a JSON-pointer-like location (e.g. {@code /features/3/geometry/coordinates/0}).
 * Reusable by any test: {@code GeoJsonRfc7946Validator.assertValid(json)}.
 *
 * <p>What it checks:
 *
 * <ul>
 *   <li>object types (§1.4): the root and every nested object is one of the nine GeoJSON types;
 *       a Feature has a {@code geometry} member (a geometry or null) and a {@code properties}
 *       member (an object or null), its {@code id} if present is a string or number (§3.2); a
 *       FeatureCollection has a {@code features} array of Features (§3.3); a
 *       GeometryCollection has a {@code geometries} array of geometries (§3.1.8), not Features;
 *   <li>no {@code crs} member anywhere (§4: WGS84 is implied; the member was removed);
 *   <li>positions (§3.1.1): arrays of 2 or 3 finite numbers, longitude first in [−180, 180],
 *       latitude second in [−90, 90] (swapped coordinates usually put a latitude-sized value
 *       in the longitude slot or vice versa and are caught when out of range);
 *   <li>coordinate array shapes of each geometry type (§3.1.2–3.1.7), LineStrings with ≥ 2
 *       positions;
 *   <li>linear rings (§3.1.6): ≥ 4 positions, closed (first equals last), non-zero area;
 *       the exterior ring counter-clockwise and holes clockwise (the right-hand rule), judged by
 *       the shoelace signed area in the lon/lat plane;
 *   <li>antimeridian (§3.1.9): no two consecutive positions of a line or ring more than 180° of
 *       longitude apart — such a segment means an unsplit crossing drawn the wrong way round
 *       the globe (a segment along a pole, both ends at the same latitude ±90, is exempt:
 *       that is how a cap over a pole is closed);
 *   <li>{@code bbox} (§5): 2·n numbers, south ≤ north.
 * </ul>
 *
 * <p>Not checked: ring self-intersection and hole containment (topology), the SHOULD on nesting
 * GeometryCollections, and winding of rings that enclose a pole (none is written unsplit here).
 */
public final class GeoJsonRfc7946Validator {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Set<String> GEOMETRY_TYPES = Set.of("Point", "MultiPoint", "LineString",
      "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection");

  private final List<String> violations = new ArrayList<>();

  private GeoJsonRfc7946Validator() {}

  /** Every violation found in {@code geoJson}; empty when it is valid. */
  public static List<String> validate(JsonNode geoJson) {
    GeoJsonRfc7946Validator v = new GeoJsonRfc7946Validator();
    v.root(geoJson);
    return List.copyOf(v.violations);
  }

  /** Parses {@code text} and validates it; a parse error is reported as one violation. */
  public static List<String> validate(String text) {
    try {
      return validate(MAPPER.readTree(text));
    } catch (IOException e) {
      return List.of("/: not JSON: " + e.getMessage());
    }
  }

  /** Throws an {@link AssertionError} listing every violation (at most 20 shown). */
  public static void assertValid(JsonNode geoJson) {
    List<String> v = validate(geoJson);
    if (!v.isEmpty()) {
      throw new AssertionError(v.size() + " RFC 7946 violation(s):\n  "
          + String.join("\n  ", v.subList(0, Math.min(20, v.size()))));
    }
  }

  /** {@link #assertValid(JsonNode)} for a text. */
  public static void assertValid(String text) {
    try {
      assertValid(MAPPER.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void fail(String at, String message) {
    violations.add((at.isEmpty() ? "/" : at) + ": " + message);
  }

  private void root(JsonNode n) {
    if (n == null || !n.isObject()) {
      fail("", "a GeoJSON text is a single object, got " + kind(n));
      return;
    }
    String type = n.path("type").asText(null);
    if ("FeatureCollection".equals(type)) {
      featureCollection(n, "");
    } else if ("Feature".equals(type)) {
      feature(n, "");
    } else {
      geometry(n, "");
    }
  }

  private void noCrs(JsonNode n, String at) {
    if (n.has("crs")) {
      fail(at, "has a 'crs' member; RFC 7946 §4 removed it (coordinates are always WGS84)");
    }
  }

  private void featureCollection(JsonNode n, String at) {
    noCrs(n, at);
    bbox(n, at);
    JsonNode fs = n.get("features");
    if (fs == null || !fs.isArray()) {
      fail(at, "a FeatureCollection needs a 'features' array (§3.3), got " + kind(fs));
      return;
    }
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String p = at + "/features/" + i;
      if (f == null || !f.isObject() || !"Feature".equals(f.path("type").asText(null))) {
        fail(p, "a FeatureCollection member must be a Feature (§3.3), got "
            + (f != null && f.isObject() ? "type " + f.path("type") : kind(f)));
        continue;
      }
      feature(f, p);
    }
  }

  private void feature(JsonNode n, String at) {
    noCrs(n, at);
    bbox(n, at);
    if (!n.has("geometry")) {
      fail(at, "a Feature needs a 'geometry' member (a geometry or null, §3.2)");
    } else if (!n.get("geometry").isNull()) {
      geometry(n.get("geometry"), at + "/geometry");
    }
    if (!n.has("properties")) {
      fail(at, "a Feature needs a 'properties' member (an object or null, §3.2)");
    } else if (!n.get("properties").isNull() && !n.get("properties").isObject()) {
      fail(at + "/properties", "must be an object or null, got " + kind(n.get("properties")));
    }
    if (n.has("id") && !n.get("id").isTextual() && !n.get("id").isNumber()) {
      fail(at + "/id", "must be a string or a number (§3.2), got " + kind(n.get("id")));
    }
  }

  private void geometry(JsonNode g, String at) {
    if (g == null || !g.isObject()) {
      fail(at, "a geometry must be an object, got " + kind(g));
      return;
    }
    noCrs(g, at);
    bbox(g, at);
    String type = g.path("type").asText(null);
    if (type == null || !GEOMETRY_TYPES.contains(type)) {
      fail(at, "unknown or missing geometry type " + g.path("type") + "; expected one of "
          + GEOMETRY_TYPES + " (or Feature/FeatureCollection at the top)");
      return;
    }
    if (type.equals("GeometryCollection")) {
      JsonNode gs = g.get("geometries");
      if (gs == null || !gs.isArray()) {
        fail(at, "a GeometryCollection needs a 'geometries' array (§3.1.8)");
        return;
      }
      for (int i = 0; i < gs.size(); i++) {
        geometry(gs.get(i), at + "/geometries/" + i);
      }
      return;
    }
    JsonNode c = g.get("coordinates");
    String cAt = at + "/coordinates";
    if (c == null || !c.isArray()) {
      fail(at, type + " needs a 'coordinates' array (§3.1), got " + kind(c));
      return;
    }
    switch (type) {
      case "Point" -> position(c, cAt);
      case "MultiPoint" -> each(c, cAt, this::position);
      case "LineString" -> line(c, cAt);
      case "MultiLineString" -> each(c, cAt, this::line);
      case "Polygon" -> polygon(c, cAt);
      case "MultiPolygon" -> each(c, cAt, this::polygon);
      default -> throw new IllegalStateException(type);
    }
  }

  private interface Check {
    void apply(JsonNode n, String at);
  }

  private void each(JsonNode arr, String at, Check check) {
    for (int i = 0; i < arr.size(); i++) {
      JsonNode m = arr.get(i);
      if (!m.isArray()) {
        fail(at + "/" + i, "expected an array, got " + kind(m));
        continue;
      }
      check.apply(m, at + "/" + i);
    }
  }

  /** True when the position is well-formed (problems reported). */
  private boolean position(JsonNode p, String at) {
    if (!p.isArray() || p.size() < 2 || p.size() > 3) {
      fail(at, "a position is [lon, lat] or [lon, lat, alt] (§3.1.1), got " + p);
      return false;
    }
    for (JsonNode x : p) {
      if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
        fail(at, "position members must be finite numbers, got " + p);
        return false;
      }
    }
    double lon = p.get(0).asDouble();
    double lat = p.get(1).asDouble();
    boolean ok = true;
    if (lon < -180 || lon > 180) {
      fail(at, String.format(Locale.ROOT, "longitude %s outside [-180, 180]%s", num(lon),
          Math.abs(lat) <= 180 && Math.abs(lon) <= 360 ? " (unwrapped longitude, or [lat, lon]"
              + " order? RFC 7946 §3.1.1 wants [lon, lat])" : ""));
      ok = false;
    }
    if (lat < -90 || lat > 90) {
      fail(at, String.format(Locale.ROOT, "latitude %s outside [-90, 90]%s", num(lat),
          Math.abs(lat) <= 180 && Math.abs(lon) <= 90 ? " (coordinates in [lat, lon] order?"
              + " RFC 7946 §3.1.1 wants [lon, lat])" : ""));
      ok = false;
    }
    return ok;
  }

  private void line(JsonNode c, String at) {
    if (c.size() < 2) {
      fail(at, "a LineString needs at least 2 positions (§3.1.4), got " + c.size());
    }
    positions(c, at);
  }

  /** Checks every position and the antimeridian rule; returns [lon, lat] pairs if all valid. */
  private double[][] positions(JsonNode c, String at) {
    double[][] pts = new double[c.size()][];
    boolean ok = true;
    for (int i = 0; i < c.size(); i++) {
      if (position(c.get(i), at + "/" + i)) {
        pts[i] = new double[] {c.get(i).get(0).asDouble(), c.get(i).get(1).asDouble()};
      } else {
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    for (int i = 1; i < pts.length; i++) {
      // Along a pole (lat ±90 at both ends) longitude is meaningless: polar caps close there.
      boolean alongPole = Math.abs(pts[i][1]) == 90.0 && pts[i][1] == pts[i - 1][1];
      if (Math.abs(pts[i][0] - pts[i - 1][0]) > 180.0 && !alongPole) {
        fail(at + "/" + i, String.format(Locale.ROOT, "jumps from longitude %s to %s: crosses"
            + " the antimeridian unsplit; cut it at ±180 (§3.1.9)", num(pts[i - 1][0]),
            num(pts[i][0])));
      }
    }
    return pts;
  }

  private void polygon(JsonNode rings, String at) {
    if (rings.size() == 0) {
      fail(at, "a Polygon needs at least its exterior ring (§3.1.6)");
    }
    for (int r = 0; r < rings.size(); r++) {
      String rAt = at + "/" + r;
      JsonNode ring = rings.get(r);
      if (!ring.isArray()) {
        fail(rAt, "a linear ring is an array of positions, got " + kind(ring));
        continue;
      }
      if (ring.size() < 4) {
        fail(rAt, "a linear ring needs at least 4 positions (§3.1.6), got " + ring.size());
      }
      double[][] pts = positions(ring, rAt);
      if (pts == null || pts.length < 2) {
        continue;
      }
      double[] first = pts[0];
      double[] last = pts[pts.length - 1];
      if (first[0] != last[0] || first[1] != last[1]) {
        fail(rAt, "a linear ring must be closed: first " + pair(first) + " != last "
            + pair(last) + " (§3.1.6)");
        continue;
      }
      double area = signedArea(pts);
      if (area == 0.0) {
        fail(rAt, "a linear ring with zero area (degenerate)");
      } else if (r == 0 && area < 0) {
        fail(rAt, "exterior ring is clockwise; RFC 7946 §3.1.6 wants counter-clockwise"
            + " (right-hand rule)");
      } else if (r > 0 && area > 0) {
        fail(rAt, "hole is counter-clockwise; RFC 7946 §3.1.6 wants holes clockwise");
      }
    }
  }

  /** Shoelace signed area in the lon/lat plane: positive for counter-clockwise. */
  static double signedArea(double[][] pts) {
    double s = 0;
    for (int i = 1; i < pts.length; i++) {
      s += pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1];
    }
    return s / 2.0;
  }

  private void bbox(JsonNode n, String at) {
    JsonNode b = n.get("bbox");
    if (b == null) {
      return;
    }
    if (!b.isArray() || (b.size() != 4 && b.size() != 6)) {
      fail(at + "/bbox", "must be an array of 2·n numbers (n = 2 or 3, §5), got " + b);
      return;
    }
    int dim = b.size() / 2;
    for (Iterator<JsonNode> it = b.elements(); it.hasNext(); ) {
      if (!it.next().isNumber()) {
        fail(at + "/bbox", "members must be numbers, got " + b);
        return;
      }
    }
    if (b.get(1).asDouble() > b.get(1 + dim).asDouble()) {
      fail(at + "/bbox", "south " + b.get(1) + " > north " + b.get(1 + dim) + " (§5)");
    }
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String pair(double[] p) {
    return "[" + num(p[0]) + ", " + num(p[1]) + "]";
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : String.valueOf(v);
  }

  /** Counts features by their {@code properties.kind} (a test convenience). */
  public static Map<String, Integer> kinds(JsonNode featureCollection) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (JsonNode f : featureCollection.path("features")) {
      out.merge(f.path("properties").path("kind").asText("?"), 1, Integer::sum);
    }
    return out;
  }
}
