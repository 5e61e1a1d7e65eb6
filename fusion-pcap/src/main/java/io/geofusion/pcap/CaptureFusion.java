package io.geofusion.pcap;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocator;
import io.geofusion.fusion.LocatedHost;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.graph.HostLocation;
import io.geofusion.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fuses each host's passive RTT with what GeoIP says, exactly as an active probe's RTT would be:
 * the capture point is one vantage (its location must be supplied: a capture does not record
 * where it was made), its minimum RTT to the host bounds the distance, and the GeoIP answer (if
 * any) is the prior the {@link FusionEngine} weighs against that bound.
 *
 * <p>Stateless; thread-safe when the engine and the GeoIP service are (both are documented so).
 */
public final class CaptureFusion {

  private CaptureFusion() {}

  /**
   * One fusion result per host with passive RTT.
   *
   * @param summary the analysed capture
   * @param capturePoint where the capture was made
   * @param localDelayMs the capture point's own access delay, ms (≥ 0)
   * @param geoip GeoIP service for the prior, or {@code null} for RTT alone
   * @param engine the fusion engine
   * @throws GeoIpException when the GeoIP database is corrupt
   */
  public static Map<InetAddress, FusionResult> fuse(CaptureSummary summary, LatLon capturePoint,
      double localDelayMs, GeoIpService geoip, FusionEngine engine) throws GeoIpException {
    Objects.requireNonNull(engine, "engine");
    HostLocator.Builder b = HostLocator.builder(engine);
    if (geoip != null) {
      b.geoIp(geoip);
    }
    Map<InetAddress, FusionResult> out = new LinkedHashMap<>();
    locate(summary, capturePoint, localDelayMs, b.build())
        .forEach((a, h) -> out.put(a, h.result()));
    return out;
  }

  /**
   * One located host per host with passive RTT, as {@code geofusion analyze} locates a target:
   * the locator's GeoIP service gives the prior, the AS type and, with an anonymous-IP database,
   * the VPN/proxy listing that makes the host a {@code vpn_exit} (whose GeoIP then counts
   * little); the passive RTT's minimum and jitter feed the host classification.
   *
   * @param summary the analysed capture
   * @param capturePoint where the capture was made
   * @param localDelayMs the capture point's own access delay, ms (≥ 0)
   * @param locator the host locator (engine, GeoIP service, ASN profiles)
   * @throws GeoIpException when a GeoIP database is corrupt
   */
  public static Map<InetAddress, LocatedHost> locate(CaptureSummary summary, LatLon capturePoint,
      double localDelayMs, HostLocator locator) throws GeoIpException {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(capturePoint, "capturePoint");
    Objects.requireNonNull(locator, "locator");
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException("local delay must be finite and >= 0 ms, got "
          + localDelayMs);
    }
    Map<InetAddress, LocatedHost> out = new LinkedHashMap<>();
    for (HostRtt h : summary.hosts()) {
      if (!h.envelope().hasReplies()) {
        continue;
      }
      VantageObservation v = new VantageObservation(h.vantage(), capturePoint,
          h.envelope().minMs(), Math.min(localDelayMs, h.envelope().minMs()));
      out.put(h.address(), locator.locate(IpAddresses.toText(h.address()), List.of(v),
          HostLocator.Facts.of(h.envelope())));
    }
    return out;
  }

  /**
   * The graph's view of a fusion result: mixture means as weighted centroids, the 90 % circle and
   * the distribution's {@code uncertainty_km}; empty when the engine abstained.
   */
  public static Optional<HostLocation> toHostLocation(FusionResult r) {
    if (r.abstained() || r.distribution() == null || r.distribution().components().isEmpty()) {
      return Optional.empty();
    }
    List<HostLocation.Centroid> cs = new ArrayList<>();
    double sum = 0;
    for (MixtureComponent c : r.distribution().components()) {
      sum += c.weight();
    }
    for (MixtureComponent c : r.distribution().components()) {
      cs.add(new HostLocation.Centroid(c.mean(), c.weight() / sum));
    }
    HostLocation.ConfidenceCircle circle = r.circle90() == null ? null
        : new HostLocation.ConfidenceCircle(r.circle90().centre(), r.circle90().radiusKm(),
            r.circle90().probability());
    return Optional.of(new HostLocation(cs, r.distribution().uncertaintyKm(), circle));
  }
}
