package io.geofusion.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stage 1 of {@link FusionEngine#fuse}: does the evidence fit together? Hard-bound checks with no
 * grid (docs/fusion.md §3): anycast (feasible disks of different vantages that cannot
 * intersect) and GeoIP against RTT ("too close to be where GeoIP says"). A second anycast test
 * runs on the posterior in the summary ({@link #anycastOnPosterior}). The geometry is in {@link
 * ConsistencyChecker}; this class holds the engine's policy: margins, how many contradictions
 * raise an alert, and the alerts' severities. Immutable and thread-safe.
 *
 * <p>Accuracy on WonderNetwork's held-out half (docs/evaluation.md, "Inconsistency" and
 * "Anycast"): a false GeoIP answer far from the target (beyond twice the smallest hard bound) is
 * flagged for 0.98 of targets, the true answer for none of 123; synthetic anycast pairs 3,000 km
 * or more apart are flagged in 0.92 of cases (0.97 when both sites are visible), unicast targets
 * in 4 of 246 (0.016).
 */
final class ConsistencyStage {

  /** Relative tolerance on the hard bounds. */
  static final double TOLERANCE = 0.0;
  /** Added to every hard bound, km: ground-truth position error and metro-area spread. */
  static final double SLACK_KM = 50.0;
  /**
   * How many vantages must be removed before all feasible disks pairwise intersect for anycast
   * to be flagged: 2, so that one mislocated vantage cannot raise it alone.
   */
  static final int ANYCAST_MIN_COVER = 2;
  /**
   * At most this many vantages must contradict GeoIP; with n vantages the engine asks for
   * {@code min(3, max(1, n/10))}.
   */
  static final int GEO_IP_MIN_VIOLATIONS = 3;

  /**
   * The result of stage 1.
   *
   * @param alerts in order: anycast, then GeoIP inconsistency
   * @param anycast whether the disks say anycast (or several sites)
   * @param geoIpInconsistent whether RTT contradicts the GeoIP answer
   */
  record Report(List<FusionAlert> alerts, boolean anycast, boolean geoIpInconsistent) {
    Report {
      alerts = List.copyOf(alerts);
    }
  }

  private final RttBounds bounds;

  ConsistencyStage(RttBounds bounds) {
    this.bounds = bounds;
  }

  /** Checks one target's vantages against each other and against its GeoIP answer, if any. */
  Report check(TargetVantages v, GeoIpEvidence geo) {
    List<FusionAlert> alerts = new ArrayList<>(2);
    // The wide anycast test uses soft bounds, uncalibrated and without any class delay (the class
    // is not known yet).
    double[] soft = bounds.softBoundsKm(v, 0.0);
    ConsistencyChecker.AnycastCheck anycast = v.n >= 2
        ? ConsistencyChecker.checkAnycast(v.unit, v.hardBoundKm, soft, v.ids, v.n, TOLERANCE,
            SLACK_KM, ANYCAST_MIN_COVER)
        : new ConsistencyChecker.AnycastCheck(false, 0, "");
    if (anycast.suspected()) {
      alerts.add(new FusionAlert(FusionAlert.Type.ANYCAST,
          FusionAlert.Interpretation.ANYCAST_OR_MULTIPLE_SITES,
          Math.min(1.0, 0.5 + 0.05 * anycast.disjointPairs()), anycast.detail()));
    }
    boolean geoInconsistent = false;
    if (geo != null) {
      ConsistencyChecker.GeoIpCheck gc = ConsistencyChecker.checkGeoIp(v.unit, v.hardBoundKm,
          v.ids, v.n, SphereMath.unit(geo.centre()), geo.accuracyRadiusKm(), TOLERANCE,
          SLACK_KM);
      // With many vantages one mislocated vantage must not decide alone; with few, one is all
      // the evidence there is.
      int need = Math.min(GEO_IP_MIN_VIOLATIONS, Math.max(1, v.n / 10));
      if (gc.violations() >= need) {
        geoInconsistent = true;
        double severity = Math.min(1.0, 1.0 - 1.0 / Math.max(1.0, gc.worstRatio()));
        alerts.add(new FusionAlert(FusionAlert.Type.LOCATION_INCONSISTENCY,
            FusionAlert.Interpretation.VPN_OR_PROXY,
            Math.max(0.0, severity), gc.detail() + String.format(Locale.ROOT,
                "; %d vantage(s) contradict the GeoIP position", gc.violations())));
      }
    }
    return new Report(alerts, anycast.suspected(), geoInconsistent);
  }

  /**
   * The anycast test on the posterior: among the 32 vantages with the smallest soft bounds (with
   * the host class's extra delay removed), does every candidate location, the posterior's leaves
   * and the vantages themselves, lie outside the disks of at least {@link #ANYCAST_MIN_COVER}?
   * Runs only with 3 or more vantages and when stage 1 did not already flag anycast.
   */
  Optional<FusionAlert> anycastOnPosterior(TargetVantages v, Report stage1, double extraDelayMs,
      Posterior posterior) {
    if (stage1.anycast() || v.n < 3) {
      return Optional.empty();
    }
    double[] soft = bounds.softBoundsKm(v, extraDelayMs);
    int fewest = ConsistencyChecker.fewestViolations(v.unit, soft, v.ids, v.n, TOLERANCE,
        SLACK_KM, posterior);
    if (fewest < ANYCAST_MIN_COVER) {
      return Optional.empty();
    }
    return Optional.of(new FusionAlert(FusionAlert.Type.ANYCAST,
        FusionAlert.Interpretation.ANYCAST_OR_MULTIPLE_SITES,
        Math.min(1.0, 0.4 + 0.1 * fewest), String.format(Locale.ROOT,
            "every candidate location violates the hard RTT bound of at least %d vantages",
            fewest)));
  }
}
