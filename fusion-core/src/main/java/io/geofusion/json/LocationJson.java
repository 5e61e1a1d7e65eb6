package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.HostClass;
import io.geofusion.fusion.HostClassification;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host-location shape (docs/schemas/host-location.schema.json): {@code location_distribution}
 * with its centroids (and their covariances when known) and circle, {@code host_class} and
 * {@code alerts}. One writer and one reader for every document that carries a location.
 */
final class LocationJson {

  /** How numbers are written. */
  enum Precision {
    /**
     * Full double precision for what is read back (positions, weights, covariances, radii,
     * scores), so a stored location reads back equal; derived sigmas are rounded as in ROUNDED.
     */
    EXACT,
    /**
     * Rounded for people: degrees to 5 decimals (≈ 1 m), weights to 4, km and km² to 0.1 and
     * scores to 3.
     */
    ROUNDED
  }

  private LocationJson() {}

  /**
   * Writes the {@code location_distribution} field: {@code type}, {@code centroids} (with
   * {@code sigma_major_km}, {@code sigma_minor_km}, {@code major_axis_bearing_deg} and {@code
   * covariance_km2} when the component's spread is known), {@code uncertainty_km} and, when
   * {@code circle} is not null, the {@code circle}.
   */
  static void writeDistribution(JsonGenerator g, LocationDistribution d, ConfidenceCircle circle,
      Precision p) throws IOException {
    g.writeObjectFieldStart("location_distribution");
    g.writeStringField("type", "gaussian_mixture");
    g.writeArrayFieldStart("centroids");
    for (MixtureComponent c : d.components()) {
      g.writeStartObject();
      g.writeNumberField("lat", round(c.mean().lat(), 5, p));
      g.writeNumberField("lon", round(c.mean().lon(), 5, p));
      // A weight below 0.00005 rounds to 0, which the schema forbids (weights are > 0): such a
      // component is written with the smallest weight the rounding can show.
      double w = round(c.weight(), 4, p);
      g.writeNumberField("weight", w == 0.0 && c.weight() > 0.0 ? 0.0001 : w);
      if (c.hasCovariance()) {
        // Derived from the covariance for people and ignored on reading: 0.1 km and 0.1° always.
        g.writeNumberField("sigma_major_km", Checks.round(c.sigmaMajorKm(), 1));
        g.writeNumberField("sigma_minor_km", Checks.round(c.sigmaMinorKm(), 1));
        g.writeNumberField("major_axis_bearing_deg", Checks.round(c.majorAxisBearingDeg(), 1));
        g.writeObjectFieldStart("covariance_km2");
        g.writeNumberField("east_east", round(c.covEastEastKm2(), 1, p));
        g.writeNumberField("east_north", round(c.covEastNorthKm2(), 1, p));
        g.writeNumberField("north_north", round(c.covNorthNorthKm2(), 1, p));
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("uncertainty_km", round(d.uncertaintyKm(), 1, p));
    if (circle != null) {
      g.writeObjectFieldStart("circle");
      g.writeNumberField("lat", round(circle.centre().lat(), 5, p));
      g.writeNumberField("lon", round(circle.centre().lon(), 5, p));
      g.writeNumberField("radius_km", round(circle.radiusKm(), 1, p));
      g.writeNumberField("probability", circle.probability());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Writes the {@code location_distribution} field of an abstention (docs/decisions/abstention.md):
   * no centroids, an {@code uncertainty_km} of {@link Geodesy#MAX_DISTANCE_KM} (anywhere on
   * Earth) and no circle; {@link #read} reads it back as no location when the document says
   * {@code "abstained": true}.
   */
  static void writeNoDistribution(JsonGenerator g, Precision p) throws IOException {
    g.writeObjectFieldStart("location_distribution");
    g.writeStringField("type", "gaussian_mixture");
    g.writeArrayFieldStart("centroids");
    g.writeEndArray();
    g.writeNumberField("uncertainty_km", round(Geodesy.MAX_DISTANCE_KM, 1, p));
    g.writeEndObject();
  }

  /** Writes the {@code alerts} array. */
  static void writeAlerts(JsonGenerator g, List<FusionAlert> alerts, Precision p)
      throws IOException {
    g.writeArrayFieldStart("alerts");
    for (FusionAlert a : alerts) {
      g.writeStartObject();
      g.writeStringField("type", a.type().jsonName());
      g.writeStringField("interpretation", a.interpretation().jsonName());
      g.writeNumberField("severity", round(a.severity(), 3, p));
      g.writeStringField("detail", a.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes the {@code host_class} object. */
  static void writeHostClass(JsonGenerator g, HostClassification c, Precision p)
      throws IOException {
    g.writeObjectFieldStart("host_class");
    g.writeStringField("label", c.label().jsonName());
    g.writeNumberField("confidence", round(c.confidence(), 3, p));
    g.writeStringField("reason", c.reason());
    g.writeEndObject();
  }

  /**
   * The location of a document ({@code location_distribution}, {@code host_class} and {@code
   * alerts} fields of {@code j}), or null when it has none: no {@code location_distribution}, or
   * a fusion result that abstained ({@code "abstained": true} and no centroids).
   *
   * <p>Reads what every version wrote: centroids with only {@code lat}, {@code lon} and
   * {@code weight} (spread unknown), with an isotropic {@code sigma_km}, or with {@code
   * covariance_km2}; a circle's share as {@code probability} or, in snapshots written before
   * 2026-11-26, {@code mass} (0.9 when neither is given); no {@code host_class} as
   * {@link HostClassification#UNKNOWN} and no {@code alerts} as none.
   *
   * @throws IllegalArgumentException naming the field, when the document is malformed
   */
  static HostLocation read(JsonNode j) {
    JsonNode l = j.get("location_distribution");
    if (l == null || l.isNull()) {
      return null;
    }
    if (!l.isObject()) {
      throw new IllegalArgumentException("location_distribution must be an object");
    }
    String type = GraphJson.text(l, "type", false);
    if (type != null && !type.equals("gaussian_mixture")) {
      throw new IllegalArgumentException("location_distribution.type must be gaussian_mixture, "
          + "got '" + type + "'");
    }
    JsonNode cs = l.get("centroids");
    if (cs == null || !cs.isArray()) {
      throw new IllegalArgumentException("location_distribution.centroids must be an array");
    }
    if (cs.isEmpty()) {
      if (j.path("abstained").asBoolean(false)) {
        // A fusion result that abstained (no evidence): a host without a location, never one at
        // an invented place.
        return null;
      }
      throw new IllegalArgumentException("location_distribution.centroids is empty; give at "
          + "least one {lat, lon, weight}, or mark a result without evidence \"abstained\": true");
    }
    List<MixtureComponent> components = new ArrayList<>();
    for (JsonNode c : cs) {
      components.add(component(c));
    }
    ConfidenceCircle circle = null;
    JsonNode c = l.get("circle");
    if (c != null && !c.isNull()) {
      // "mass" is what snapshots written before the field names were unified carry; it is
      // still read so those snapshots load unchanged (docs/graph.md).
      double probability = c.hasNonNull("probability") ? num(c, "probability")
          : GraphJson.number(c, "mass", 0.9);
      circle = new ConfidenceCircle(latLon(c), num(c, "radius_km"), probability);
    }
    LocationDistribution d = new LocationDistribution(components,
        num(l, "uncertainty_km"));
    return new HostLocation(d, circle, hostClass(j), alerts(j));
  }

  private static MixtureComponent component(JsonNode c) {
    LatLon mean = latLon(c);
    double weight = num(c, "weight");
    JsonNode cov = c.get("covariance_km2");
    if (cov != null && !cov.isNull()) {
      double ee = num(cov, "east_east");
      double en = num(cov, "east_north");
      double nn = num(cov, "north_north");
      // Documents round covariances (to 0.1 km²), which can put a nearly singular matrix just
      // outside positive semi-definite; the nearest valid correlation is ±1.
      if (ee >= 0 && nn >= 0) {
        double bound = Math.sqrt(ee * nn);
        en = Math.max(-bound, Math.min(bound, en));
      }
      return new MixtureComponent(mean, weight, ee, en, nn);
    }
    JsonNode sigma = c.get("sigma_km");
    if (sigma != null && !sigma.isNull()) {
      double s = num(c, "sigma_km");
      return new MixtureComponent(mean, weight, s * s, 0.0, s * s);
    }
    return MixtureComponent.centroid(mean, weight);
  }

  private static HostClassification hostClass(JsonNode j) {
    JsonNode h = j.get("host_class");
    if (h == null || h.isNull()) {
      return HostClassification.UNKNOWN;
    }
    if (!h.isObject()) {
      throw new IllegalArgumentException("host_class must be an object");
    }
    String label = GraphJson.text(h, "label", true);
    HostClass cls;
    try {
      cls = HostClass.valueOf(label.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host_class.label '" + label + "' is not a host class",
          e);
    }
    String reason = GraphJson.text(h, "reason", false);
    return new HostClassification(cls, num(h, "confidence"),
        reason == null ? "" : reason);
  }

  private static List<FusionAlert> alerts(JsonNode j) {
    JsonNode a = j.get("alerts");
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("alerts must be an array");
    }
    List<FusionAlert> out = new ArrayList<>();
    for (JsonNode n : a) {
      String detail = GraphJson.text(n, "detail", false);
      out.add(new FusionAlert(FusionAlert.Type.fromJsonName(GraphJson.text(n, "type", true)),
          FusionAlert.Interpretation.fromJsonName(GraphJson.text(n, "interpretation", true)),
          num(n, "severity"), detail == null ? "" : detail));
    }
    return out;
  }

  private static double round(double v, int digits, Precision p) {
    return p == Precision.EXACT ? v : Checks.round(v, digits);
  }

  /** A required number. */
  private static double num(JsonNode j, String field) {
    return GraphJson.number(j, field, Double.NaN);
  }

  private static LatLon latLon(JsonNode j) {
    return new LatLon(num(j, "lat"), num(j, "lon"));
  }
}
