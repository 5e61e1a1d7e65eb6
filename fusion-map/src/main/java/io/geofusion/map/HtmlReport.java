package io.geofusion.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.json.ProductJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a run as one self-contained HTML file: Leaflet (JavaScript and CSS), the Natural Earth
 * countries at 1:110m, the drawing code the live page uses ({@code site/js/geofusion-map.js}) and
 * the data are all inlined, so the file opens from {@code file://} with no network at all.
 *
 * <p>What is drawn: the features exactly as the library's GeoJSON writers produced them ({@link
 * GeoJsonCollection}: estimates, 50 % and 90 % circles, 2-σ mixture ellipses, vantage RTT disks,
 * geo-path vantages, hops, GeoIP accuracy circles and great-circle arcs; positions [lon, lat] per
 * RFC 7946 §3.1.1, rings as {@code FusionJson} and {@code GeoPathGeoJson} draw them), plus one
 * alert marker at the host's estimate per entry of a document's {@code alerts}; the documents
 * (host-location, {@code GEO_PATH}) are also listed beside the map. The page puts the number of
 * drawn features on the map element ({@code data-feature-count}, and {@code data-kind-counts} per
 * kind) — for a collection of n features with a geometry and documents with m alerts in all
 * (on located hosts), n + m.
 *
 * <p>Stateless and thread-safe. Example:
 *
 * <pre>{@code
 * GeoJsonCollection features = new GeoJsonCollection()
 *     .addFusion(result, vantages, engine.rttModel(), Map.of("target", "192.0.2.7"));
 * HtmlReport.write(Path.of("report.html"), "192.0.2.7", features,
 *     List.of(FusionJson.toJson(result)));
 * }</pre>
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * The report as HTML text.
   *
   * @param title shown as the page title and heading (escaped)
   * @param features what to draw, as the library's GeoJSON writers wrote it
   * @param documents the run's documents (host-location, {@code GEO_PATH}): their alerts are
   *     drawn and they are listed
   */
  public static String toHtml(String title, GeoJsonCollection features,
      List<? extends JsonNode> documents) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(documents, "documents");
    ArrayNode docs = JsonNodeFactory.instance.arrayNode();
    documents.forEach(docs::add);
    String data = "{\"title\":" + ProductJson.toJson(JsonNodeFactory.instance.textNode(title))
        + ",\"features\":" + features.toJson() + ",\"documents\":" + ProductJson.toJson(docs)
        + "}";
    String t = escapeHtml(title);
    StringBuilder h = new StringBuilder(400_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"GeoFusion HtmlReport\">\n")
        .append("<title>GeoFusion map: ").append(t).append("</title>\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append(style("vendor/leaflet.css")).append(style("css/map.css"))
        .append("</head>\n<body>\n<header><h1>GeoFusion map</h1><span id=\"status\">")
        .append(t).append("</span></header>\n")
        .append("<main><div id=\"map\"></div><aside id=\"panel\"></aside></main>\n")
        .append(json("geofusion-basemap", MapSite.text("vendor/countries-110m.json")))
        .append(json("geofusion-data", data))
        .append(script("vendor/leaflet.js")).append(script("vendor/topojson-client.min.js"))
        .append(script("js/geofusion-map.js"))
        .append("<script>\n(function () {\n")
        .append("  function read(id) { return JSON.parse(document.getElementById(id).textContent); }\n")
        .append("  var element = document.getElementById('map');\n")
        .append("  var map = new GeoFusionMap(element, read('geofusion-basemap'),"
            + " document.getElementById('panel'));\n")
        .append("  map.showReport(read('geofusion-data'));\n")
        .append("  element.setAttribute('data-ready', 'true');\n")
        .append("}());\n</script>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * Writes {@link #toHtml} to {@code file} (UTF-8) through a temporary file in the same folder
   * and a rename, so a reader never sees half a report.
   *
   * @throws IOException if the folder is missing or not writable
   */
  public static void write(Path file, String title, GeoJsonCollection features,
      List<? extends JsonNode> documents) throws IOException {
    String html = toHtml(title, features, documents);
    Path target = file.toAbsolutePath();
    // A plain new file (not createTempFile, which would make it owner-only), so the report gets
    // the permissions any file the user writes gets.
    Path tmp = target.resolveSibling("." + target.getFileName() + "."
        + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String style(String path) {
    return "<style>\n" + inline(path, "</style") + "\n</style>\n";
  }

  private static String script(String path) {
    return "<script>\n" + inline(path, "</script") + "\n</script>\n";
  }

  /** A file's text, which must not end the element it is inlined in. */
  private static String inline(String path, String end) {
    String text = MapSite.text(path);
    if (text.toLowerCase(Locale.ROOT).contains(end)) {
      throw new IllegalStateException(path + " contains '" + end + "' and cannot be inlined");
    }
    return text;
  }

  /**
   * JSON in a data block. Every '<' is written as the JSON escape of U+003C, which JSON allows only inside strings
   * (the one place it can occur), so no text of a document can close the element.
   */
  private static String json(String id, String text) {
    return "<script type=\"application/json\" id=\"" + id + "\">"
        + text.replace("<", "\\u003c") + "</script>\n";
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
