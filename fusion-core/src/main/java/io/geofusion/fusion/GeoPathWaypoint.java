package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.net.AddressClass;
import io.geofusion.path.HopFlag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One hop of a {@link GeoPath}: who answered, where GeoIP puts it, and whether that place is
 * physically reachable in the hop's round-trip time.
 *
 * <p><b>Feasibility.</b> A signal cannot travel farther than the RTT allows, so the hop's
 * responder lies within {@code rttBoundKm = DistanceModel.maxDistanceKm(minRttMs, localDelayMs)}
 * of the vantage (docs/architecture.md §5: {@code max(0, rtt_min − local_delay)·f·c/2}, ≈ 99.9 km
 * per ms at f = 2/3). GeoIP is {@linkplain #geoipInfeasible() infeasible} when its centre lies
 * farther than that bound plus its own accuracy radius (a 67 % radius, see {@link GeoIpLocation}):
 * {@code vantageDistanceKm − accuracyRadiusKm > rttBoundKm}. The slack makes the flag
 * conservative: a flagged hop's GeoIP answer is wrong (or the reply came from elsewhere, e.g. an
 * anycast or tunnelled interface), not merely imprecise. The check is made on every answering
 * hop, spikes included: a slow ICMP reply only loosens the bound, it never makes it false.
 *
 * @param ttl the TTL of the probes, in [1, 255]
 * @param address the primary responder (canonical text), null when nobody answered
 * @param addressClass class of {@code address}; null without an address or for a non-literal
 * @param geoip where GeoIP places {@code address}, null when unlocated (no answer, a private
 *     address, or an address the databases do not cover)
 * @param asn the autonomous system GeoIP records for {@code address}, null when unknown
 * @param minRttMs the smallest RTT of the replies from {@code address}, null for a timeout
 * @param hopFlags the hop analysis' flags ({@link io.geofusion.path.HopAnalyzer})
 * @param deltaKm the clean-path distance step (see {@link io.geofusion.path.HopAnalysis}), null
 *     for hops that are not clean
 * @param rttBoundKm the hard distance bound from the vantage implied by {@code minRttMs}, null
 *     for a timeout
 * @param vantageDistanceKm geodesic distance from the vantage to the GeoIP position, null
 *     without a vantage or a position
 */
public record GeoPathWaypoint(
    int ttl,
    String address,
    AddressClass addressClass,
    GeoIpLocation geoip,
    AsnInfo asn,
    Double minRttMs,
    Set<HopFlag> hopFlags,
    Double deltaKm,
    Double rttBoundKm,
    Double vantageDistanceKm) {

  /** The flag name added to the hop flags when GeoIP is not RTT-feasible. */
  public static final String GEOIP_INFEASIBLE = "geoip_infeasible";

  public GeoPathWaypoint {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
    hopFlags = hopFlags == null || hopFlags.isEmpty() ? Collections.emptySet()
        : Collections.unmodifiableSet(EnumSet.copyOf(hopFlags));
    if (address == null && (geoip != null || asn != null || minRttMs != null)) {
      throw new IllegalArgumentException("TTL " + ttl + ": a hop without a responder can have no"
          + " GeoIP answer, ASN or RTT");
    }
    requireNonNegative("min RTT (ms)", minRttMs);
    requireNonNegative("delta (km)", deltaKm);
    requireNonNegative("RTT bound (km)", rttBoundKm);
    requireNonNegative("vantage distance (km)", vantageDistanceKm);
    if ((minRttMs == null) != (rttBoundKm == null)) {
      throw new IllegalArgumentException("TTL " + ttl + ": min RTT and RTT bound are both set or"
          + " both null");
    }
    if (vantageDistanceKm != null && geoip == null) {
      throw new IllegalArgumentException("TTL " + ttl + ": a vantage distance needs a GeoIP"
          + " position");
    }
  }

  /**
   * Builds a waypoint, computing {@code vantageDistanceKm} from {@code vantage} (may be null).
   */
  public static GeoPathWaypoint of(int ttl, String address, AddressClass addressClass,
      GeoIpLocation geoip, AsnInfo asn, Double minRttMs, Set<HopFlag> hopFlags, Double deltaKm,
      Double rttBoundKm, LatLon vantage) {
    Double dist = vantage == null || geoip == null ? null
        : Geodesy.distanceKm(vantage, geoip.position());
    return new GeoPathWaypoint(ttl, address, addressClass, geoip, asn, minRttMs, hopFlags,
        deltaKm, rttBoundKm, dist);
  }

  private static void requireNonNegative(String what, Double v) {
    if (v != null && !(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
    }
  }

  /** True when GeoIP placed the responder. */
  public boolean located() {
    return geoip != null;
  }

  /** The GeoIP position, when located. */
  public Optional<LatLon> position() {
    return geoip == null ? Optional.empty() : Optional.of(geoip.position());
  }

  /**
   * True when the GeoIP position is farther from the vantage than the RTT allows, beyond the
   * accuracy radius: {@code vantageDistanceKm − accuracyRadiusKm > rttBoundKm}. False when any of
   * them is unknown (no vantage, no position or no RTT: nothing to contradict).
   */
  public boolean geoipInfeasible() {
    return vantageDistanceKm != null && rttBoundKm != null
        && vantageDistanceKm - geoip.accuracyRadiusKm() > rttBoundKm;
  }

  /** How far beyond the RTT bound (plus accuracy radius) GeoIP lies, in km; 0 when feasible. */
  public double infeasibleExcessKm() {
    return geoipInfeasible() ? vantageDistanceKm - geoip.accuracyRadiusKm() - rttBoundKm : 0.0;
  }

  /** True when nobody answered at this TTL. */
  public boolean timedOut() {
    return minRttMs == null;
  }

  /**
   * Every flag by JSON name: the hop flags in declaration order ({@code private_backbone},
   * {@code rtt_spike}…), then {@value #GEOIP_INFEASIBLE} when it applies.
   */
  public List<String> flagNames() {
    List<String> names = new ArrayList<>(hopFlags.size() + 1);
    for (HopFlag f : hopFlags) {
      names.add(f.jsonName());
    }
    if (geoipInfeasible()) {
      names.add(GEOIP_INFEASIBLE);
    }
    return List.copyOf(names);
  }
}
