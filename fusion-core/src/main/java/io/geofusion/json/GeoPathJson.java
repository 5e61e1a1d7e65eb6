package io.geofusion.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathArc;
import io.geofusion.fusion.GeoPathWaypoint;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import java.time.Instant;

/**
 * The JSON document of a {@link GeoPath} ({@code "type": "GEO_PATH"}), snake_case with units in
 * the names; the shape is documented field by field in docs/geo-path.md. Distances are rounded
 * to 0.1 km, RTTs to 0.001 ms, coordinates to 6 decimals (≈ 0.11 m). Absent values are JSON
 * {@code null}, never left out, so consumers see every field of every waypoint.
 *
 * <p>Stateless and thread-safe; returns fresh mutable nodes owned by the caller.
 */
public final class GeoPathJson {

  /** The {@code type} of the document. */
  public static final String TYPE = "GEO_PATH";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private GeoPathJson() {}

  /** The whole document: path facts, {@code waypoints}, {@code arcs}, {@code anomalies}. */
  public static ObjectNode toJson(GeoPath p) {
    ObjectNode o = F.objectNode();
    o.put("type", TYPE);
    o.put("source", p.source());
    o.put("destination", p.destination());
    o.put("destination_reached", p.destinationReached());
    o.set("vantage", p.vantage() == null ? F.nullNode() : latLon(p.vantage()));
    o.put("distance_model", p.distanceModel());
    o.put("local_delay_ms", p.localDelayMs());
    o.put("feasibility_checked", p.vantage() != null);
    ArrayNode ws = o.putArray("waypoints");
    for (GeoPathWaypoint w : p.waypoints()) {
      ws.add(waypoint(w));
    }
    ArrayNode as = o.putArray("arcs");
    for (GeoPathArc a : p.arcs()) {
      as.add(arc(a));
    }
    ArrayNode an = o.putArray("anomalies");
    p.anomalies().forEach(an::add);
    if (!p.infeasibleWaypoints().isEmpty()) {
      an.add(GeoPathWaypoint.GEOIP_INFEASIBLE);
    }
    return o;
  }

  /**
   * The document of a recorded or measured path as {@code geo-path --json} lists it and the
   * server returns it: {@code type} first, then {@code vantage_id}, {@code started_at} (ISO-8601)
   * and {@code source_format} (null when unknown), then the fields of {@link #toJson}.
   *
   * @param p the located path
   * @param vantageId the id of the vantage that traced it, or null
   * @param startedAt when the trace started, or null
   * @param sourceFormat the format it was read from (e.g. {@code RIPE_ATLAS}), or null
   * @return a fresh node
   */
  public static ObjectNode document(GeoPath p, String vantageId, Instant startedAt,
      String sourceFormat) {
    ObjectNode doc = toJson(p);
    ObjectNode out = F.objectNode();
    out.set("type", doc.remove("type"));
    out.put("vantage_id", vantageId);
    out.put("started_at", startedAt == null ? null : startedAt.toString());
    out.put("source_format", sourceFormat);
    out.setAll(doc);
    return out;
  }

  /** One waypoint. */
  public static ObjectNode waypoint(GeoPathWaypoint w) {
    ObjectNode o = F.objectNode();
    o.put("ttl", w.ttl());
    o.put("address", w.address());
    o.put("address_class", w.addressClass() == null ? null : w.addressClass().jsonName());
    o.put("located", w.located());
    GeoIpLocation g = w.geoip();
    if (g == null) {
      o.putNull("geoip");
    } else {
      ObjectNode j = o.putObject("geoip");
      j.put("lat", round(g.position().lat(), 1e6));
      j.put("lon", round(g.position().lon(), 1e6));
      j.put("accuracy_radius_km", round(g.accuracyRadiusKm(), 10));
      j.put("country_centroid", g.countryCentroid());
      j.put("city", g.city());
      j.put("subdivision", g.subdivision());
      j.put("country_iso_code", g.countryIsoCode());
      j.put("network", g.network().toString());
      j.put("source", g.source());
    }
    AsnInfo a = w.asn();
    if (a == null) {
      o.putNull("asn");
    } else {
      o.putObject("asn").put("number", a.asn()).put("organization", a.organization());
    }
    putRounded(o, "min_rtt_ms", w.minRttMs(), 1000);
    putRounded(o, "rtt_bound_km", w.rttBoundKm(), 10);
    putRounded(o, "vantage_distance_km", w.vantageDistanceKm(), 10);
    putRounded(o, "delta_km", w.deltaKm(), 10);
    o.put("geoip_infeasible", w.geoipInfeasible());
    ArrayNode fl = o.putArray("flags");
    w.flagNames().forEach(fl::add);
    return o;
  }

  /** One arc (its ends and length; geometry is in the GeoJSON). */
  public static ObjectNode arc(GeoPathArc a) {
    ObjectNode o = F.objectNode();
    if (a.fromTtl() == null) {
      o.putNull("from_ttl");
    } else {
      o.put("from_ttl", a.fromTtl());
    }
    o.put("from_vantage", a.fromVantage());
    o.put("to_ttl", a.toTtl());
    o.set("from", latLon(a.from()));
    o.set("to", latLon(a.to()));
    o.put("distance_km", round(a.distanceKm(), 10));
    ArrayNode sk = o.putArray("skipped_ttls");
    a.skippedTtls().forEach(sk::add);
    o.put("crosses_antimeridian", a.crossesAntimeridian());
    return o;
  }

  static ObjectNode latLon(LatLon p) {
    return F.objectNode().put("lat", round(p.lat(), 1e6)).put("lon", round(p.lon(), 1e6));
  }

  private static void putRounded(ObjectNode o, String key, Double v, double scale) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.put(key, round(v, scale));
    }
  }

  static double round(double v, double scale) {
    double r = Math.round(v * scale) / scale;
    return r == 0.0 ? 0.0 : r;
  }
}
