package io.geofusion.fusion.eval;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.rtt.Bestline;
import io.geofusion.rtt.BestlineFitter;
import io.geofusion.rtt.Landmark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Calibrates every vantage of a ground-truth set by its CBG bestline, leave-one-out: for target
 * {@code T} and vantage {@code V}, the landmarks are the <em>other</em> targets of the set whose
 * truth is known and which {@code V} measured, each at {@code (distance(V, truth), min_rtt)}.
 * Every line named like {@code T} is excluded, so a target is never a landmark of its own
 * vantages (its position would otherwise leak into the bound that locates it); lines whose
 * target is the vantage itself (self-pairs) are skipped as well.
 *
 * <p>The fit is {@link BestlineFitter} with the 2/3 c speed bound ({@code m ≥ 1/99.93 ms/km},
 * {@code b ≥ 0}) and impossible landmarks (faster than 2/3 c: mislabelled positions) excluded.
 * A vantage with fewer than {@code minLandmarks} usable landmarks, or landmarks at fewer than two
 * distinct distances, stays uncalibrated (the engine then uses its physical bound). Any bestline
 * the input already carried is replaced.
 *
 * <p>Cost: one small LP per (target, vantage) pair, about 60,000 for the 246 WonderNetwork
 * servers. Stateless and thread-safe.
 */
public final class LeaveOneOutCalibration {

  /** Default minimum number of landmarks per fitted bestline. */
  public static final int DEFAULT_MIN_LANDMARKS = 10;

  private LeaveOneOutCalibration() {}

  /**
   * Returns the targets, in order, with each vantage carrying its leave-one-out bestline (or
   * none when it has too few landmarks).
   *
   * @param minLandmarks at least 2
   * @throws IllegalArgumentException if {@code minLandmarks < 2}
   */
  public static List<GroundTruthTarget> calibrate(List<GroundTruthTarget> targets,
      BestlineFitter fitter, int minLandmarks) {
    Objects.requireNonNull(targets, "targets must not be null");
    Objects.requireNonNull(fitter, "fitter must not be null");
    if (minLandmarks < 2) {
      throw new IllegalArgumentException("a bestline needs at least 2 landmarks, got minimum "
          + minLandmarks);
    }
    // Per vantage id: every (target name, landmark) it offers.
    Map<String, List<Entry>> byVantage = new HashMap<>();
    for (GroundTruthTarget t : targets) {
      if (t.truth() == null) {
        continue;
      }
      for (VantageObservation v : t.vantages()) {
        if (v.id().equals(t.target())) {
          continue;
        }
        byVantage.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(new Entry(t.target(),
            new Landmark(Geodesy.distanceKm(v.location(), t.truth()), v.minRttMs())));
      }
    }
    List<GroundTruthTarget> out = new ArrayList<>(targets.size());
    List<Landmark> lm = new ArrayList<>();
    for (GroundTruthTarget t : targets) {
      List<VantageObservation> vs = new ArrayList<>(t.vantages().size());
      for (VantageObservation v : t.vantages()) {
        lm.clear();
        for (Entry e : byVantage.getOrDefault(v.id(), List.of())) {
          if (!e.target.equals(t.target())) {
            lm.add(e.landmark);
          }
        }
        vs.add(v.withBestline(fit(fitter, lm, minLandmarks)));
      }
      out.add(new GroundTruthTarget(t.target(), t.truth(), vs, t.geoIp()));
    }
    return out;
  }

  /** The bestline of these landmarks, or {@code null} when they cannot determine one. */
  static Bestline fit(BestlineFitter fitter, List<Landmark> landmarks, int minLandmarks) {
    if (landmarks.size() < minLandmarks) {
      return null;
    }
    try {
      var f = fitter.fit(landmarks);
      return f.landmarksUsed() >= minLandmarks ? f.line() : null;
    } catch (IllegalArgumentException e) {
      return null; // fewer than two distinct distances (or, under REJECT, an impossible landmark)
    }
  }

  private record Entry(String target, Landmark landmark) {}
}
