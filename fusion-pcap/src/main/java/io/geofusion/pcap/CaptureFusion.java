package io.geofusion.pcap;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.locate.EvidenceAssembler;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.net.IpAddresses;
import io.geofusion.rtt.RttEnvelope;
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
  public static Map<InetAddress, HostReport> locate(CaptureSummary summary, LatLon capturePoint,
      double localDelayMs, HostLocator locator) throws GeoIpException {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(capturePoint, "capturePoint");
    Objects.requireNonNull(locator, "locator");
    EvidenceAssembler assembler = EvidenceAssembler.builder().localDelayMs(localDelayMs).build();
    Map<String, InetAddress> addresses = new LinkedHashMap<>();
    List<EvidenceAssembler.Sample> samples = new ArrayList<>();
    for (HostRtt h : summary.hosts()) {
      RttEnvelope e = h.envelope();
      if (!e.hasReplies()) {
        continue;
      }
      String target = IpAddresses.toText(h.address());
      addresses.put(target, h.address());
      samples.add(new EvidenceAssembler.Sample(target, h.vantage(), capturePoint, e.minMs(),
          e.received() >= 2 ? e.jitterMs() : Double.NaN));
    }
    Map<InetAddress, HostReport> out = new LinkedHashMap<>();
    for (TargetEvidence t : assembler.assembleSamples(samples)) {
      out.put(addresses.get(t.target()), locator.locate(t));
    }
    return out;
  }

  /**
   * The graph's view of a fusion result: {@link FusionResult.Located#location()} (distribution
   * with covariances, the 90 % circle, host class and alerts); empty when the engine abstained.
   */
  public static Optional<HostLocation> toHostLocation(FusionResult r) {
    return r instanceof FusionResult.Located l ? Optional.of(l.location()) : Optional.empty();
  }
}
