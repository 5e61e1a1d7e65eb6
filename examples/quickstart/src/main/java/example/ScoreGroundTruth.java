package example;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.fusion.eval.EvalReport;
import io.geofusion.fusion.eval.Evaluator;
import io.geofusion.fusion.eval.GroundTruthReader;
import io.geofusion.fusion.eval.GroundTruthTarget;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the engine on ground truth against CBG, as {@code geofusion eval} does: a ground-truth
 * NDJSON file given as the argument (docs/evaluation.md has the format), or else eight European
 * cities, each located leave-one-out from the other seven, twice: with RTTs of 2.5× the fibre
 * minimum plus 1 ms (like the public Internet: on WonderNetwork the median target sits at 0.38
 * of its fibre bound, which is what the default model is fitted to), and with near-direct paths
 * of 1.6× the minimum plus 2 ms, where the fitted model expects more inflation than there is and
 * CBG does better. Fit a model to your own ground truth with {@code geofusion eval
 * --fit-rtt-model}. Run: mvn -q exec:java -Dexec.mainClass=example.ScoreGroundTruth
 * [-Dexec.args=FILE]
 */
public final class ScoreGroundTruth {
  private static final List<LatLon> CITIES = List.of(LatLon.of(50.11, 8.68),
      LatLon.of(52.37, 4.90), LatLon.of(48.86, 2.35), LatLon.of(51.51, -0.13),
      LatLon.of(40.42, -3.70), LatLon.of(45.46, 9.19), LatLon.of(52.52, 13.40),
      LatLon.of(59.33, 18.07));

  public static void main(String[] args) throws Exception {
    Evaluator evaluator = new Evaluator(FusionEngine.create());
    if (args.length > 0) {
      print(args[0], evaluator.evaluate(GroundTruthReader.read(Path.of(args[0]))));
      return;
    }
    print("Internet-like paths (2.5x + 1 ms)", evaluator.evaluate(leaveOneOut(2.5, 1.0)));
    print("near-direct paths (1.6x + 2 ms)", evaluator.evaluate(leaveOneOut(1.6, 2.0)));
  }

  private static void print(String what, EvalReport r) {
    double[] median = r.cbgRatio(0.5);
    System.out.printf("%s, %d targets: median error %.0f km (CBG %.0f km, ratio %.2f, 95 %% CI"
            + " %.2f-%.2f), p90 %.0f km (CBG %.0f km); truth inside the 90 %% circle: %.0f %%%n",
        what, r.scored(), r.medianErrorKm(), r.cbgMedianErrorKm(), median[0], median[1],
        median[2], r.p90ErrorKm(), r.cbgP90ErrorKm(), 100 * r.coverage90());
  }

  /** Each city located from the other seven; RTT = factor × the 2/3 c minimum + extra ms. */
  private static List<GroundTruthTarget> leaveOneOut(double factor, double extraMs) {
    List<GroundTruthTarget> out = new ArrayList<>();
    for (int t = 0; t < CITIES.size(); t++) {
      List<VantageObservation> vs = new ArrayList<>();
      for (int v = 0; v < CITIES.size(); v++) {
        if (v != t) {
          double km = Geodesy.distanceKm(CITIES.get(v), CITIES.get(t));
          vs.add(VantageObservation.of("city" + v, CITIES.get(v), factor * km / 99.93 + extraMs));
        }
      }
      out.add(new GroundTruthTarget("city" + t, CITIES.get(t), vs, null));
    }
    return out;
  }
}
