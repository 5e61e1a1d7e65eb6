package io.geofusion.formats;

import io.geofusion.geo.LatLon;
import io.geofusion.text.Csv;
import io.geofusion.text.TextLines;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 *
 * <p>A header may place the columns elsewhere: when it names {@code lat} or {@code latitude} and
 * {@code lon}, {@code lng} or {@code longitude}, those columns are read. So the RIPE Atlas probe
 * archive ({@code id,address_v4,country_code,latitude,longitude}) is read as it is published,
 * each probe placed under its probe id; a probe row with both position cells empty (a probe
 * whose host gave no position) is skipped.
 */
public final class VantagesCsv {

  /** Largest vantages file read, bytes: the table is held in memory (about 100 bytes a row). */
  public static final long MAX_BYTES = 256L * 1024 * 1024;

  private VantagesCsv() {}

  /**
   * The positions {@code file} lists.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws TextLines.NotUtf8Exception when a line is not UTF-8
   * @throws InvalidVantagesException when a line is not {@code id,lat,lon} with a valid
   *     position, or the file is larger than {@link #MAX_BYTES}; the message names the file and
   *     line ({@code vantages.csv:3: ...})
   * @throws IllegalArgumentException when a quoted cell is not closed
   */
  public static VantagePositions read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new InvalidVantagesException(file, 0, "larger than " + MAX_BYTES
          + " bytes; a vantages table is held in memory, split or filter it");
    }
    try (TextLines r = TextLines.open(file)) {
      return read(r, file);
    }
  }

  /**
   * The positions a vantages table in {@code in} lists (closed at the end), by the rules of
   * {@link #read(Path)}; for tables that are not files on this machine (a distributed job's
   * broadcast copy).
   *
   * @param name what messages call the input
   */
  public static VantagePositions read(InputStream in, String name) throws IOException {
    try (TextLines r = TextLines.of(new BoundedInput(in, name), name)) {
      return read(r, Path.of(name));
    }
  }

  private static VantagePositions read(TextLines r, Path file) throws IOException {
    Map<String, LatLon> m = new LinkedHashMap<>();
    int latAt = 1;
    int lonAt = 2;
    int n = 0;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      n++;
      String s = line.strip();
      if (n == 1 && s.toLowerCase(Locale.ROOT).startsWith("id,")) {
        List<String> header = Csv.split(s.toLowerCase(Locale.ROOT));
        int lat = indexOf(header, "lat", "latitude");
        int lon = indexOf(header, "lon", "lng", "longitude");
        if (lat > 0 && lon > 0) {
          latAt = lat;
          lonAt = lon;
        }
        continue;
      }
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      List<String> cells = Csv.split(s);
      if (cells.size() <= Math.max(latAt, lonAt)) {
        throw new InvalidVantagesException(file, n, "expected 'id,lat,lon', got '" + s + "'");
      }
      String lat = cells.get(latAt);
      String lon = cells.get(lonAt);
      if (latAt != 1 && lat.isBlank() && lon.isBlank()) {
        continue; // an archive row without a position
      }
      try {
        m.put(cells.get(0).strip(), LatLon.of(number(lat, "latitude"), number(lon, "longitude")));
      } catch (IllegalArgumentException e) {
        throw new InvalidVantagesException(file, n, e.getMessage());
      }
    }
    return VantagePositions.of(m);
  }

  private static int indexOf(List<String> header, String... names) {
    for (int i = 0; i < header.size(); i++) {
      for (String name : names) {
        if (header.get(i).strip().equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static double number(String cell, String what) {
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + cell.strip() + "' is not a number");
    }
  }

  /** Fails once more than {@link #MAX_BYTES} were read. */
  private static final class BoundedInput extends FilterInputStream {
    private final String name;
    private long count;

    BoundedInput(InputStream in, String name) {
      super(in);
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int k = super.read(b, off, len);
      count(Math.max(k, 0));
      return k;
    }

    private void count(int k) throws IOException {
      count += k;
      if (count > MAX_BYTES) {
        throw new IOException(name + ": larger than " + MAX_BYTES + " bytes; a vantages table"
            + " is held in memory, split or filter it");
      }
    }
  }
}
