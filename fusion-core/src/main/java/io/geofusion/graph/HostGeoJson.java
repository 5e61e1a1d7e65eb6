package io.geofusion.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes located hosts as an RFC 7946 FeatureCollection. Positions are [lon, lat] (RFC 7946
 * §3.1.1); rings are closed and counter-clockwise (§3.1.6). A ring that would cross the
 * antimeridian or enclose a pole is not written (RFC 7946 §3.1.9 asks for splitting, which this
 * writer does not do); its Point feature carries {@code "ring_omitted":true} instead.
 */
final class HostGeoJson {

  private HostGeoJson() {}

  static void write(OutputStream out, List<Node> hosts, int ringVertices) throws IOException {
    if (ringVertices != 0 && ringVertices < 8) {
      throw new IllegalArgumentException("ring vertices must be 0 (no rings) or >= 8, got "
          + ringVertices);
    }
    try (JsonGenerator g = GraphJson.FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("type", "FeatureCollection");
      g.writeArrayFieldStart("features");
      for (Node h : hosts) {
        HostLocation loc = h.location();
        if (loc == null) {
          continue;
        }
        HostLocation.ConfidenceCircle c = loc.circle();
        LatLon at = c != null ? c.centre() : loc.bestGuess();
        double[][] ring = c != null && ringVertices > 0 ? ring(c, ringVertices) : null;
        boolean omitted = c != null && ringVertices > 0 && ring == null;
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeObjectFieldStart("geometry");
        g.writeStringField("type", "Point");
        g.writeArrayFieldStart("coordinates");
        g.writeNumber(at.lon());
        g.writeNumber(at.lat());
        g.writeEndArray();
        g.writeEndObject();
        writeProperties(g, h, "host", omitted);
        g.writeEndObject();
        if (ring != null) {
          g.writeStartObject();
          g.writeStringField("type", "Feature");
          g.writeObjectFieldStart("geometry");
          g.writeStringField("type", "Polygon");
          g.writeArrayFieldStart("coordinates");
          g.writeStartArray();
          for (double[] p : ring) {
            g.writeStartArray();
            g.writeNumber(p[0]);
            g.writeNumber(p[1]);
            g.writeEndArray();
          }
          g.writeEndArray();
          g.writeEndArray();
          g.writeEndObject();
          writeProperties(g, h, "confidence_circle", false);
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeProperties(JsonGenerator g, Node h, String feature, boolean omitted)
      throws IOException {
    HostLocation loc = h.location();
    g.writeObjectFieldStart("properties");
    g.writeStringField("node", h.id());
    g.writeStringField("feature", feature);
    g.writeNumberField("uncertainty_km", loc.uncertaintyKm());
    if (loc.circle() != null) {
      g.writeNumberField("radius_km", loc.circle().radiusKm());
      g.writeNumberField("mass", loc.circle().mass());
    }
    if (omitted) {
      g.writeBooleanField("ring_omitted", true);
    }
    if (feature.equals("host")) {
      g.writeArrayFieldStart("centroids");
      for (HostLocation.Centroid c : loc.centroids()) {
        g.writeStartObject();
        g.writeNumberField("lat", c.position().lat());
        g.writeNumberField("lon", c.position().lon());
        g.writeNumberField("weight", c.weight());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!h.evidence().isEmpty()) {
        g.writeObjectFieldStart("evidence");
        for (Map.Entry<String, Double> e : h.evidence().entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  /** Counter-clockwise closed ring of geodesic destinations, or null if it wraps or holds a pole. */
  static double[][] ring(HostLocation.ConfidenceCircle c, int n) {
    if (c.radiusKm() <= 0) {
      return null;
    }
    double[][] pts = new double[n + 1][];
    for (int i = 0; i < n; i++) {
      // Bearings decrease so the ring runs counter-clockwise seen from above.
      LatLon p = Geodesy.destination(c.centre(), 360.0 - 360.0 * i / n, c.radiusKm());
      pts[i] = new double[] {p.lon(), p.lat()};
      if (i > 0 && Math.abs(pts[i][0] - pts[i - 1][0]) > 180.0) {
        return null;
      }
    }
    if (Math.abs(pts[n - 1][0] - pts[0][0]) > 180.0) {
      return null;
    }
    pts[n] = pts[0];
    return pts;
  }
}
