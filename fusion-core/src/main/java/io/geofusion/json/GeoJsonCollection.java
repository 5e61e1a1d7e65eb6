package io.geofusion.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One RFC 7946 FeatureCollection gathered from several results, for a front end that draws many
 * targets on one map ({@code analyze --geojson}): each {@code add} appends a result's features
 * with extra properties (e.g. {@code "target"}) after their own. The features are those of
 * {@link FusionJson#geoJsonFeatures} and {@link GeoPathGeoJson#features}; positions are
 * {@code [lon, lat]}.
 *
 * <pre>{@code
 * GeoJsonCollection map = new GeoJsonCollection();
 * map.addFusion(result, vantages, engine.rttModel(), Map.of("target", "192.0.2.7"));
 * map.addGeoPath(path, false, Map.of("target", "192.0.2.7"));
 * Files.writeString(file, map.toJson());
 * }</pre>
 *
 * <p>Not thread-safe: one collection per writer.
 */
public final class GeoJsonCollection {

  private final List<ObjectNode> features = new ArrayList<>();

  /** An empty collection. */
  public GeoJsonCollection() {}

  /**
   * Adds a fusion result's features: estimate, 50 % and 90 % circles, 2-σ mixture ellipses and,
   * for each of {@code vantages}, its hard RTT disk under {@code model}.
   *
   * @param properties appended to every feature's properties (String, Number, Boolean or null
   *     values), in iteration order
   * @return this
   */
  public GeoJsonCollection addFusion(FusionResult result, List<VantageObservation> vantages,
      RttLikelihoodModel model, Map<String, ?> properties) {
    return add(FusionJson.geoJsonFeatures(result, vantages, model), properties);
  }

  /**
   * Adds a path's features: vantage, waypoints, arcs and, when {@code accuracyCircles}, each
   * located hop's GeoIP accuracy circle.
   *
   * @param properties appended to every feature's properties, in iteration order
   * @return this
   */
  public GeoJsonCollection addGeoPath(GeoPath path, boolean accuracyCircles,
      Map<String, ?> properties) {
    return add(GeoPathGeoJson.features(path, accuracyCircles), properties);
  }

  private GeoJsonCollection add(List<ObjectNode> fs, Map<String, ?> properties) {
    for (ObjectNode f : fs) {
      ObjectNode p = (ObjectNode) f.get("properties");
      properties.forEach((k, v) -> p.set(k, GeoJson.value(k, v)));
      features.add(f);
    }
    return this;
  }

  /** How many features were added. */
  public int size() {
    return features.size();
  }

  /** The collection as one line of JSON: {@code {"type":"FeatureCollection","features":[…]}}. */
  public String toJson() {
    return GeoJson.toJson(GeoJson.featureCollection(features));
  }
}
