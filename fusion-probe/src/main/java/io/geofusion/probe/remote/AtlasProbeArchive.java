package io.geofusion.probe.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.text.Csv;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.TextLines;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The RIPE Atlas probe archive: which probes exist, where their hosts put them, their network
 * and status. Reads the shapes the RIPE NCC publishes, from content (never the file name):
 *
 * <ul>
 *   <li><b>CSV</b> with a header naming at least {@code id}, {@code latitude}, {@code longitude};
 *       optional {@code asn_v4}, {@code country_code}, {@code status} or {@code status_name}
 *       (e.g. the 2023 snapshot {@code id,address_v4,country_code,latitude,longitude}, and the
 *       cache this class writes);
 *   <li><b>JSON</b>: the daily archive dump ({@code {"objects":[...]}}), a page of
 *       {@code GET /api/v2/probes/} ({@code {"results":[...]}}) or a bare array; each probe with
 *       {@code id}, a position as {@code latitude}/{@code longitude} or as GeoJSON
 *       {@code geometry.coordinates [lon, lat]}, optional {@code asn_v4}, {@code country_code},
 *       and {@code status} as a number (1 connected), an object {@code {"name": "Connected"}} or
 *       {@code status_name}.
 * </ul>
 *
 * <p>Gzip is unpacked by its magic bytes. A probe without a position is left out (counted by
 * {@link Archive#withoutPosition()}); a malformed line or value fails with the file and line.
 * Limits: {@value #MAX_PROBES} probes, {@value #MAX_BYTES} bytes of (unpacked) JSON.
 *
 * <p>Stateless and thread-safe.
 */
public final class AtlasProbeArchive {

  /** Most probes read from one archive (RIPE Atlas has about 13,000 live, 40,000 ever). */
  public static final int MAX_PROBES = 200_000;

  /** Largest JSON archive read, bytes after gzip (the 2025 daily dump is about 30 MB). */
  public static final int MAX_BYTES = 256 << 20;

  /** The name of the cached archive under the cache folder. */
  public static final String CACHE_FILE = "atlas-probes.csv";

  private static final String HEADER = "id,asn_v4,country_code,latitude,longitude,status";

  private AtlasProbeArchive() {}

  /**
   * The probes of an archive.
   *
   * @param probes every probe with a position, in file order
   * @param withoutPosition probes left out because they have no position
   */
  public record Archive(List<VantageCandidate> probes, int withoutPosition) {

    /**
     * An archive.
     *
     * @param probes every probe with a position
     * @param withoutPosition probes left out
     */
    public Archive {
      probes = List.copyOf(probes);
    }

    /**
     * Positions by probe id, for {@link io.geofusion.formats.VantagePositions#of}.
     *
     * @return probe id to position
     */
    public Map<String, LatLon> positions() {
      Map<String, LatLon> m = new HashMap<>();
      for (VantageCandidate c : probes) {
        m.putIfAbsent(c.id(), c.at());
      }
      return m;
    }
  }

  /**
   * Reads an archive file (CSV or JSON, optionally gzipped).
   *
   * @param file the archive
   * @return its probes
   * @throws AtlasException ({@link AtlasException.Kind#BAD_ARCHIVE}) naming the file and line
   * @throws IOException when the file cannot be read
   */
  public static Archive read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      return read(raw, file.toString());
    } catch (NoSuchFileException e) {
      throw new AtlasException(AtlasException.Kind.BAD_ARCHIVE, file
          + ": no such probe archive; give a RIPE Atlas probe archive file (CSV or JSON)");
    }
  }

  /**
   * Reads an archive from a stream (not closed).
   *
   * @param raw the archive's bytes
   * @param name what messages call it
   * @return its probes
   * @throws AtlasException naming the input and line
   * @throws IOException when the stream fails
   */
  public static Archive read(InputStream raw, String name) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in));
    }
    byte[] head = in.readNBytes(MAX_BYTES + 1);
    if (head.length > MAX_BYTES) {
      throw bad(name + ": larger than " + MAX_BYTES + " bytes; not a probe archive we read");
    }
    int i = 0;
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    if (i < head.length && (head[i] == '{' || head[i] == '[')) {
      return readJson(head, name);
    }
    return readCsv(head, name);
  }

  private static Archive readCsv(byte[] bytes, String name) throws IOException {
    try (TextLines lines = TextLines.of(new ByteArrayInputStream(bytes), name)) {
      String header = lines.readLine();
      if (header == null) {
        throw bad(name + ": empty; a probe archive needs a header 'id,latitude,longitude,...'");
      }
      Map<String, Integer> col = new LinkedHashMap<>();
      List<String> names = Csv.split(header.strip());
      for (int c = 0; c < names.size(); c++) {
        col.putIfAbsent(names.get(c).strip().toLowerCase(Locale.ROOT), c);
      }
      for (String need : List.of("id", "latitude", "longitude")) {
        if (!col.containsKey(need)) {
          throw bad(name + ":1: header has no '" + need + "' column (got '" + header.strip()
              + "'); expected a RIPE Atlas probe archive CSV");
        }
      }
      List<VantageCandidate> out = new ArrayList<>();
      int without = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        long no = lines.lineNumber();
        List<String> cells;
        try {
          cells = Csv.split(line);
        } catch (IllegalArgumentException e) {
          throw bad(name + ":" + no + ": " + e.getMessage());
        }
        String id = cell(cells, col.get("id"));
        String lat = cell(cells, col.get("latitude"));
        String lon = cell(cells, col.get("longitude"));
        if (id == null || !isProbeId(id)) {
          throw bad(name + ":" + no + ": probe id must be a positive integer, got '"
              + (id == null ? "" : id) + "'");
        }
        if (lat == null || lon == null) {
          without++;
          continue;
        }
        LatLon at;
        try {
          at = LatLon.of(Double.parseDouble(lat), Double.parseDouble(lon));
        } catch (IllegalArgumentException e) {
          throw bad(name + ":" + no + ": probe " + id + ": bad position '" + lat + "," + lon
              + "': " + e.getMessage());
        }
        Long asn = null;
        String asnText = cell(cells, col.get("asn_v4"));
        if (asnText != null) {
          try {
            asn = Long.parseLong(asnText);
          } catch (NumberFormatException e) {
            throw bad(name + ":" + no + ": probe " + id + ": asn_v4 must be a number, got '"
                + asnText + "'");
          }
        }
        String status = cell(cells, col.get("status"));
        if (status == null) {
          status = cell(cells, col.get("status_name"));
        }
        add(out, new VantageCandidate(id, at, asn, country(cell(cells, col.get("country_code"))),
            status(status)), name);
      }
      return new Archive(out, without);
    } catch (TextLines.NotUtf8Exception e) {
      throw bad(e.getMessage());
    }
  }

  private static Archive readJson(byte[] bytes, String name) throws AtlasException {
    JsonNode root;
    try {
      root = JsonTrees.read(bytes);
    } catch (JsonProcessingException e) {
      throw bad(name + ": not valid JSON: " + TextLines.jsonProblem(e));
    } catch (IOException e) {
      throw bad(name + ": cannot be read as JSON: " + e.getMessage());
    }
    JsonNode list = root;
    if (root != null && root.isObject()) {
      list = root.has("objects") ? root.get("objects") : root.get("results");
    }
    if (list == null || !list.isArray()) {
      throw bad(name + ": not a RIPE Atlas probe archive: expected an array of probes, or an"
          + " object with 'objects' (archive dump) or 'results' (API page)");
    }
    return probes(list, name);
  }

  /**
   * The probes of a JSON array of probe objects (archive dump or API page).
   *
   * @param list the array
   * @param name what messages call the input
   * @return its probes
   * @throws AtlasException when an element is not a probe
   */
  static Archive probes(JsonNode list, String name) throws AtlasException {
    List<VantageCandidate> out = new ArrayList<>();
    int without = 0;
    int index = 0;
    for (JsonNode p : list) {
      String where = name + ": probe #" + index++;
      JsonNode idNode = p.get("id");
      if (idNode == null || !idNode.canConvertToLong() || idNode.asLong() <= 0) {
        throw bad(where + ": 'id' must be a positive integer, got " + idNode);
      }
      String id = Long.toString(idNode.asLong());
      Double lat = number(p.get("latitude"));
      Double lon = number(p.get("longitude"));
      JsonNode coords = p.path("geometry").path("coordinates");
      if ((lat == null || lon == null) && coords.isArray() && coords.size() == 2) {
        lon = number(coords.get(0));
        lat = number(coords.get(1));
      }
      if (lat == null || lon == null) {
        without++;
        continue;
      }
      LatLon at;
      try {
        at = LatLon.of(lat, lon);
      } catch (IllegalArgumentException e) {
        throw bad(where + " (id " + id + "): " + e.getMessage());
      }
      JsonNode asn = p.get("asn_v4");
      JsonNode st = p.get("status");
      String status = st == null ? null : st.isObject() ? st.path("name").asText(null)
          : st.isNumber() ? statusName(st.asInt()) : st.asText(null);
      if (status == null && p.has("status_name")) {
        status = p.get("status_name").asText(null);
      }
      add(out, new VantageCandidate(id, at,
          asn != null && asn.canConvertToLong() ? asn.asLong() : null,
          country(p.path("country_code").asText(null)), status(status)), name);
    }
    return new Archive(out, without);
  }

  /**
   * Writes probes as the cache's CSV, atomically (a temporary file beside it, then a rename).
   *
   * @param file where
   * @param probes what
   * @throws IOException when the folder or file cannot be written
   */
  public static void writeCsv(Path file, List<VantageCandidate> probes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, CACHE_FILE, ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(HEADER + "\n");
        for (VantageCandidate c : probes) {
          w.write(c.id() + "," + (c.asn() == null ? "" : c.asn()) + ","
              + (c.country() == null ? "" : c.country()) + "," + c.at().lat() + ","
              + c.at().lon() + "," + statusText(c.status()) + "\n");
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Where the cached archive lives: {@code $XDG_CACHE_HOME/geofusion/atlas-probes.csv}, else
   * {@code ~/.cache/geofusion/atlas-probes.csv}.
   *
   * @return the cache file's path (it may not exist)
   */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("geofusion").resolve(CACHE_FILE);
  }

  private static void add(List<VantageCandidate> out, VantageCandidate c, String name)
      throws AtlasException {
    if (out.size() >= MAX_PROBES) {
      throw bad(name + ": more than " + MAX_PROBES + " probes; not a probe archive we read");
    }
    out.add(c);
  }

  private static String cell(List<String> cells, Integer index) {
    if (index == null || index >= cells.size()) {
      return null;
    }
    String s = cells.get(index).strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean isProbeId(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Long.parseLong(s) > 0;
  }

  private static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  private static String country(String cc) {
    return cc == null || cc.isBlank() ? null : cc.strip().toUpperCase(Locale.ROOT);
  }

  /** The archive's numeric status: 0 never connected, 1 connected, 2 disconnected, 3 abandoned. */
  private static String statusName(int id) {
    return switch (id) {
      case 1 -> "Connected";
      case 0 -> "Never Connected";
      case 2 -> "Disconnected";
      case 3 -> "Abandoned";
      default -> "Unknown";
    };
  }

  private static VantageCandidate.Status status(String s) {
    if (s == null || s.isBlank()) {
      return VantageCandidate.Status.UNKNOWN;
    }
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.equals("connected") || t.equals("1")) {
      return VantageCandidate.Status.CONNECTED;
    }
    return t.equals("unknown") ? VantageCandidate.Status.UNKNOWN
        : VantageCandidate.Status.UNAVAILABLE;
  }

  private static String statusText(VantageCandidate.Status s) {
    return switch (s) {
      case CONNECTED -> "Connected";
      case UNAVAILABLE -> "Disconnected";
      case UNKNOWN -> "";
    };
  }

  private static AtlasException bad(String message) {
    return new AtlasException(AtlasException.Kind.BAD_ARCHIVE, message);
  }
}
