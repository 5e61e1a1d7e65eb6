package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoEllipse;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON forms of a {@link FusionResult}: the host-location document
 * (docs/schemas/host-location.schema.json: {@code node}, {@code location_distribution} with
 * {@code type}, {@code centroids[]} and {@code uncertainty_km}, {@code evidence}, plus richer
 * fields — the estimate, covariances, the 90 % circle as {@code location_distribution.circle},
 * both circles as {@code confidence_circles[]}, alerts, host class, diagnostics), written by the
 * same code as the graph's node lines, and RFC 7946 GeoJSON ({@code [lon, lat]} order,
 * counter-clockwise rings, no {@code crs}).
 *
 * <p>Numbers are rounded for people: degrees to 5 decimals (≈ 1 m), weights to 4, km and km² to
 * 0.1, scores to 3. Stateless and thread-safe; returns fresh mutable nodes owned by the caller.
 */
public final class FusionJson {

  private static final int RING_VERTICES = 72;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FusionJson() {}

  /**
   * The host-location document. When the engine abstained (no evidence) the document says so
   * without inventing a place: {@code abstained: true}, {@code estimate: null},
   * {@code location_distribution.centroids: []} with {@code uncertainty_km} 20 003.9 (the
   * antipodal distance: anywhere on Earth) and no {@code circle}; the schema accepts empty
   * centroids only in that form.
   */
  public static ObjectNode toJson(FusionResult r) {
    return ProductJson.tree(g -> write(g, r));
  }

  /**
   * The result as one NDJSON line (no terminator), the {@code HOST_LOCATION} event of
   * {@link HostReportJson#event(ObjectNode)}: what {@code geofusion triangulate --ndjson}
   * prints and the Spark job writes, made here once so every batch front end writes the same
   * line.
   */
  public static String ndjsonLine(FusionResult r) {
    return ProductJson.toJson(HostReportJson.event(toJson(r)));
  }

  private static void write(JsonGenerator g, FusionResult r) throws IOException {
    LocationJson.Precision p = LocationJson.Precision.ROUNDED;
    g.writeStartObject();
    g.writeStringField("node", "host:" + r.entity());
    if (r instanceof FusionResult.Located l) {
      g.writeObjectFieldStart("estimate");
      g.writeNumberField("lat", round(l.estimate().lat(), 5));
      g.writeNumberField("lon", round(l.estimate().lon(), 5));
      g.writeEndObject();
      // The 90 % circle under the names every host-location writer shares, so a line of this
      // document loads into the graph with its circle.
      LocationJson.writeDistribution(g, l.distribution(), l.circle90(), p);
      writeCircles(g, l.circle50().radiusKm(), l.circle90().radiusKm());
    } else {
      // No place is invented: no estimate, no centroids, circles that cover the whole Earth.
      g.writeNullField("estimate");
      LocationJson.writeNoDistribution(g, p);
      writeCircles(g, Geodesy.MAX_DISTANCE_KM, Geodesy.MAX_DISTANCE_KM);
    }
    g.writeObjectFieldStart("evidence");
    for (Map.Entry<String, Double> e : r.evidence().entrySet()) {
      g.writeNumberField(e.getKey(), round(e.getValue(), 3));
    }
    g.writeEndObject();
    LocationJson.writeAlerts(g, r.alerts(), p);
    LocationJson.writeHostClass(g, r.hostClass(), p);
    g.writeBooleanField("abstained", r instanceof FusionResult.Abstained);
    // An abstention computed no posterior: its diagnostics are all zero.
    FusionResult.Diagnostics d = r instanceof FusionResult.Located l ? l.diagnostics()
        : new FusionResult.Diagnostics(0, 0, 0, 0.0, 0.0);
    g.writeObjectFieldStart("diagnostics");
    g.writeNumberField("vantages_used", d.vantagesUsed());
    g.writeNumberField("cells_evaluated", d.cellsEvaluated());
    g.writeNumberField("grid_levels", d.levels());
    g.writeNumberField("finest_cell_deg", d.finestCellDeg());
    g.writeNumberField("geoip_weight", round(d.geoIpWeight(), 4));
    g.writeEndObject();
    g.writeEndObject();
  }

  /** The {@code confidence_circles} array: the 50 % and the 90 % circle's radius. */
  private static void writeCircles(JsonGenerator g, double radius50Km, double radius90Km)
      throws IOException {
    g.writeArrayFieldStart("confidence_circles");
    double[][] circles = {{0.5, radius50Km}, {0.9, radius90Km}};
    for (double[] c : circles) {
      g.writeStartObject();
      g.writeNumberField("probability", c[0]);
      g.writeNumberField("radius_km", round(c[1], 1));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A GeoJSON FeatureCollection of {@link #geoJsonFeatures}. */
  public static ObjectNode toGeoJson(FusionResult r, List<VantageObservation> vantages,
      RttLikelihoodModel model) {
    return GeoJson.featureCollection(geoJsonFeatures(r, vantages, model));
  }

  /**
   * The GeoJSON features of a result, each with a {@code kind} property: the {@code estimate}
   * (Point), the 50 % and 90 % {@code confidence_circle}s, one 2-σ {@code mixture_component}
   * ellipse per component, and each vantage's hard RTT disk ({@code vantage_disk}, radius
   * {@code maxDistanceKm} from the model) when {@code vantages} is not empty. An abstained result
   * is one unlocated Feature ({@code geometry: null}, {@code properties.abstained: true}).
   */
  public static List<ObjectNode> geoJsonFeatures(FusionResult r,
      List<VantageObservation> vantages, RttLikelihoodModel model) {
    List<ObjectNode> fs = new ArrayList<>();
    ObjectNode p = feature(fs, "estimate");
    if (!(r instanceof FusionResult.Located l)) {
      // An unlocated Feature (RFC 7946 §3.2: geometry null), not a point at (0, 0).
      p.putNull("geometry");
      ((ObjectNode) p.get("properties")).put("abstained", true);
      return fs;
    }
    ObjectNode g = p.putObject("geometry");
    g.put("type", "Point");
    g.putArray("coordinates").add(round(l.estimate().lon(), 6)).add(round(l.estimate().lat(), 6));
    for (ConfidenceCircle c : List.of(l.circle50(), l.circle90())) {
      ObjectNode f = feature(fs, "confidence_circle");
      ((ObjectNode) f.get("properties")).put("probability", c.probability())
          .put("radius_km", round(c.radiusKm(), 1));
      ring(f, c.centre(), c.radiusKm(), c.radiusKm(), 0.0);
    }
    for (MixtureComponent c : l.distribution().components()) {
      ObjectNode f = feature(fs, "mixture_component");
      ((ObjectNode) f.get("properties")).put("weight", round(c.weight(), 4)).put("sigmas", 2);
      ring(f, c.mean(), 2.0 * c.sigmaMajorKm(), 2.0 * c.sigmaMinorKm(),
          c.majorAxisBearingDeg());
    }
    for (VantageObservation v : vantages) {
      double radius =
          Geodesy.clampDistanceKm(model.hardBoundKm(v.minRttMs() - v.localDelayMs()));
      ObjectNode f = feature(fs, "vantage_disk");
      ((ObjectNode) f.get("properties")).put("vantage", v.id())
          .put("min_rtt_ms", v.minRttMs()).put("radius_km", round(radius, 1));
      ring(f, v.location(), radius, radius, 0.0);
    }
    return fs;
  }

  private static ObjectNode feature(List<ObjectNode> fs, String kind) {
    ObjectNode f = F.objectNode();
    f.put("type", "Feature");
    f.putObject("properties").put("kind", kind);
    fs.add(f);
    return f;
  }

  /**
   * An ellipse (a circle when the axes are equal) as RFC 7946 polygons: simple,
   * counter-clockwise, split at the antimeridian and run to the pole when it covers one ({@link
   * GeoCircle}, {@link GeoEllipse}); axes are capped at 19 000 km (below the antipodal distance,
   * where a 2σ contour of a component thousands of km wide stops meaning anything).
   */
  private static void ring(ObjectNode f, LatLon c, double majorKm, double minorKm,
      double bearingDeg) {
    double a = Math.min(majorKm, 19000.0);
    double b = Math.min(minorKm, a);
    GeoRegion region = a == b ? GeoCircle.of(c, a).polygon(RING_VERTICES)
        : new GeoEllipse(c, a, b, bearingDeg).polygon(RING_VERTICES);
    f.set("geometry", GeoJson.geometry(region));
  }

  private static double round(double v, int digits) {
    return Checks.round(v, digits);
  }
}
