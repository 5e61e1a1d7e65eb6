package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.map.HtmlReport;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --html FILE}, shared by {@code analyze}, {@code geo-path} and {@code triangulate}: the
 * run's map as one self-contained HTML file, written by the library's {@link HtmlReport}
 * (docs/map.md).
 */
final class HtmlOption {

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write the map of this run (estimates, confidence circles, mixture"
          + " ellipses, vantage disks, geo-path arcs, alerts) as one self-contained HTML file"
          + " that opens offline (docs/map.md).")
  Path file;

  /** Whether {@code --html} was given. */
  boolean given() {
    return file != null;
  }

  /**
   * Writes the report when {@code --html} was given; a file that cannot be written is a
   * one-line {@link Failure}.
   */
  void write(String title, GeoJsonCollection features, List<? extends JsonNode> documents) {
    if (file == null) {
      return;
    }
    try {
      HtmlReport.write(file, title, features, documents);
    } catch (NoSuchFileException e) {
      throw new Failure(file + ": cannot write the HTML map: the folder "
          + file.toAbsolutePath().getParent() + " does not exist; create it or choose another",
          e);
    } catch (IOException e) {
      throw new Failure(file + ": cannot write the HTML map: " + e.getMessage()
          + "; check the folder exists and is writable", e);
    }
  }
}
