package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoJson;
import io.geofusion.geo.GeoPolygon;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.GeoRing;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes located hosts as an RFC 7946 FeatureCollection. Positions are [lon, lat] (RFC 7946
 * §3.1.1); rings are closed and counter-clockwise (§3.1.6). A confidence circle that crosses the
 * antimeridian is split into a MultiPolygon (§3.1.9) and one that covers a pole runs to it, as
 * {@link GeoCircle#polygon(int)} draws them; only a zero radius leaves the ring out, and then the
 * Point feature carries {@code "ring_omitted":true}.
 */
public final class HostsGeoJson {

  private HostsGeoJson() {}

  /**
   * Writes located hosts (e.g. {@code EntityGraph.hosts()}; hosts without a location are skipped):
   * one Point per host at its circle centre (or heaviest centroid) with its distribution and
   * evidence as properties, and, when {@code ringVertices ≥ 8}, its confidence circle as a
   * Polygon ring. {@code out} is not closed.
   *
   * @param ringVertices vertices per circle ring, 0 for no rings or at least 8
   * @throws IllegalArgumentException for another {@code ringVertices}
   */
  public static void write(OutputStream out, List<Node> hosts, int ringVertices)
      throws IOException {
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
        ConfidenceCircle c = loc.circle();
        LatLon at = c != null ? c.centre() : loc.bestGuess();
        GeoRegion ring = c != null && ringVertices > 0 ? ring(c, ringVertices) : null;
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
          g.writeStringField("type", ring.isMulti() ? "MultiPolygon" : "Polygon");
          g.writeArrayFieldStart("coordinates");
          for (GeoPolygon poly : ring.polygons()) {
            if (ring.isMulti()) {
              g.writeStartArray();
            }
            writeRing(g, poly.exterior());
            for (GeoRing hole : poly.holes()) {
              writeRing(g, hole);
            }
            if (ring.isMulti()) {
              g.writeEndArray();
            }
          }
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
      g.writeNumberField("probability", loc.circle().probability());
    }
    if (omitted) {
      g.writeBooleanField("ring_omitted", true);
    }
    if (feature.equals("host")) {
      g.writeArrayFieldStart("centroids");
      for (MixtureComponent c : loc.distribution().components()) {
        g.writeStartObject();
        g.writeNumberField("lat", c.mean().lat());
        g.writeNumberField("lon", c.mean().lon());
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

  private static void writeRing(JsonGenerator g, GeoRing ring) throws IOException {
    g.writeStartArray();
    for (LatLon p : ring.points()) {
      g.writeStartArray();
      g.writeNumber(GeoJson.round(p.lon()));
      g.writeNumber(GeoJson.round(p.lat()));
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  /** The circle as RFC 7946 polygons, or null for a zero radius (nothing to draw). */
  static GeoRegion ring(ConfidenceCircle c, int n) {
    if (c.radiusKm() <= 0) {
      return null;
    }
    return GeoCircle.of(c.centre(), c.radiusKm()).polygon(n);
  }
}
