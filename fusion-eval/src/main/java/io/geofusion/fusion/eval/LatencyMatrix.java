package io.geofusion.fusion.eval;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A square matrix of round-trip times between sites whose positions are known (cloud-region
 * "ping grids" such as the AWS matrix shipped in npm {@code @streamr/dht}), turned into
 * leave-one-out ground truth: each site becomes a target located from every other site that
 * measured it.
 *
 * <p>Matrix CSV: a header {@code ,id1,id2,...} (the first cell is ignored) and one row per site
 * {@code idI,rtt(I→1),rtt(I→2),...} in ms, the rows naming the same ids as the header (any
 * order). An empty cell, {@code NaN} or a negative value means "not measured"; the diagonal is
 * ignored. Choices (docs/evaluation.md, "Second ground truth"): the RTT of a pair is the smaller
 * of its two directed cells, as for {@link WonderNetwork} — path RTT is symmetric, so the
 * smaller is the better bound; the matrix' own statistic (minimum, median or mean of its
 * probes) is whatever its publisher used and is passed on unchanged as {@code min_rtt_ms}.
 *
 * <p>Sites CSV: lines {@code id,lat,lon[,anything]} ({@code #} starts a comment; a first line
 * starting with {@code id,} is a header). {@link #awsRegionSites()} is the table bundled with
 * GeoFusion (the city each AWS region is named after, good to about 50–100 km).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LatencyMatrix {

  private static final String AWS_SITES = "aws-region-sites.csv";

  private final Map<String, LatLon> sites;
  private final List<String> ids;
  private final double[][] rttMs;

  private LatencyMatrix(Map<String, LatLon> sites, List<String> ids, double[][] rttMs) {
    this.sites = sites;
    this.ids = List.copyOf(ids);
    this.rttMs = rttMs;
  }

  /**
   * Loads a matrix CSV and a sites CSV.
   *
   * @throws IllegalArgumentException naming the file and line of anything malformed, and any
   *     matrix site the sites table does not place
   */
  public static LatencyMatrix load(Path matrixCsv, Path sitesCsv) throws IOException {
    requireFile(sitesCsv, "sites CSV");
    try (InputStream in = Files.newInputStream(sitesCsv)) {
      return load(matrixCsv, parseSites(in, sitesCsv.toString()));
    }
  }

  /** Loads a matrix CSV whose sites are placed by {@code sites}. */
  public static LatencyMatrix load(Path matrixCsv, Map<String, LatLon> sites) throws IOException {
    requireFile(matrixCsv, "latency matrix CSV");
    return parse(TextLines.readAllLines(matrixCsv), matrixCsv.toString(), sites);
  }

  private static void requireFile(Path p, String what) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(what + " not found: " + p);
    }
  }

  /** The AWS region positions bundled with GeoFusion, by region code ({@code eu-central-1}). */
  public static Map<String, LatLon> awsRegionSites() {
    try (InputStream in = LatencyMatrix.class.getResourceAsStream(AWS_SITES)) {
      if (in == null) {
        throw new IllegalStateException("resource " + AWS_SITES + " missing from the GeoFusion jar");
      }
      return parseSites(in, AWS_SITES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled " + AWS_SITES, e);
    }
  }

  /**
   * Reads a sites table ({@code id,lat,lon[,anything]} per line).
   *
   * @param name file name for error messages
   * @throws IllegalArgumentException naming the line that is malformed or repeats an id
   */
  static Map<String, LatLon> parseSites(InputStream csv, String name) throws IOException {
    Map<String, LatLon> out = new LinkedHashMap<>();
    TextLines r = TextLines.of(csv, name); // the caller closes the stream
    String line;
    int no = 0;
    while ((line = r.readLine()) != null) {
      no++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#") || (out.isEmpty() && s.startsWith("id,"))) {
        continue;
      }
      String[] f = s.split(",", 4);
      try {
        if (f.length < 3 || f[0].isBlank()) {
          throw new IllegalArgumentException("expected id,lat,lon");
        }
        LatLon p = LatLon.of(Double.parseDouble(f[1].strip()), Double.parseDouble(f[2].strip()));
        if (out.putIfAbsent(f[0].strip(), p) != null) {
          throw new IllegalArgumentException("site '" + f[0].strip() + "' listed twice");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + " line " + no + ": " + e.getMessage()
            + " (lines are id,lat,lon[,place])", e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(name + ": no sites (lines are id,lat,lon[,place])");
    }
    return out;
  }

  /**
   * Parses matrix CSV lines.
   *
   * @param name file name for error messages
   */
  static LatencyMatrix parse(List<String> lines, String name, Map<String, LatLon> sites) {
    List<String[]> rows = new ArrayList<>();
    List<Integer> lineNos = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(lines.get(i).split(",", -1));
        lineNos.add(i + 1);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": empty latency matrix (expected a header "
          + "',id1,id2,...' and one row per site)");
    }
    String[] header = rows.get(0);
    int n = header.length - 1;
    List<String> ids = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      String id = header[j].strip();
      if (id.isEmpty() || ids.contains(id)) {
        throw new IllegalArgumentException(name + " line " + lineNos.get(0) + ": header column "
            + (j + 1) + (id.isEmpty() ? " is empty" : " repeats site '" + id + "'"));
      }
      ids.add(id);
    }
    if (n < 2) {
      throw new IllegalArgumentException(name + " line " + lineNos.get(0)
          + ": a latency matrix needs at least 2 sites in its header");
    }
    if (rows.size() - 1 != n) {
      throw new IllegalArgumentException(name + ": the header names " + n + " sites but there are "
          + (rows.size() - 1) + " rows; the matrix must be square");
    }
    double[][] rtt = new double[n][n];
    boolean[] seen = new boolean[n];
    for (int k = 1; k < rows.size(); k++) {
      String[] f = rows.get(k);
      String where = name + " line " + lineNos.get(k);
      int i = ids.indexOf(f[0].strip());
      if (i < 0) {
        throw new IllegalArgumentException(where + ": row site '" + f[0].strip()
            + "' is not in the header");
      }
      if (seen[i]) {
        throw new IllegalArgumentException(where + ": site '" + ids.get(i) + "' has two rows");
      }
      seen[i] = true;
      if (f.length != n + 1) {
        throw new IllegalArgumentException(where + ": expected " + (n + 1) + " cells, got "
            + f.length);
      }
      for (int j = 0; j < n; j++) {
        String cell = f[j + 1].strip();
        double v;
        try {
          v = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ", column " + (j + 2) + ": '" + cell
              + "' is not a number of milliseconds", e);
        }
        rtt[i][j] = (v >= 0.0 && !Double.isInfinite(v)) ? v : Double.NaN;
      }
    }
    for (String id : ids) {
      if (!sites.containsKey(id)) {
        throw new IllegalArgumentException(name + ": site '" + id + "' has no position; add a "
            + "line '" + id + ",LAT,LON' to the sites CSV");
      }
    }
    return new LatencyMatrix(Map.copyOf(sites), ids, rtt);
  }

  /** Site ids in header order. */
  public List<String> siteIds() {
    return ids;
  }

  /** Position of a site. */
  public LatLon position(String id) {
    return sites.get(id);
  }

  /**
   * Symmetric RTT between two different sites: the smaller directed cell, or NaN when neither
   * direction was measured.
   */
  public double rttMs(String a, String b) {
    int i = index(a);
    int j = index(b);
    if (i == j) {
      return Double.NaN;
    }
    double x = rttMs[i][j];
    double y = rttMs[j][i];
    return Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.min(x, y);
  }

  private int index(String id) {
    int i = ids.indexOf(id);
    if (i < 0) {
      throw new IllegalArgumentException("unknown site '" + id + "'; sites are " + ids);
    }
    return i;
  }

  /**
   * Leave-one-out targets in header order: site {@code s} becomes target {@code prefix + s}, its
   * truth the site's position, its vantages ({@code prefix + v}) every other site with a
   * measured RTT to it.
   */
  public List<GroundTruthTarget> leaveOneOut(String prefix) {
    String p = prefix == null ? "" : prefix;
    List<GroundTruthTarget> out = new ArrayList<>();
    for (String t : ids) {
      List<VantageObservation> vs = new ArrayList<>();
      for (String v : ids) {
        double r = v.equals(t) ? Double.NaN : rttMs(t, v);
        if (!Double.isNaN(r)) {
          vs.add(VantageObservation.of(p + v, sites.get(v), r));
        }
      }
      out.add(new GroundTruthTarget(p + t, sites.get(t), vs, null));
    }
    return out;
  }
}
