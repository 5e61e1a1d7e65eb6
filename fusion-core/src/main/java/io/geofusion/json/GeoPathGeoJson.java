package io.geofusion.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathArc;
import io.geofusion.fusion.GeoPathWaypoint;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GeoPath} as an RFC 7946 GeoJSON FeatureCollection for map rendering (QGIS, geojson.io,
 * Cesium's {@code GeoJsonDataSource}, Leaflet). Every feature has a {@code kind} property:
 *
 * <ul>
 *   <li>{@code vantage}: a Point at the vantage, when known;
 *   <li>{@code waypoint}: a Point per located hop, with the hop's facts as properties ({@code
 *       ttl}, {@code address}, {@code city}, {@code country_iso_code}, {@code
 *       accuracy_radius_km}, {@code asn}, {@code min_rtt_ms}, {@code rtt_bound_km}, {@code
 *       delta_km}, {@code flags}…);
 *   <li>{@code geoip_accuracy}: the 67 % accuracy circle of each located hop as a Polygon (a
 *       MultiPolygon when it crosses the antimeridian), built by {@link GeoCircle#polygon()};
 *   <li>{@code arc}: a LineString per {@link GeoPathArc} along the geodesic (points every
 *       {@value GeoPathArc#DEFAULT_STEP_KM} km), a MultiLineString cut at ±180° when it crosses
 *       the antimeridian (RFC 7946 §3.1.9).
 * </ul>
 *
 * <p>Unlocated hops have no geometry and are left out; each arc lists them in {@code
 * skipped_ttls}, and the JSON document ({@link GeoPathJson}) keeps them all. Positions are
 * {@code [lon, lat]}, rings counter-clockwise, no {@code crs} member ({@link GeoJson}).
 *
 * <p>Stateless and thread-safe; returns fresh mutable nodes owned by the caller.
 */
public final class GeoPathGeoJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private GeoPathGeoJson() {}

  /** The FeatureCollection of one path, accuracy circles included. */
  public static ObjectNode toGeoJson(GeoPath p) {
    return GeoJson.featureCollection(features(p, true));
  }

  /**
   * The features of one path, in drawing order: vantage, then per located hop its accuracy circle
   * (when {@code accuracyCircles}) and its point, then the arcs.
   */
  public static List<ObjectNode> features(GeoPath p, boolean accuracyCircles) {
    List<ObjectNode> out = new ArrayList<>();
    if (p.vantage() != null) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("kind", "vantage");
      props.put("source", p.source());
      props.put("destination", p.destination());
      out.add(GeoJson.feature(GeoJson.point(p.vantage()), props));
    }
    for (GeoPathWaypoint w : p.waypoints()) {
      if (!w.located()) {
        continue;
      }
      GeoIpLocation g = w.geoip();
      if (accuracyCircles) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("kind", "geoip_accuracy");
        props.put("ttl", w.ttl());
        props.put("address", w.address());
        props.put("radius_km", GeoPathJson.round(g.accuracyRadiusKm(), 10));
        props.put("probability", GeoIpLocation.RADIUS_CONFIDENCE);
        out.add(GeoJson.feature(GeoJson.geometry(
            GeoCircle.of(g.position(), g.accuracyRadiusKm()).polygon()), props));
      }
      out.add(GeoJson.feature(GeoJson.point(g.position()), waypointProperties(w)));
    }
    for (GeoPathArc a : p.arcs()) {
      ObjectNode geometry = arcGeometry(a);
      if (geometry == null) {
        continue; // both ends at the same place: nothing to draw
      }
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("kind", "arc");
      props.put("from_ttl", a.fromTtl());
      props.put("from_vantage", a.fromVantage());
      props.put("to_ttl", a.toTtl());
      props.put("distance_km", GeoPathJson.round(a.distanceKm(), 10));
      ArrayNode sk = F.arrayNode();
      a.skippedTtls().forEach(sk::add);
      props.put("skipped_ttls", sk);
      props.put("crosses_antimeridian", geometry.path("type").asText().startsWith("Multi"));
      out.add(GeoJson.feature(geometry, props));
    }
    return out;
  }

  private static Map<String, Object> waypointProperties(GeoPathWaypoint w) {
    GeoIpLocation g = w.geoip();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("kind", "waypoint");
    props.put("ttl", w.ttl());
    props.put("address", w.address());
    props.put("city", g.city());
    props.put("subdivision", g.subdivision());
    props.put("country_iso_code", g.countryIsoCode());
    props.put("accuracy_radius_km", GeoPathJson.round(g.accuracyRadiusKm(), 10));
    props.put("country_centroid", g.countryCentroid());
    props.put("asn", w.asn() == null ? null : w.asn().asn());
    props.put("as_organization", w.asn() == null ? null : w.asn().organization());
    props.put("min_rtt_ms", w.minRttMs() == null ? null : GeoPathJson.round(w.minRttMs(), 1000));
    props.put("rtt_bound_km",
        w.rttBoundKm() == null ? null : GeoPathJson.round(w.rttBoundKm(), 10));
    props.put("vantage_distance_km",
        w.vantageDistanceKm() == null ? null : GeoPathJson.round(w.vantageDistanceKm(), 10));
    props.put("delta_km", w.deltaKm() == null ? null : GeoPathJson.round(w.deltaKm(), 10));
    props.put("geoip_infeasible", w.geoipInfeasible());
    ArrayNode fl = F.arrayNode();
    w.flagNames().forEach(fl::add);
    props.put("flags", fl);
    return props;
  }

  /**
   * The arc's geometry: a LineString, a MultiLineString when cut at the antimeridian, or null
   * when nothing of at least two distinct positions (at 6-decimal precision) remains.
   */
  static ObjectNode arcGeometry(GeoPathArc a) {
    List<ArrayNode> lines = new ArrayList<>();
    for (List<LatLon> part : a.parts()) {
      if (distinctRounded(part) >= 2) {
        lines.add((ArrayNode) GeoJson.lineString(part).get("coordinates"));
      }
    }
    if (lines.isEmpty()) {
      return null;
    }
    ObjectNode g = F.objectNode();
    if (lines.size() == 1) {
      g.put("type", "LineString");
      g.set("coordinates", lines.get(0));
    } else {
      g.put("type", "MultiLineString");
      ArrayNode c = g.putArray("coordinates");
      lines.forEach(c::add);
    }
    return g;
  }

  private static int distinctRounded(List<LatLon> part) {
    int n = 0;
    double lastLat = Double.NaN;
    double lastLon = Double.NaN;
    for (LatLon p : part) {
      double lat = GeoJson.round(p.lat());
      double lon = GeoJson.round(p.lon());
      if (lat != lastLat || lon != lastLon) {
        n++;
        lastLat = lat;
        lastLon = lon;
      }
    }
    return n;
  }
}
