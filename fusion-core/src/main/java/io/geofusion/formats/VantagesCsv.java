package io.geofusion.formats;

import io.geofusion.geo.LatLon;
import io.geofusion.text.Csv;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads vantage positions from a CSV file of lines {@code id,lat,lon} (decimal degrees, WGS84),
 * where {@code id} is what a record names its vantage by (see {@link VantagePositions#find}).
 * Blank lines, lines starting with {@code #} and a first line starting with {@code id,} (a
 * header) are skipped; cells may be quoted (RFC 4180); columns after the third are ignored; a
 * name listed twice keeps its last position.
 */
public final class VantagesCsv {

  private VantagesCsv() {}

  /**
   * The positions {@code file} lists.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws TextLines.NotUtf8Exception when a line is not UTF-8
   * @throws InvalidVantagesException when a line is not {@code id,lat,lon} with a valid
   *     position; the message names the file and line ({@code vantages.csv:3: ...})
   * @throws IllegalArgumentException when a quoted cell is not closed
   */
  public static VantagePositions read(Path file) throws IOException {
    List<String> lines = TextLines.readAllLines(file);
    Map<String, LatLon> m = new LinkedHashMap<>();
    int n = 0;
    for (String line : lines) {
      n++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#") || (n == 1 && s.toLowerCase(Locale.ROOT)
          .startsWith("id,"))) {
        continue;
      }
      List<String> cells = Csv.split(s);
      if (cells.size() < 3) {
        throw new InvalidVantagesException(file, n, "expected 'id,lat,lon', got '" + s + "'");
      }
      try {
        m.put(cells.get(0).strip(), LatLon.of(number(cells.get(1), "latitude"),
            number(cells.get(2), "longitude")));
      } catch (IllegalArgumentException e) {
        throw new InvalidVantagesException(file, n, e.getMessage());
      }
    }
    return VantagePositions.of(m);
  }

  private static double number(String cell, String what) {
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + cell.strip() + "' is not a number");
    }
  }
}
