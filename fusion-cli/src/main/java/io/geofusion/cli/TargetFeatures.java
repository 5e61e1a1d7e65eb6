package io.geofusion.cli;

import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.locate.HostReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --geojson FILE} of {@code analyze}: every target's features (estimate, circles,
 * mixture ellipses, vantage disks and, live, the path as geo-path draws it), each tagged with
 * its {@code target}, in one FeatureCollection written by the library's {@link
 * GeoJsonCollection}.
 *
 * <p>Not thread-safe: used on the thread that prints results.
 */
final class TargetFeatures {

  private final GeoJsonCollection features = new GeoJsonCollection();

  /** Adds the features of a located host and the vantages it was located from. */
  void add(HostReport h, List<VantageObservation> vantages, RttLikelihoodModel rttModel) {
    add(h, vantages, rttModel, Optional.empty());
  }

  /**
   * Adds the features of a live target: as {@link #add(HostReport, List, RttLikelihoodModel)}
   * plus the path as geo-path draws it (vantage, one {@code waypoint} per hop GeoIP places,
   * geodesic {@code arc}s cut at the antimeridian), so both commands draw paths alike.
   */
  void add(HostReport h, List<VantageObservation> vantages, RttLikelihoodModel rttModel,
      Optional<GeoPath> path) {
    Map<String, String> tag = Map.of("target", h.target());
    features.addFusion(h.result(), vantages, rttModel, tag);
    path.ifPresent(p -> features.addGeoPath(p, false, tag));
  }

  /** Writes the FeatureCollection to {@code file} (UTF-8). */
  void write(Path file) throws IOException {
    Files.writeString(file, features.toJson(), StandardCharsets.UTF_8);
  }
}
