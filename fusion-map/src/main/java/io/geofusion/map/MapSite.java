package io.geofusion.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The live map page: the files of the classpath folder {@value #CLASSPATH_FOLDER}
 * ({@code index.html}, {@code js/}, {@code css/}, and {@code vendor/} with Leaflet, topojson-client
 * and the Natural Earth countries bundled at build time), which a server serves at {@code /}.
 *
 * <p>What the page asks of the server (docs/map.md): {@code GET v1/locations} answering {@code
 * {"results": [<host-location document>...]}}, and {@code GET events}, a {@code
 * text/event-stream} whose {@code event:} is {@code HOST_LOCATION}, {@code
 * RECON_LATENCY_ANALYSIS}, {@code ALERT} or {@code GRAPH_CHANGE} and whose {@code data:} is the
 * library's JSON document on one line; both relative to the page. It loads nothing else from
 * anywhere.
 *
 * <p>Stateless and thread-safe.
 */
public final class MapSite {

  /** The classpath folder of the page, without leading or trailing slash. */
  public static final String CLASSPATH_FOLDER = "io/geofusion/map/site";

  /** The page's files, relative to {@link #CLASSPATH_FOLDER}. */
  public static final List<String> FILES = List.of("index.html", "css/map.css",
      "js/geofusion-map.js", "js/live.js", "vendor/leaflet.js", "vendor/leaflet.css",
      "vendor/topojson-client.min.js", "vendor/countries-110m.json");

  /** Relative paths: segments of letters, digits, '-', '_' and '.', no segment of dots only. */
  private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*"
      + "[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private MapSite() {}

  /**
   * The file at {@code relativePath} inside the site folder (e.g. {@code "js/live.js"}), or empty
   * when there is none or the path could leave the folder ({@code ..}, a leading {@code /}, a
   * backslash, an empty segment).
   */
  public static Optional<URL> resource(String relativePath) {
    if (relativePath == null || !SAFE.matcher(relativePath).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(MapSite.class.getResource("site/" + relativePath));
  }

  /**
   * The text (UTF-8) of one of the site's files.
   *
   * @throws IllegalStateException when the file is missing from the jar (a broken build)
   */
  static String text(String relativePath) {
    URL url = resource(relativePath).orElseThrow(() -> new IllegalStateException(
        CLASSPATH_FOLDER + "/" + relativePath + " is missing from the fusion-map jar; rebuild it"
            + " with ./mvnw package"));
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
  }
}
