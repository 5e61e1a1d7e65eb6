package io.geofusion.fusion.eval;

import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.Objects;

/**
 * One line of the ground-truth NDJSON format (docs/evaluation.md):
 * <pre>{"target":"wn-1","truth":{"lat":-37.78,"lon":144.97},
 *  "vantages":[{"id":"wn-125","lat":-23.55,"lon":-46.63,"min_rtt_ms":288.45},
 *              {"id":"x","lat":50.12,"lon":8.59,"rtt_ms":[4.27,4.17,4.02]}],
 *  "geoip":{"lat":-37.8,"lon":145.0,"accuracy_radius_km":20}}</pre>
 *
 * @param target name
 * @param truth the true position, or {@code null} when unknown (not scored)
 * @param vantages observations
 * @param geoIp GeoIP evidence, or {@code null}
 */
public record GroundTruthTarget(String target, LatLon truth, List<VantageObservation> vantages,
    GeoIpEvidence geoIp) {

  public GroundTruthTarget {
    Objects.requireNonNull(target, "target name must not be null");
    vantages = List.copyOf(vantages);
  }

  /** What the engine fuses for this target: its vantages and GeoIP (never the truth). */
  public FusionInput input() {
    return new FusionInput(target, vantages, geoIp, List.of(), null);
  }

  /** Same target with other GeoIP evidence. */
  public GroundTruthTarget withGeoIp(GeoIpEvidence g) {
    return new GroundTruthTarget(target, truth, vantages, g);
  }
}
