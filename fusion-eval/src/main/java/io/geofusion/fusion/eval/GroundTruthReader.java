package io.geofusion.fusion.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import io.geofusion.text.TextLines;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the ground-truth NDJSON format of {@link GroundTruthTarget}. Blank lines are skipped;
 * unknown fields are ignored; {@code rtt_ms} lists may contain {@code null} for lost probes (their
 * minimum is used); a vantage may carry its calibration as
 * {@code "bestline":{"slope_ms_per_km":m,"intercept_ms":b}} (both required, m &gt; 0, b ≥ 0). A
 * malformed line stops reading with {@link IllegalArgumentException} naming
 * the file, the line number and what to fix: scoring a silently shortened file would mislead.
 */
public final class GroundTruthReader {


  private GroundTruthReader() {}

  /** Reads every target of a file. */
  public static List<GroundTruthTarget> read(Path file) throws IOException {
    List<GroundTruthTarget> out = new ArrayList<>();
    try (Targets targets = open(file)) {
      targets.forEachRemaining(out::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  /**
   * Streams the targets of a file, one line at a time: memory stays bounded by the longest
   * line, whatever the file's length. A malformed line throws {@link IllegalArgumentException}
   * (naming the file, the line and what to fix) when it is reached, after every earlier target;
   * a read error throws {@link UncheckedIOException}.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   */
  public static Targets open(Path file) throws IOException {
    return new Targets(file, TextLines.open(file));
  }

  /** The targets of one file, read as they are asked for; close it when done. */
  public static final class Targets implements Iterator<GroundTruthTarget>, Closeable {
    private final Path file;
    private final TextLines lines;
    private GroundTruthTarget next;

    private Targets(Path file, TextLines lines) {
      this.file = file;
      this.lines = lines;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = readNext();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return next != null;
    }

    @Override
    public GroundTruthTarget next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      GroundTruthTarget t = next;
      next = null;
      return t;
    }

    private GroundTruthTarget readNext() throws IOException {
      // TextLines: a line that is not UTF-8 fails naming that line (TextLines.NotUtf8Exception).
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        long no = lines.lineNumber();
        try {
          return parse(TextLines.readOneJson(line));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(file + " line " + no + ": not valid JSON: "
              + TextLines.jsonProblem(e) + " (expected the ground-truth NDJSON format of"
              + " docs/evaluation.md)", e);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(file + " line " + no + ": " + e.getMessage()
              .lines().findFirst().orElse("malformed") + " (expected the ground-truth NDJSON"
              + " format of docs/evaluation.md)", e);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  /** Parses one JSON object. */
  public static GroundTruthTarget parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object per line");
    }
    String target = text(n, "target");
    LatLon truth = n.hasNonNull("truth") ? latLon(n.get("truth"), "truth") : null;
    List<VantageObservation> vs = new ArrayList<>();
    JsonNode arr = n.get("vantages");
    if (arr != null && !arr.isNull()) {
      if (!arr.isArray()) {
        throw new IllegalArgumentException("'vantages' must be an array");
      }
      for (JsonNode v : arr) {
        String id = v.hasNonNull("id") ? v.get("id").asText() : "v" + vs.size();
        LatLon at = latLon(v, "vantage " + id);
        double min;
        if (v.hasNonNull("min_rtt_ms")) {
          min = number(v.get("min_rtt_ms"), "vantage " + id + " min_rtt_ms");
        } else if (v.hasNonNull("rtt_ms")) {
          min = Double.POSITIVE_INFINITY;
          for (JsonNode s : v.get("rtt_ms")) {
            if (!s.isNull()) {
              min = Math.min(min, number(s, "vantage " + id + " rtt_ms"));
            }
          }
          if (Double.isInfinite(min)) {
            continue; // every probe lost: no evidence from this vantage
          }
        } else {
          throw new IllegalArgumentException("vantage " + id + " needs min_rtt_ms or rtt_ms");
        }
        double local = v.hasNonNull("local_delay_ms")
            ? number(v.get("local_delay_ms"), "vantage " + id + " local_delay_ms") : 0.0;
        vs.add(new VantageObservation(id, at, min, local, bestline(v.get("bestline"), id)));
      }
    }
    GeoIpEvidence geo = null;
    if (n.hasNonNull("geoip")) {
      JsonNode g = n.get("geoip");
      double acc = g.hasNonNull("accuracy_radius_km")
          ? number(g.get("accuracy_radius_km"), "geoip accuracy_radius_km") : 100.0;
      geo = new GeoIpEvidence(latLon(g, "geoip"), acc,
          g.hasNonNull("country_centroid") && g.get("country_centroid").asBoolean());
    }
    return new GroundTruthTarget(target, truth, vs, geo);
  }

  /**
   * The optional per-vantage calibration {@code "bestline":{"slope_ms_per_km":m,
   * "intercept_ms":b}}; {@code null} when absent or JSON null.
   */
  private static Bestline bestline(JsonNode b, String id) {
    if (b == null || b.isNull()) {
      return null;
    }
    String what = "vantage " + id + " bestline";
    if (!b.isObject()) {
      throw new IllegalArgumentException(what + " must be an object {\"slope_ms_per_km\":..,"
          + " \"intercept_ms\":..}, got " + b);
    }
    if (!b.hasNonNull("slope_ms_per_km") || !b.hasNonNull("intercept_ms")) {
      throw new IllegalArgumentException(what + " needs numeric 'slope_ms_per_km' and"
          + " 'intercept_ms'");
    }
    double m = number(b.get("slope_ms_per_km"), what + " slope_ms_per_km");
    double c = number(b.get("intercept_ms"), what + " intercept_ms");
    try {
      return new Bestline(m, c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vantage " + id + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }

  private static double number(JsonNode v, String what) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException(what + " must be a number, got " + v);
    }
    return v.asDouble();
  }

  private static LatLon latLon(JsonNode n, String what) {
    if (!n.hasNonNull("lat") || !n.hasNonNull("lon")) {
      throw new IllegalArgumentException(what + " needs numeric 'lat' and 'lon'");
    }
    return new LatLon(number(n.get("lat"), what + " lat"), number(n.get("lon"), what + " lon"));
  }
}
