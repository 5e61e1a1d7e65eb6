package io.geofusion.fusion;

/**
 * The default {@link HostClassifier}: explicit rules in priority order, first match wins.
 *
 * <ol>
 *   <li>anycast suspected → {@code ANYCAST} (0.9)</li>
 *   <li>listed as anonymous proxy, or GeoIP outside the RTT-feasible region → {@code VPN_EXIT}
 *       (0.9 listed, 0.7 inferred)</li>
 *   <li>ASN type {@code satellite}, or min RTT ≥ 25 ms with jitter ≥ 8 ms (the signature of a
 *       low-earth-orbit bent pipe) → {@code SATELLITE}</li>
 *   <li>ASN type {@code mobile} → {@code MOBILE_CARRIER_NAT} (0.7)</li>
 *   <li>ASN type {@code cdn} → {@code CDN_EDGE}; {@code hosting}/{@code hyperscaler} →
 *       {@code HOSTING}; {@code cable}/{@code dsl}/{@code residential}/{@code isp} →
 *       {@code RESIDENTIAL} (0.6)</li>
 * </ol>
 * Stateless and thread-safe.
 */
final class RuleBasedHostClassifier implements HostClassifier {

  static final RuleBasedHostClassifier INSTANCE = new RuleBasedHostClassifier();

  private RuleBasedHostClassifier() {}

  @Override
  public HostClassification classify(HostSignals s, boolean anycastSuspected,
      boolean geoIpInconsistent) {
    if (anycastSuspected) {
      return new HostClassification(HostClass.ANYCAST, 0.9,
          "feasible RTT disks of different vantages cannot intersect");
    }
    if (s.anonymousProxy()) {
      return new HostClassification(HostClass.VPN_EXIT, 0.9, "listed as an anonymous proxy");
    }
    if (geoIpInconsistent) {
      return new HostClassification(HostClass.VPN_EXIT, 0.7,
          "GeoIP position lies outside the RTT-feasible region");
    }
    String t = s.asnType();
    if (t.equals("satellite")) {
      return new HostClassification(HostClass.SATELLITE, 0.8, "origin ASN is a satellite carrier");
    }
    if (s.minRttMs() >= 25.0 && s.jitterMs() >= 8.0) {
      return new HostClassification(HostClass.SATELLITE, 0.4,
          "high RTT floor with high jitter, as over a satellite bent pipe");
    }
    switch (t) {
      case "mobile":
        return new HostClassification(HostClass.MOBILE_CARRIER_NAT, 0.7,
            "origin ASN is a mobile carrier");
      case "cdn":
        return new HostClassification(HostClass.CDN_EDGE, 0.6, "origin ASN is a CDN");
      case "hosting":
      case "hyperscaler":
        return new HostClassification(HostClass.HOSTING, 0.6, "origin ASN is a hosting network");
      case "cable":
      case "dsl":
      case "residential":
      case "isp":
        return new HostClassification(HostClass.RESIDENTIAL, 0.6,
            "origin ASN is an access network");
      default:
        return HostClassification.UNKNOWN;
    }
  }
}
