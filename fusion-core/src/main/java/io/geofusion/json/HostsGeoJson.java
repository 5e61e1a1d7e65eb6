package io.geofusion.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes located hosts as an RFC 7946 FeatureCollection ({@link GeoJson}: positions [lon, lat]
 * rounded to 6 decimals, rings closed and counter-clockwise). A confidence circle that crosses the
 * antimeridian is split into a MultiPolygon (§3.1.9) and one that covers a pole runs to it, as
 * {@link GeoCircle#polygon(int)} draws them; only a circle too small to draw (zero radius, or a
 * few decimetres) leaves the ring out, and then the Point feature carries
 * {@code "ring_omitted":true}.
 */
public final class HostsGeoJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private HostsGeoJson() {}

  /**
   * Writes located hosts (e.g. {@code EntityGraph.hosts()}; hosts without a location are skipped):
   * one Point per host at its circle centre (or heaviest centroid) with {@code node},
   * {@code feature: "host"}, {@code uncertainty_km}, the circle's {@code radius_km} and
   * {@code probability}, {@code centroids} and {@code evidence} as properties, and, when
   * {@code ringVertices ≥ 8}, its confidence circle as a Polygon ({@code feature:
   * "confidence_circle"}). Features are built one host at a time; {@code out} is not closed.
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
    Iterable<ObjectNode> features = () -> hosts.stream().filter(h -> h.location() != null)
        .flatMap(h -> features(h, ringVertices).stream()).iterator();
    GeoJson.write(out, features);
  }

  private static List<ObjectNode> features(Node h, int ringVertices) {
    HostLocation loc = h.location();
    ConfidenceCircle c = loc.circle();
    LatLon at = c != null ? c.centre() : loc.bestGuess();
    GeoRegion ring = c != null && ringVertices > 0 ? ring(c, ringVertices) : null;
    boolean omitted = c != null && ringVertices > 0 && ring == null;
    List<ObjectNode> out = new ArrayList<>(2);
    out.add(GeoJson.feature(GeoJson.point(at), properties(h, "host", omitted)));
    if (ring != null) {
      out.add(GeoJson.feature(GeoJson.geometry(ring),
          properties(h, "confidence_circle", false)));
    }
    return out;
  }

  private static Map<String, Object> properties(Node h, String feature, boolean omitted) {
    HostLocation loc = h.location();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("node", h.id());
    p.put("feature", feature);
    p.put("uncertainty_km", loc.uncertaintyKm());
    if (loc.circle() != null) {
      p.put("radius_km", loc.circle().radiusKm());
      p.put("probability", loc.circle().probability());
    }
    if (omitted) {
      p.put("ring_omitted", true);
    }
    if (feature.equals("host")) {
      ArrayNode cs = F.arrayNode();
      for (MixtureComponent c : loc.distribution().components()) {
        cs.addObject().put("lat", c.mean().lat()).put("lon", c.mean().lon())
            .put("weight", c.weight());
      }
      p.put("centroids", cs);
      if (!h.evidence().isEmpty()) {
        ObjectNode ev = F.objectNode();
        h.evidence().forEach(ev::put);
        p.put("evidence", ev);
      }
    }
    return p;
  }

  /** The circle as RFC 7946 polygons, or null when it is too small to draw. */
  private static GeoRegion ring(ConfidenceCircle c, int n) {
    if (c.radiusKm() <= 0) {
      return null;
    }
    GeoRegion r = GeoCircle.of(c.centre(), c.radiusKm()).polygon(n);
    return GeoJson.drawable(r) ? r : null;
  }
}
