package io.geofusion.fusion.eval;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scores a {@link FusionEngine} and the baselines on ground truth. Stateless; thread-safe if the
 * engine is (it is).
 */
public final class Evaluator {

  /** Where the error of an abstention is measured from (see {@link #score}). */
  private static final LatLon ABSTAINED_ERROR_ORIGIN = new LatLon(0.0, 0.0);

  private final FusionEngine engine;

  public Evaluator(FusionEngine engine) {
    this.engine = engine;
  }

  /** Scores every target. */
  public EvalReport evaluate(List<GroundTruthTarget> targets) {
    List<TargetScore> out = new ArrayList<>(targets.size());
    for (GroundTruthTarget t : targets) {
      out.add(score(t));
    }
    return new EvalReport(out);
  }

  /** Scores one target. */
  public TargetScore score(GroundTruthTarget t) {
    FusionResult r = engine.fuse(t.input());
    double err = Double.NaN;
    double cbg = Double.NaN;
    double sp = Double.NaN;
    double cbgBl = Double.NaN;
    boolean in50 = false;
    boolean in90 = false;
    double geoOff = Double.NaN;
    LatLon truth = t.truth();
    if (truth != null) {
      if (r instanceof FusionResult.Located l) {
        err = Geodesy.distanceKm(l.estimate(), truth);
        in50 = err <= l.circle50().radiusKm();
        in90 = err <= l.circle90().radiusKm();
      } else {
        // An abstention has no estimate. It is scored as before the result type said so, to keep
        // eval figures comparable: the error from (0, 0), and circles covering the whole Earth
        // hold the truth (docs/decisions/abstention.md).
        err = Geodesy.distanceKm(ABSTAINED_ERROR_ORIGIN, truth);
        in50 = true;
        in90 = true;
      }
      Optional<LatLon> c = Baselines.cbg(t.vantages());
      cbg = c.map(p -> Geodesy.distanceKm(p, truth)).orElse(Double.NaN);
      Optional<LatLon> s = Baselines.shortestPing(t.vantages());
      sp = s.map(p -> Geodesy.distanceKm(p, truth)).orElse(Double.NaN);
      if (t.vantages().stream().anyMatch(v -> v.bestline() != null)) {
        cbgBl = Baselines.cbgBestline(t.vantages()).map(p -> Geodesy.distanceKm(p, truth))
            .orElse(Double.NaN);
      }
      if (t.geoIp() != null) {
        geoOff = Geodesy.distanceKm(t.geoIp().centre(), truth);
      }
    }
    return new TargetScore(t.target(), r, err, cbg, sp, in50, in90, geoOff,
        Experiments.feasibleRadiusKm(t), cbgBl);
  }

  /**
   * Keeps targets whose name ends in a number of the given parity ({@code even}, {@code odd}) or
   * all ({@code all}); the held-out split used for honest tuning.
   *
   * @throws IllegalArgumentException for another split name
   */
  public static List<GroundTruthTarget> split(List<GroundTruthTarget> ts, String split) {
    String s = split.toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      return ts;
    }
    if (!s.equals("even") && !s.equals("odd")) {
      throw new IllegalArgumentException("split must be all, even or odd, got '" + split + "'");
    }
    int want = s.equals("even") ? 0 : 1;
    List<GroundTruthTarget> out = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      String name = t.target();
      int end = name.length();
      int start = end;
      while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
        start--;
      }
      if (start < end) {
        long id = Long.parseLong(name.substring(start, Math.min(end, start + 18)));
        if (id % 2 == want) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
