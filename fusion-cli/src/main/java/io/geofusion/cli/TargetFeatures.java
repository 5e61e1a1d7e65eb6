package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.json.HostReportJson;
import io.geofusion.locate.HostReport;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The map outputs of {@code analyze}, {@code --geojson FILE} and {@code --html FILE}: every
 * target's features (estimate, circles, mixture ellipses, vantage disks and, live, the path as
 * geo-path draws it), each tagged with its {@code target}, in one FeatureCollection written by
 * the library's {@link GeoJsonCollection}; the HTML map draws the same features and the
 * host-location documents' alerts.
 *
 * <p>Not thread-safe: used on the thread that prints results.
 */
final class TargetFeatures {

  private final GeoJsonCollection features = new GeoJsonCollection();
  private final List<ObjectNode> documents = new ArrayList<>();
  private final Path geojson;
  private final HtmlOption html;
  private final boolean anonymousIpDatabase;

  private TargetFeatures(Path geojson, HtmlOption html, boolean anonymousIpDatabase) {
    this.geojson = geojson;
    this.html = html;
    this.anonymousIpDatabase = anonymousIpDatabase;
  }

  /**
   * The outputs asked for, or null when neither {@code --geojson} nor {@code --html} was given.
   *
   * @param anonymousIpDatabase whether an anonymous-IP database was given (for the documents)
   */
  static TargetFeatures of(Path geojson, HtmlOption html, boolean anonymousIpDatabase) {
    return geojson == null && !html.given() ? null
        : new TargetFeatures(geojson, html, anonymousIpDatabase);
  }

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
    if (html.given()) {
      documents.add(HostReportJson.document(h, anonymousIpDatabase));
    }
  }

  /** Writes the FeatureCollection to the {@code --geojson} file (UTF-8) and the HTML map. */
  void write() throws IOException {
    if (geojson != null) {
      AtomicFile.writeString(geojson, features.toJson());
    }
    html.write("geofusion analyze", features, documents);
  }
}
