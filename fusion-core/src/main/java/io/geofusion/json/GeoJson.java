package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoPolygon;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.GeoRing;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 7946 GeoJSON as Jackson trees.
 *
 * <p>What it guarantees: positions are {@code [lon, lat]} (§3.1.1) rounded to 6 decimals
 * (≈ 0.11 m, the precision §11.2 suggests is ample); consecutive positions that become equal
 * after rounding are merged; exterior rings are written counter-clockwise and holes clockwise
 * (§3.1.6) whatever the input order; no {@code crs} member is written (§4: WGS84 is implied). It
 * does not split line strings at the antimeridian (regions from {@link GeoCircle#polygon(int)}
 * are already split) and does not validate polygon topology.
 *
 * <p>Stateless and thread-safe. The returned nodes are fresh, mutable Jackson objects owned by
 * the caller. Example:
 *
 * <pre>{@code
 * ObjectNode f = GeoJson.feature(GeoJson.geometry(GeoCircle.of(LatLon.of(52.37, 4.89), 300).polygon()),
 *     Map.of("radius_km", 300, "kind", "rtt_bound"));
 * String text = GeoJson.toJson(GeoJson.featureCollection(List.of(f)));
 * }</pre>
 */
public final class GeoJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final double SCALE = 1e6;

  private GeoJson() {}

  /** Rounds a coordinate to 6 decimals, as written. */
  public static double round(double degrees) {
    double r = Math.round(degrees * SCALE) / SCALE;
    return r == 0.0 ? 0.0 : r; // no "-0.0"
  }

  /** A Point geometry. */
  public static ObjectNode point(LatLon p) {
    ObjectNode g = geometryNode("Point");
    g.set("coordinates", position(p));
    return g;
  }

  /**
   * A LineString geometry.
   *
   * @throws IllegalArgumentException if fewer than two distinct positions remain after rounding
   */
  public static ObjectNode lineString(List<LatLon> positions) {
    List<double[]> pts = rounded(positions);
    if (pts.size() < 2) {
      throw new IllegalArgumentException("a LineString needs at least 2 distinct positions at"
          + " 6-decimal precision, got " + pts.size());
    }
    ObjectNode g = geometryNode("LineString");
    g.set("coordinates", array(pts));
    return g;
  }

  /** A Polygon geometry: exterior counter-clockwise, holes clockwise. */
  public static ObjectNode polygon(GeoPolygon polygon) {
    ObjectNode g = geometryNode("Polygon");
    g.set("coordinates", rings(polygon));
    return g;
  }

  /** A MultiPolygon geometry with one member per part, even when there is only one part. */
  public static ObjectNode multiPolygon(GeoRegion region) {
    ObjectNode g = geometryNode("MultiPolygon");
    ArrayNode polys = g.putArray("coordinates");
    for (GeoPolygon p : region.polygons()) {
      polys.add(rings(p));
    }
    return g;
  }

  /**
   * Whether {@link #geometry} can draw {@code region}: every ring keeps at least 4 distinct
   * positions at 6-decimal precision (a circle of a few decimetres does not).
   */
  public static boolean drawable(GeoRegion region) {
    for (GeoPolygon p : region.polygons()) {
      if (rounded(p.exterior().points()).size() < 4) {
        return false;
      }
      for (GeoRing h : p.holes()) {
        if (rounded(h.points()).size() < 4) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A Polygon for a one-part region, a MultiPolygon otherwise.
   *
   * @throws IllegalArgumentException if a ring collapses at 6-decimal precision (see {@link
   *     #drawable})
   */
  public static ObjectNode geometry(GeoRegion region) {
    return region.isMulti() ? multiPolygon(region) : polygon(region.polygons().get(0));
  }

  /** A Feature with no properties ({@code "properties": null} is not used; it writes {@code {}}). */
  public static ObjectNode feature(ObjectNode geometry) {
    return feature(geometry, Map.of());
  }

  /**
   * A Feature. Property values may be {@code null}, {@link String}, {@link Boolean}, {@link
   * Number}, {@link LatLon} (written as {@code {"lat":…,"lon":…}}), or a Jackson {@link
   * JsonNode}; use snake_case keys with units ({@code radius_km}).
   *
   * @param geometry a geometry node from this class, or {@code null} for an unlocated feature
   * @param properties the properties in iteration order; {@code null} writes {@code {}}
   * @throws IllegalArgumentException for a property value of another type, naming the key
   */
  public static ObjectNode feature(ObjectNode geometry, Map<String, ?> properties) {
    if (geometry != null && !geometry.has("coordinates")) {
      throw new IllegalArgumentException("feature geometry must be a GeoJSON geometry object with"
          + " coordinates, got " + geometry);
    }
    ObjectNode f = F.objectNode();
    f.put("type", "Feature");
    f.set("geometry", geometry == null ? F.nullNode() : geometry);
    ObjectNode props = f.putObject("properties");
    if (properties == null) {
      return f;
    }
    for (Map.Entry<String, ?> e : properties.entrySet()) {
      props.set(e.getKey(), value(e.getKey(), e.getValue()));
    }
    return f;
  }

  /**
   * A FeatureCollection.
   *
   * @throws IllegalArgumentException if a member is not a Feature object
   */
  public static ObjectNode featureCollection(List<? extends JsonNode> features) {
    ObjectNode fc = F.objectNode();
    fc.put("type", "FeatureCollection");
    ArrayNode arr = fc.putArray("features");
    int i = 0;
    for (JsonNode f : features) {
      arr.add(checkFeature(f, i++));
    }
    return fc;
  }

  private static JsonNode checkFeature(JsonNode f, int i) {
    if (f == null || !"Feature".equals(f.path("type").asText())) {
      throw new IllegalArgumentException("featureCollection member " + i
          + " is not a GeoJSON Feature; build it with GeoJson.feature(...)");
    }
    return f;
  }

  /** Compact JSON text of a node. */
  public static String toJson(JsonNode node) {
    return ProductJson.toJson(node);
  }

  /**
   * Streams a FeatureCollection to {@code out} (not closed), taking one feature at a time from
   * {@code features}, so a collection of any size is never held in memory whole.
   *
   * @throws IllegalArgumentException if a member is not a Feature object
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, Iterable<? extends JsonNode> features)
      throws IOException {
    try (JsonGenerator g = ProductJson.mapper().getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("type", "FeatureCollection");
      g.writeArrayFieldStart("features");
      int i = 0;
      for (JsonNode f : features) {
        g.writeTree(checkFeature(f, i++));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static ObjectNode geometryNode(String type) {
    ObjectNode g = F.objectNode();
    g.put("type", type);
    return g;
  }

  private static ArrayNode position(LatLon p) {
    ArrayNode a = F.arrayNode(2);
    a.add(round(p.lon()));
    a.add(round(p.lat()));
    return a;
  }

  private static List<double[]> rounded(List<LatLon> positions) {
    List<double[]> out = new ArrayList<>(positions.size());
    for (LatLon p : positions) {
      double[] xy = {round(p.lon()), round(p.lat())};
      if (out.isEmpty() || !java.util.Arrays.equals(out.get(out.size() - 1), xy)) {
        out.add(xy);
      }
    }
    return out;
  }

  private static ArrayNode array(List<double[]> pts) {
    ArrayNode a = F.arrayNode(pts.size());
    for (double[] xy : pts) {
      a.addArray().add(xy[0]).add(xy[1]);
    }
    return a;
  }

  private static ArrayNode rings(GeoPolygon polygon) {
    ArrayNode rings = F.arrayNode(1 + polygon.holes().size());
    rings.add(ring(polygon.exterior(), true, "exterior"));
    for (int i = 0; i < polygon.holes().size(); i++) {
      rings.add(ring(polygon.holes().get(i), false, "hole " + i));
    }
    return rings;
  }

  private static ArrayNode ring(GeoRing ring, boolean counterClockwise, String what) {
    List<double[]> pts = rounded(ring.points());
    if (pts.size() < 4) {
      throw new IllegalArgumentException("polygon " + what + " ring collapses to " + pts.size()
          + " positions at 6-decimal precision (need 4); draw it larger or with fewer vertices");
    }
    double s = 0;
    for (int i = 0; i + 1 < pts.size(); i++) {
      s += pts.get(i)[0] * pts.get(i + 1)[1] - pts.get(i + 1)[0] * pts.get(i)[1];
    }
    if ((s > 0) != counterClockwise) {
      java.util.Collections.reverse(pts);
    }
    return array(pts);
  }

  static JsonNode value(String key, Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof JsonNode n) {
      return n;
    }
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return F.numberNode(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (v instanceof BigDecimal b) {
      return F.numberNode(b);
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("property '" + key + "' is " + d
            + "; JSON has no NaN or infinity, use null");
      }
      return F.numberNode(d);
    }
    if (v instanceof LatLon p) {
      ObjectNode o = F.objectNode();
      o.put("lat", p.lat());
      o.put("lon", p.lon());
      return o;
    }
    throw new IllegalArgumentException("property '" + key + "' has unsupported type "
        + v.getClass().getName() + "; use String, Number, Boolean, LatLon, JsonNode or null");
  }
}
