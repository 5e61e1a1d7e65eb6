package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine on real ground truth: a fixed subset of the WonderNetwork leave-one-out targets
 * (ids ≡ 1 mod 6, 41 targets, none of the even-id training split). Bounds are generous (the full
 * figures are in docs/evaluation.md) but fail if calibration or accuracy breaks.
 */
class WonderNetworkEvalTest {

  private static List<GroundTruthTarget> subset;
  private static final Evaluator EVAL = new Evaluator(FusionEngine.create());

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"),
        "wondernetwork-pings");
    Assumptions.assumeTrue(Files.isDirectory(dir),
        "WonderNetwork data absent at " + dir + ": skipping the real-data evaluation");
    subset = new ArrayList<>();
    for (GroundTruthTarget t : WonderNetwork.load(dir).leaveOneOut()) {
      int id = Integer.parseInt(t.target().substring(3));
      if (id % 6 == 1) {
        subset.add(t);
      }
    }
  }

  @Test
  void evaluate_heldOutSubset_beatsCbgAndIsCalibrated() {
    EvalReport r = EVAL.evaluate(subset);
    assertThat(r.scored()).isGreaterThanOrEqualTo(35);
    assertThat(r.medianErrorKm()).isLessThan(r.cbgMedianErrorKm());
    assertThat(r.coverage90()).isBetween(0.75, 1.0);
    assertThat(r.coverage50()).isBetween(0.30, 0.75);
    assertThat(r.flagged(FusionAlert.Type.LOCATION_INCONSISTENCY)).isZero();
  }

  @Test
  void evaluate_falseGeoIp_farOnesFlagged() {
    EvalReport r = EVAL.evaluate(Experiments.falseGeoIp(subset, 50.0, 42));
    int far = 0;
    int flagged = 0;
    for (TargetScore s : r.scores()) {
      if (s.geoIpOffsetKm() > 2.0 * s.feasibleRadiusKm()) {
        far++;
        flagged += s.result().hasAlert(FusionAlert.Type.LOCATION_INCONSISTENCY) ? 1 : 0;
      }
    }
    assertThat(far).isGreaterThan(20);
    assertThat((double) flagged / far).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void evaluate_trueGeoIp_fewFalseFlags() {
    EvalReport r = EVAL.evaluate(Experiments.trueGeoIp(subset, 50.0));
    assertThat(r.flagged(FusionAlert.Type.LOCATION_INCONSISTENCY)).isLessThanOrEqualTo(2);
    // True GeoIP sharpens the answer.
    assertThat(r.medianErrorKm()).isLessThan(60.0);
  }

  @Test
  void evaluate_syntheticAnycast_visibleOnesFlagged() {
    List<Experiments.AnycastCase> cases = Experiments.anycast(subset, 30, 7);
    int visible = 0;
    int flagged = 0;
    for (Experiments.AnycastCase c : cases) {
      if (c.bothSitesVisible()) {
        visible++;
        flagged += EVAL.score(c.target()).result().hasAlert(FusionAlert.Type.ANYCAST) ? 1 : 0;
      }
    }
    Assumptions.assumeTrue(visible >= 5, "too few visible anycast cases in the subset");
    assertThat((double) flagged / visible).isGreaterThanOrEqualTo(0.8);
  }
}
