package io.geofusion.fusion;

/**
 * Decides what kind of host a target is. Implementations must be thread-safe and fast (they
 * run once per fused target). The engine calls the classifier after its consistency checks, so
 * {@code anycastSuspected} and {@code geoIpInconsistent} are already known.
 */
@FunctionalInterface
interface HostClassifier {

  /**
   * Classifies a target.
   *
   * @param signals facts about the target
   * @param anycastSuspected whether feasible RTT disks of different vantages cannot intersect
   * @param geoIpInconsistent whether the GeoIP answer lies outside the RTT-feasible region
   */
  HostClassification classify(HostSignals signals, boolean anycastSuspected,
      boolean geoIpInconsistent);

  /** The rule-based default, see {@link RuleBasedHostClassifier}. */
  static HostClassifier defaultClassifier() {
    return RuleBasedHostClassifier.INSTANCE;
  }
}
