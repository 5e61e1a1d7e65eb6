package io.geofusion.geoip;

import io.geofusion.geo.LatLon;
import io.geofusion.text.Csv;
import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV of your own networks into a City-shaped {@link MmdbWriter} (an overlay database,
 * consulted before the main one). A header names the columns, in any order: {@code network}
 * (CIDR), {@code latitude}, {@code longitude} (required), and optionally {@code
 * accuracy_radius_km} (default 10), {@code country_iso_code}, {@code subdivision}, {@code city}.
 * Blank lines and lines starting with {@code #} are skipped; cells may be quoted (RFC 4180).
 */
public final class OverlayCsv {

  /** The columns understood; the first three are required. */
  public static final List<String> COLUMNS = List.of("network", "latitude", "longitude",
      "accuracy_radius_km", "country_iso_code", "subdivision", "city");

  /** Accuracy radius of a row without {@code accuracy_radius_km}, km. */
  public static final int DEFAULT_RADIUS_KM = 10;

  private OverlayCsv() {}

  /**
   * A row that was not written.
   *
   * @param line its 1-based line number
   * @param message what is wrong with it
   */
  public record Problem(int line, String message) {}

  /**
   * What {@link #read} wrote.
   *
   * @param networks networks inserted
   * @param problems rows left out, in file order
   */
  public record Result(int networks, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Inserts every good row of {@code csv} into {@code writer}; a bad row (bad number, position
   * or network) is left out and reported, the others are still read.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws TextLines.NotUtf8Exception when a line is not UTF-8
   * @throws InvalidOverlayCsvException when the file is empty or its header is not usable
   */
  public static Result read(Path csv, MmdbWriter writer) throws IOException {
    return read(csv, writer, Limits.GEOIP_NETWORKS.value(), Limits.GEOIP_TREE_NODES.value());
  }

  /**
   * {@link #read(Path, MmdbWriter)} with explicit bounds: the read stops with an {@link
   * InvalidOverlayCsvException} (one line, naming the limit and how to raise it) at the row that
   * would make more than {@code maxNetworks} network rows (good or bad), or after the row that takes the writer's
   * search tree past {@code maxTreeNodes} nodes ({@link MmdbWriter#treeNodes()}). Those bound
   * the memory a build takes (docs/reliability.md, "Limits that bound memory and time").
   */
  public static Result read(Path csv, MmdbWriter writer, long maxNetworks, long maxTreeNodes)
      throws IOException {
    int rows = 0;
    List<Problem> problems = new ArrayList<>();
    try (TextLines r = TextLines.open(csv)) {
      Map<String, Integer> col = header(csv, r.readLine());
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (rows + problems.size() >= maxNetworks) { // bad rows count: they are held too
          throw new InvalidOverlayCsvException(csv + ":" + n + ": more than " + maxNetworks
              + " network rows, above the limit " + Limits.GEOIP_NETWORKS.name() + " ("
              + maxNetworks + "; raise with --max-networks N or -D"
              + Limits.GEOIP_NETWORKS.property() + "=N); nothing written");
        }
        try {
          insert(writer, Csv.split(line), col);
          rows++;
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(n, e.getMessage()));
        }
        if (writer.treeNodes() > maxTreeNodes) {
          throw new InvalidOverlayCsvException(csv + ":" + n + ": the networks so far need more"
              + " than " + maxTreeNodes + " search-tree nodes (scattered small networks need up"
              + " to 128 each), above the limit " + Limits.GEOIP_TREE_NODES.name() + " ("
              + maxTreeNodes + "; raise with --max-tree-nodes N or -D"
              + Limits.GEOIP_TREE_NODES.property() + "=N); nothing written");
        }
      }
    }
    return new Result(rows, problems);
  }

  private static Map<String, Integer> header(Path csv, String headerLine)
      throws InvalidOverlayCsvException {
    if (headerLine == null) {
      throw new InvalidOverlayCsvException(csv + ": empty file; expected a header line with at"
          + " least network,latitude,longitude");
    }
    List<String> header = Csv.split(headerLine.strip().replace("\uFEFF", ""));
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(h)) {
        throw new InvalidOverlayCsvException(csv + ":1: unknown column '" + h
            + "'; known columns: " + String.join(", ", COLUMNS));
      }
      if (col.put(h, i) != null) {
        throw new InvalidOverlayCsvException(csv + ":1: column '" + h + "' appears twice");
      }
    }
    for (String need : COLUMNS.subList(0, 3)) {
      if (!col.containsKey(need)) {
        throw new InvalidOverlayCsvException(csv + ":1: the header has no '" + need
            + "' column");
      }
    }
    return col;
  }

  private static void insert(MmdbWriter w, List<String> f, Map<String, Integer> col) {
    LatLon at = LatLon.of(number(f, col, "latitude"), number(f, col, "longitude"));
    String radius = get(f, col, "accuracy_radius_km");
    int radiusKm;
    try {
      radiusKm = radius == null ? DEFAULT_RADIUS_KM : Integer.parseInt(radius);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("accuracy_radius_km '" + radius
          + "' is not a whole number of km");
    }
    String country = get(f, col, "country_iso_code");
    if (country != null && !COUNTRY.matcher(country).matches()) {
      throw new IllegalArgumentException("country_iso_code '" + country + "' is not an ISO 3166-1"
          + " alpha-2 code (two capital letters A-Z, e.g. US)");
    }
    String network = required(f, col, "network");
    if (!NETWORK.matcher(network).matches()) {
      throw new IllegalArgumentException("network '" + network + "' is not ADDRESS/PREFIX (e.g."
          + " 192.0.2.0/24 or 2001:db8::/32; no zone id, no leading zero in the prefix)");
    }
    w.insert(network, MmdbWriter.cityRecord(at, radiusKm, country, get(f, col, "subdivision"),
        get(f, col, "city")));
  }

  /** ISO 3166-1 alpha-2, as written (lower case or three letters are refused, not guessed). */
  private static final java.util.regex.Pattern COUNTRY = java.util.regex.Pattern.compile(
      "[A-Z]{2}");
  /** An address (hex digits, dots, colons; no zone id) and a prefix without a leading zero. */
  private static final java.util.regex.Pattern NETWORK = java.util.regex.Pattern.compile(
      "[0-9A-Fa-f.:]+/(0|[1-9][0-9]{0,2})");

  private static double number(List<String> f, Map<String, Integer> col, String name) {
    String v = required(f, col, name);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a number");
    }
  }

  /** A cell every row must fill; its absence is this row's problem, not a crash. */
  private static String required(List<String> f, Map<String, Integer> col, String name) {
    String v = get(f, col, name);
    if (v == null) {
      throw new IllegalArgumentException("no " + name + ": every row needs network, latitude"
          + " and longitude");
    }
    return v;
  }

  private static String get(List<String> f, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    if (i == null || i >= f.size()) {
      return null;
    }
    String v = f.get(i).strip();
    return v.isEmpty() ? null : v;
  }
}
