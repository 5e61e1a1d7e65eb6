package io.geofusion.fusion.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.RttLikelihoodModel;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.json.ProductJson;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of {@code geofusion eval}: the report (docs/schemas/eval-report.schema.json) with the
 * anycast experiment's outcome, one scored target per line
 * (docs/schemas/eval-target.schema.json), ground-truth targets in the input format of
 * docs/evaluation.md, and a fitted RTT likelihood model.
 *
 * <p>Stateless and thread-safe.
 */
public final class EvalJson {

  /** Created on first use, so a run that prints no JSON never loads Jackson (start-up). */
  private static final class MapperHolder {
    static final ObjectMapper MAPPER = ProductJson.newMapper();
  }

  private EvalJson() {}

  /**
   * The report ({@link EvalReport#toJson}) with, after an anycast experiment, its outcome as
   * {@code anycast_experiment}.
   */
  public static ObjectNode report(EvalReport report, Optional<Experiments.AnycastOutcome> anycast) {
    ObjectNode doc = report.toJson(MapperHolder.MAPPER);
    anycast.ifPresent(a -> {
      ObjectNode n = doc.putObject("anycast_experiment");
      n.put("cases", a.cases());
      n.put("flagged", a.flagged());
      n.put("both_sites_visible", a.bothSitesVisible());
      n.put("both_sites_visible_flagged", a.bothSitesVisibleFlagged());
    });
    return doc;
  }

  /** {@code node} pretty-printed (no trailing line terminator). */
  public static String pretty(JsonNode node) {
    try {
      return MapperHolder.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain values always serialises
    }
  }

  /**
   * One scored target as a line: {@code target}, {@code estimate} (null when abstained), errors
   * of the engine and the baselines (km, 0.1 km; null without truth), circle radii, {@code
   * inside_50}/{@code inside_90} (with truth), {@code alerts}, {@code abstained}.
   */
  public static String scoreLine(TargetScore s) {
    ObjectNode o = MapperHolder.MAPPER.createObjectNode();
    o.put("target", s.target());
    if (s.result() instanceof FusionResult.Located l) {
      o.putObject("estimate").put("lat", round(l.estimate().lat(), 5))
          .put("lon", round(l.estimate().lon(), 5));
    } else {
      o.putNull("estimate"); // no evidence: no point, not 0,0 (as in FusionJson)
    }
    putKm(o, "error_km", s.errorKm());
    putKm(o, "cbg_error_km", s.cbgErrorKm());
    putKm(o, "shortest_ping_error_km", s.shortestPingErrorKm());
    o.put("radius_50_km", round(s.radius50Km(), 1));
    o.put("radius_90_km", round(s.radius90Km(), 1));
    if (!Double.isNaN(s.errorKm())) {
      o.put("inside_50", s.inside50());
      o.put("inside_90", s.inside90());
    }
    var a = o.putArray("alerts");
    for (FusionAlert al : s.result().alerts()) {
      a.add(al.type().jsonName());
    }
    o.put("abstained", s.result() instanceof FusionResult.Abstained);
    return compact(o);
  }

  /**
   * One target in the ground-truth input format ({@link GroundTruthReader} reads it back):
   * {@code target}, {@code truth}, {@code vantages} (with {@code local_delay_ms} when positive
   * and {@code bestline} when calibrated) and {@code geoip}.
   */
  public static String targetLine(GroundTruthTarget t) {
    ObjectNode o = MapperHolder.MAPPER.createObjectNode();
    o.put("target", t.target());
    if (t.truth() != null) {
      o.putObject("truth").put("lat", t.truth().lat()).put("lon", t.truth().lon());
    }
    var vs = o.putArray("vantages");
    for (VantageObservation v : t.vantages()) {
      ObjectNode n = vs.addObject();
      n.put("id", v.id());
      n.put("lat", v.location().lat());
      n.put("lon", v.location().lon());
      n.put("min_rtt_ms", v.minRttMs());
      if (v.localDelayMs() > 0.0) {
        n.put("local_delay_ms", v.localDelayMs());
      }
      if (v.bestline() != null) {
        n.putObject("bestline").put("slope_ms_per_km", v.bestline().slopeMsPerKm())
            .put("intercept_ms", v.bestline().interceptMs());
      }
    }
    GeoIpEvidence g = t.geoIp();
    if (g != null) {
      ObjectNode n = o.putObject("geoip");
      n.put("lat", g.centre().lat());
      n.put("lon", g.centre().lon());
      n.put("accuracy_radius_km", g.accuracyRadiusKm());
      if (g.countryCentroid()) {
        n.put("country_centroid", true);
      }
    }
    return compact(o);
  }

  /** Writes {@code targets} to {@code file} as ground-truth NDJSON ({@link #targetLine}). */
  public static void writeTargets(Path file, List<GroundTruthTarget> targets)
      throws IOException {
    AtomicFile.writeText(file, w -> {
      for (GroundTruthTarget t : targets) {
        w.write(targetLine(t));
        w.write('\n');
      }
    });
  }

  /**
   * A fitted RTT likelihood model, pretty-printed: {@code distance_model}, {@code slack_km} and
   * its {@code knots} (RTT ms to 0.001, ratios to 0.0001, outlier rate to 0.00001).
   */
  public static String rttModel(RttLikelihoodModel model) {
    ObjectNode o = MapperHolder.MAPPER.createObjectNode();
    o.put("distance_model", model.distanceModel().name());
    o.put("slack_km", model.slackKm());
    var ks = o.putArray("knots");
    for (RttLikelihoodModel.Knot k : model.knots()) {
      ks.addObject().put("rtt_ms", round(k.rttMs(), 3)).put("mean_ratio", round(k.meanRatio(), 4))
          .put("sd_ratio", round(k.sdRatio(), 4)).put("outlier_rate", round(k.outlierRate(), 5));
    }
    return pretty(o);
  }

  private static String compact(JsonNode node) {
    try {
      return MapperHolder.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain values always serialises
    }
  }

  private static void putKm(ObjectNode o, String f, double v) {
    if (Double.isNaN(v)) {
      o.putNull(f);
    } else {
      o.put(f, round(v, 1));
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
