package io.geofusion.fusion.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the ground-truth NDJSON format of {@link GroundTruthTarget}. Blank lines are skipped;
 * unknown fields are ignored; {@code rtt_ms} lists may contain {@code null} for lost probes (their
 * minimum is used); a vantage may carry its calibration as
 * {@code "bestline":{"slope_ms_per_km":m,"intercept_ms":b}} (both required, m &gt; 0, b ≥ 0). A
 * malformed line stops reading with {@link IllegalArgumentException} naming
 * the file, the line number and what to fix: scoring a silently shortened file would mislead.
 */
public final class GroundTruthReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Jackson's hint to the programmer, e.g. {@code ": enable `Feature` to allow"}. */
  private static final Pattern JACKSON_HINT = Pattern.compile(":\\s*enable `[^`]*` to allow.*$");

  private GroundTruthReader() {}

  /** Reads every target of a file. */
  public static List<GroundTruthTarget> read(Path file) throws IOException {
    List<GroundTruthTarget> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse(readOne(line)));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(file + " line " + no + ": not valid JSON: "
              + jsonProblem(e) + " (expected the ground-truth NDJSON format of"
              + " docs/evaluation.md)", e);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(file + " line " + no + ": " + e.getMessage()
              .lines().findFirst().orElse("malformed") + " (expected the ground-truth NDJSON"
              + " format of docs/evaluation.md)", e);
        }
      }
    } catch (CharacterCodingException e) {
      throw notUtf8(file, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  /**
   * A file that is not UTF-8 text, with the first line that is not: the decoder reads ahead, so
   * where it failed says little; the file is scanned again for the line.
   */
  static IOException notUtf8(Path file, CharacterCodingException e) {
    long line = 1;
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (int c = in.read(); ; c = in.read()) {
        if (c == '\n' || c < 0) {
          try {
            d.reset().decode(ByteBuffer.wrap(buf.toByteArray()));
          } catch (CharacterCodingException bad) {
            break;
          }
          if (c < 0) {
            break;
          }
          buf.reset();
          line++;
        } else {
          buf.write(c);
        }
      }
    } catch (IOException again) {
      line = 1;
    }
    return new IOException(file + ":" + line + ": not UTF-8 text (binary data, or text in another"
        + " encoding?); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8", e);
  }

  /**
   * The one JSON value of a line. Text after it fails: two objects on one line must not
   * silently lose the second.
   */
  private static JsonNode readOne(String line) throws IOException {
    try (JsonParser p = JSON.createParser(line)) {
      JsonNode n = JSON.readTree(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON object (at column "
            + p.currentTokenLocation().getColumnNr() + "); one target per line");
      }
      return n;
    }
  }

  /** Jackson's first message line, without hints meant for programmers, and the column. */
  static String jsonProblem(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "malformed JSON"
        : JACKSON_HINT.matcher(e.getOriginalMessage().lines().findFirst().orElse(""))
            .replaceAll("").replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]",
                "line $1, column $2");
    return e.getLocation() != null && e.getLocation().getColumnNr() > 0
        ? m + " (at column " + e.getLocation().getColumnNr() + ")" : m;
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
