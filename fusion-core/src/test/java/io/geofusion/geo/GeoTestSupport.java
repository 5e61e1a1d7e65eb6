package io.geofusion.geo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

/** Test helpers: read our GeoJSON back into JTS to check OGC validity independently. */
public final class GeoTestSupport {

  private static final GeometryFactory GF = new GeometryFactory();

  private GeoTestSupport() {}

  /** JTS's OGC validity error of a GeoJSON Polygon or MultiPolygon geometry, or null if valid. */
  public static String validityErrorOf(JsonNode geometry) {
    return validityError(jts(geometry));
  }

  /** Parses a GeoJSON Polygon or MultiPolygon geometry node into JTS. */
  static Geometry jts(JsonNode geometry) {
    String type = geometry.get("type").asText();
    JsonNode c = geometry.get("coordinates");
    if (type.equals("Polygon")) {
      return polygon(c);
    }
    if (type.equals("MultiPolygon")) {
      Polygon[] ps = new Polygon[c.size()];
      for (int i = 0; i < c.size(); i++) {
        ps[i] = polygon(c.get(i));
      }
      return GF.createMultiPolygon(ps);
    }
    throw new AssertionError("not a polygonal geometry: " + type);
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = ring(rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i));
    }
    return GF.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode positions) {
    List<Coordinate> cs = new ArrayList<>();
    for (JsonNode p : positions) {
      cs.add(new Coordinate(p.get(0).asDouble(), p.get(1).asDouble()));
    }
    return GF.createLinearRing(cs.toArray(new Coordinate[0]));
  }

  /** The OGC validity error of a geometry, or null when valid. */
  static String validityError(Geometry g) {
    IsValidOp op = new IsValidOp(g);
    return op.isValid() ? null : op.getValidationError().toString();
  }

  /** Signed planar area (shoelace, lon/lat) of a GeoJSON ring. */
  public static double signedArea(JsonNode ring) {
    double s = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      s += ring.get(i).get(0).asDouble() * ring.get(i + 1).get(1).asDouble()
          - ring.get(i + 1).get(0).asDouble() * ring.get(i).get(1).asDouble();
    }
    return s / 2;
  }
}
