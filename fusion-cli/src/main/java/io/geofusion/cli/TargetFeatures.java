package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionJson;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathGeoJson;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.locate.HostReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --geojson FILE} of {@code analyze}: every target's features (estimate, circles,
 * mixture ellipses, vantage disks) in one RFC 7946 FeatureCollection, each tagged with its
 * target. Not thread-safe.
 */
final class TargetFeatures {

  /** Created on first use, so a run without --geojson never loads Jackson (start-up). */
  private static final class MapperHolder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final ArrayNode features = MapperHolder.MAPPER.createArrayNode();

  /** Adds the features of a located host and the vantages it was located from. */
  void add(HostReport h, List<VantageObservation> vantages, RttLikelihoodModel rttModel) {
    add(features, FusionJson.toGeoJson(h.result(), vantages, rttModel, MapperHolder.MAPPER),
        h.target());
  }

  /**
   * Adds the features of a live target: as {@link #add(HostReport, List, RttLikelihoodModel)}
   * plus the path as geo-path draws it (vantage, one {@code waypoint} per hop GeoIP places,
   * geodesic {@code arc}s cut at the antimeridian), so both commands draw paths alike.
   */
  void add(HostReport h, List<VantageObservation> vantages, RttLikelihoodModel rttModel,
      Optional<GeoPath> path) {
    ObjectNode fc = FusionJson.toGeoJson(h.result(), vantages, rttModel, MapperHolder.MAPPER);
    path.ifPresent(p -> {
      ArrayNode fs = fc.withArray("features");
      GeoPathGeoJson.features(p, false).forEach(fs::add);
    });
    add(features, fc, h.target());
  }

  /** Writes the FeatureCollection to {@code file} (UTF-8). */
  void write(Path file) throws IOException {
    ObjectNode fc = MapperHolder.MAPPER.createObjectNode();
    fc.put("type", "FeatureCollection");
    fc.set("features", features);
    Files.writeString(file, MapperHolder.MAPPER.writeValueAsString(fc), StandardCharsets.UTF_8);
  }

  /** Adds a target's features, each tagged with the target, to {@code features}. */
  static void add(ArrayNode features, ObjectNode collection, String target) {
    collection.withArray("features").forEach(f -> {
      ((ObjectNode) f.get("properties")).put("target", target);
      features.add(f);
    });
  }
}
