package io.geofusion.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoEllipse;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.GeoJson;
import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.Map;

/**
 * JSON forms of a {@link FusionResult}: the DESIGN §5 host-node shape
 * ({@code node}, {@code location_distribution} with {@code type}, {@code centroids[]} and
 * {@code uncertainty_km}, {@code evidence}) plus richer fields (covariances, the 90 % circle as
 * {@code location_distribution.circle} with {@code lat}, {@code lon}, {@code radius_km},
 * {@code probability} — the names the graph and {@code formats.json} writers use too — both
 * circles as {@code confidence_circles[]}, alerts, host class), and RFC 7946 GeoJSON ({@code [lon, lat]} order, counter-clockwise rings, no
 * {@code crs}). Stateless and thread-safe.
 */
public final class FusionJson {

  private static final int RING_VERTICES = 72;

  private FusionJson() {}

  /** The host-node document of DESIGN §5. */
  public static ObjectNode toJson(FusionResult r, ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("node", "host:" + r.entity());
    ObjectNode est = o.putObject("estimate");
    est.put("lat", round(r.estimate().lat(), 5));
    est.put("lon", round(r.estimate().lon(), 5));
    ObjectNode ld = o.putObject("location_distribution");
    ld.put("type", "gaussian_mixture");
    ArrayNode cs = ld.putArray("centroids");
    for (MixtureComponent c : r.distribution().components()) {
      ObjectNode n = cs.addObject();
      n.put("lat", round(c.mean().lat(), 5));
      n.put("lon", round(c.mean().lon(), 5));
      n.put("weight", round(c.weight(), 4));
      n.put("sigma_major_km", round(c.sigmaMajorKm(), 1));
      n.put("sigma_minor_km", round(c.sigmaMinorKm(), 1));
      n.put("major_axis_bearing_deg", round(c.majorAxisBearingDeg(), 1));
      ObjectNode cov = n.putObject("covariance_km2");
      cov.put("east_east", round(c.covEastEastKm2(), 1));
      cov.put("east_north", round(c.covEastNorthKm2(), 1));
      cov.put("north_north", round(c.covNorthNorthKm2(), 1));
    }
    ld.put("uncertainty_km", round(r.distribution().uncertaintyKm(), 1));
    if (!r.abstained()) {
      // The 90 % circle under the names every host-location writer shares (graph snapshots,
      // formats.json), so a line of this document loads into the graph with its circle.
      ObjectNode circle = ld.putObject("circle");
      circle.put("lat", round(r.circle90().centre().lat(), 5));
      circle.put("lon", round(r.circle90().centre().lon(), 5));
      circle.put("radius_km", round(r.circle90().radiusKm(), 1));
      circle.put("probability", r.circle90().probability());
    }
    ArrayNode circles = o.putArray("confidence_circles");
    for (ConfidenceCircle c : List.of(r.circle50(), r.circle90())) {
      ObjectNode n = circles.addObject();
      n.put("probability", c.probability());
      n.put("radius_km", round(c.radiusKm(), 1));
    }
    ObjectNode ev = o.putObject("evidence");
    for (Map.Entry<String, Double> e : r.evidence().entrySet()) {
      ev.put(e.getKey(), round(e.getValue(), 3));
    }
    ArrayNode alerts = o.putArray("alerts");
    for (FusionAlert a : r.alerts()) {
      ObjectNode n = alerts.addObject();
      n.put("type", a.type());
      n.put("interpretation", a.interpretation());
      n.put("severity", round(a.severity(), 3));
      n.put("detail", a.detail());
    }
    ObjectNode hc = o.putObject("host_class");
    hc.put("label", r.hostClass().label().jsonName());
    hc.put("confidence", round(r.hostClass().confidence(), 3));
    hc.put("reason", r.hostClass().reason());
    o.put("abstained", r.abstained());
    ObjectNode d = o.putObject("diagnostics");
    d.put("vantages_used", r.diagnostics().vantagesUsed());
    d.put("cells_evaluated", r.diagnostics().cellsEvaluated());
    d.put("grid_levels", r.diagnostics().levels());
    d.put("finest_cell_deg", r.diagnostics().finestCellDeg());
    d.put("geoip_weight", round(r.diagnostics().geoIpWeight(), 4));
    return o;
  }

  /**
   * A GeoJSON FeatureCollection: the estimate (Point), the 50 % and 90 % circles, one 2-σ ellipse
   * per mixture component, and each vantage's hard RTT disk (radius {@code maxDistanceKm} from
   * the model) when {@code vantages} is not empty.
   */
  public static ObjectNode toGeoJson(FusionResult r, List<VantageObservation> vantages,
      RttLikelihoodModel model, ObjectMapper m) {
    ObjectNode fc = m.createObjectNode();
    fc.put("type", "FeatureCollection");
    ArrayNode fs = fc.putArray("features");
    ObjectNode p = feature(fs, "estimate");
    ObjectNode g = p.putObject("geometry");
    g.put("type", "Point");
    g.putArray("coordinates").add(round(r.estimate().lon(), 6)).add(round(r.estimate().lat(), 6));
    if (r.abstained()) {
      return fc;
    }
    for (ConfidenceCircle c : List.of(r.circle50(), r.circle90())) {
      ObjectNode f = feature(fs, "confidence_circle");
      ((ObjectNode) f.get("properties")).put("probability", c.probability())
          .put("radius_km", round(c.radiusKm(), 1));
      ring(f, c.centre(), c.radiusKm(), c.radiusKm(), 0.0);
    }
    for (MixtureComponent c : r.distribution().components()) {
      ObjectNode f = feature(fs, "mixture_component");
      ((ObjectNode) f.get("properties")).put("weight", round(c.weight(), 4)).put("sigmas", 2);
      ring(f, c.mean(), 2.0 * c.sigmaMajorKm(), 2.0 * c.sigmaMinorKm(),
          c.majorAxisBearingDeg());
    }
    for (VantageObservation v : vantages) {
      double radius = model.hardBoundKm(v.minRttMs() - v.localDelayMs());
      ObjectNode f = feature(fs, "vantage_disk");
      ((ObjectNode) f.get("properties")).put("vantage", v.id())
          .put("min_rtt_ms", v.minRttMs()).put("radius_km", round(radius, 1));
      ring(f, v.location(), radius, radius, 0.0);
    }
    return fc;
  }

  private static ObjectNode feature(ArrayNode fs, String kind) {
    ObjectNode f = fs.addObject();
    f.put("type", "Feature");
    f.putObject("properties").put("kind", kind);
    return f;
  }

  /**
   * An ellipse (a circle when the axes are equal) as RFC 7946 polygons: counter-clockwise,
   * split at the antimeridian and run to the pole when it covers one ({@link GeoCircle},
   * {@link GeoEllipse}); axes are capped at 19 000 km.
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
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
