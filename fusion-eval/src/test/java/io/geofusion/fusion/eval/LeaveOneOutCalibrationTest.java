package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import io.geofusion.rtt.BestlineFitter;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.Landmark;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneOutCalibrationTest {

  private static final BestlineFitter FITTER = BestlineFitter.of(
      DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(0), BestlineFitter.ImpossibleLandmarks.EXCLUDE);
  private static final LatLon V = LatLon.of(50.0, 8.0);

  /**
   * Twelve landmark targets east of vantage "v" at 100–1,200 km with {@code rtt = 10 + d/50},
   * plus "t0" at 600 km answering in 7 ms, far below that line: as a landmark it would pull the
   * bestline down (it would bind), so a fit that saw it differs from one that did not.
   */
  private static List<GroundTruthTarget> targets() {
    List<GroundTruthTarget> ts = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      LatLon at = Geodesy.destination(V, 90.0, 100.0 * i);
      double d = Geodesy.distanceKm(V, at);
      ts.add(new GroundTruthTarget("lm-" + i, at,
          List.of(VantageObservation.of("v", V, 10.0 + d / 50.0)), null));
    }
    ts.add(new GroundTruthTarget("t0", Geodesy.destination(V, 180.0, 600.0),
        List.of(VantageObservation.of("v", V, 7.0)), null));
    return ts;
  }

  private static List<Landmark> landmarks(List<GroundTruthTarget> ts, String except) {
    List<Landmark> out = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      if (!t.target().equals(except)) {
        VantageObservation v = t.vantages().get(0);
        out.add(new Landmark(Geodesy.distanceKm(v.location(), t.truth()), v.minRttMs()));
      }
    }
    return out;
  }

  @Test
  void calibrate_neverUsesTheTargetItselfAsLandmark() {
    List<GroundTruthTarget> ts = targets();
    List<GroundTruthTarget> cal = LeaveOneOutCalibration.calibrate(ts, FITTER, 10);
    Bestline own = cal.get(12).vantages().get(0).bestline();
    Bestline withoutT0 = FITTER.fit(landmarks(ts, "t0")).line();
    Bestline withT0 = FITTER.fit(landmarks(ts, "")).line();
    assertThat(withT0).isNotEqualTo(withoutT0); // the test can tell the two apart
    assertThat(own).isEqualTo(withoutT0);
    // t0 lies below its own vantage's leave-one-out line (it was not there to hold it down) ...
    double d0 = Geodesy.distanceKm(V, ts.get(12).truth());
    assertThat(own.rttMsAt(d0)).isGreaterThan(7.0);
    // ... and every other target's line did see t0.
    assertThat(cal.get(0).vantages().get(0).bestline())
        .isEqualTo(FITTER.fit(landmarks(ts, "lm-1")).line());
    assertThat(cal.get(0).vantages().get(0).bestline().rttMsAt(d0)).isLessThanOrEqualTo(7.0);
  }

  @Test
  void calibrate_duplicateTargetName_allItsLinesExcluded() {
    List<GroundTruthTarget> ts = new ArrayList<>(targets());
    ts.add(new GroundTruthTarget("t0", Geodesy.destination(V, 180.0, 600.0),
        List.of(VantageObservation.of("v", V, 7.5)), null));
    List<GroundTruthTarget> cal = LeaveOneOutCalibration.calibrate(ts, FITTER, 10);
    Bestline expected = FITTER.fit(landmarks(ts, "t0")).line();
    assertThat(cal.get(12).vantages().get(0).bestline()).isEqualTo(expected);
    assertThat(cal.get(13).vantages().get(0).bestline()).isEqualTo(expected);
  }

  @Test
  void calibrate_tooFewLandmarksOrNoTruth_leavesVantageUncalibrated() {
    List<GroundTruthTarget> ts = targets();
    // 12 landmarks are left for t0: enough for 12, not for 13.
    assertThat(LeaveOneOutCalibration.calibrate(ts, FITTER, 12).get(12).vantages().get(0)
        .bestline()).isNotNull();
    assertThat(LeaveOneOutCalibration.calibrate(ts, FITTER, 13).get(12).vantages().get(0)
        .bestline()).isNull();
    // Targets without truth are never landmarks.
    List<GroundTruthTarget> noTruth = new ArrayList<>();
    for (GroundTruthTarget t : ts) {
      noTruth.add(new GroundTruthTarget(t.target(), null, t.vantages(), null));
    }
    assertThat(LeaveOneOutCalibration.calibrate(noTruth, FITTER, 2))
        .allSatisfy(t -> assertThat(t.vantages().get(0).bestline()).isNull());
  }

  @Test
  void calibrate_replacesGivenBestline_keepsOrderAndOtherFields() {
    List<GroundTruthTarget> ts = new ArrayList<>(targets());
    GroundTruthTarget first = ts.get(0);
    ts.set(0, new GroundTruthTarget(first.target(), first.truth(),
        List.of(first.vantages().get(0).withBestline(new Bestline(1.0, 0.0))), null));
    List<GroundTruthTarget> cal = LeaveOneOutCalibration.calibrate(ts, FITTER, 10);
    assertThat(cal).extracting(GroundTruthTarget::target)
        .containsExactlyElementsOf(ts.stream().map(GroundTruthTarget::target).toList());
    assertThat(cal.get(0).vantages().get(0).bestline()).isNotEqualTo(new Bestline(1.0, 0.0));
    assertThat(cal.get(0).vantages().get(0).minRttMs()).isEqualTo(first.vantages().get(0)
        .minRttMs());
    assertThatThrownBy(() -> LeaveOneOutCalibration.calibrate(ts, FITTER, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
  }

  @Test
  void fitCalibrated_onlyCalibratedVantagesCount() {
    List<GroundTruthTarget> ts = targets();
    assertThatThrownBy(() -> RttModelFitter.fitCalibrated(ts, DistanceModel.FIBER_TWO_THIRDS,
        25.0, RttModelFitter.DEFAULT_EDGES)).hasMessageContaining("not enough");
    List<GroundTruthTarget> cal = LeaveOneOutCalibration.calibrate(ts, FITTER, 10);
    assertThat(RttModelFitter.fitCalibrated(cal, DistanceModel.FIBER_TWO_THIRDS, 25.0,
        new double[] {0, 1000}).knots()).hasSize(1);
  }
}
