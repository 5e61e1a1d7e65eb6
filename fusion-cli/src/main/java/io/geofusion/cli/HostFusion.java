package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.json.HostReportJson;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.net.IpAddresses;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * Live {@code analyze}'s adapter to the library ({@link LiveAnalysis} calls it): a {@link
 * HostLocator} whose GeoIP failures become one-line {@link GeoFusionCommand.Failure}s, the
 * {@link HostReportJson} document of each located host, and the {@link HostReportText} report.
 * Nothing here is command-specific; it goes once the live pipeline calls the library directly.
 *
 * <p>Thread-safe when its GeoIP service is (lookups and fusion keep no state), so live runs fuse
 * targets on their worker threads.
 */
final class HostFusion {

  /** Created on first use, so a command that prints no JSON never loads Jackson (start-up). */
  static final class MapperHolder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final HostLocator locator;
  /** Whether an anonymous-IP database was given, so "not listed" can be told from "unknown". */
  private final boolean anonymousIpDatabase;

  /**
   * @param anonymousIpDatabase whether {@code geoip} holds an anonymous-IP database: then every
   *     report says whether the target is listed, also when it is not
   */
  HostFusion(GeoIpService geoip, AsnProfiles profiles, FusionEngine engine,
      boolean anonymousIpDatabase) {
    this.locator = HostLocator.builder(engine).geoIp(geoip).asnProfiles(profiles).build();
    this.anonymousIpDatabase = anonymousIpDatabase;
  }

  GeoIpService geoip() {
    return locator.geoIp().orElse(GeoIpService.empty());
  }

  FusionEngine engine() {
    return locator.engine();
  }

  AsnProfiles profiles() {
    return locator.asnProfiles();
  }

  /**
   * One located target.
   *
   * @param host what the library concluded
   * @param doc its host-location document ({@link HostReportJson#document})
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted
   */
  record Fused(HostReport host, ObjectNode doc, boolean anonymousIpDatabase) {
    FusionResult result() {
      return host.result();
    }
  }

  /** What GeoIP says about {@code address} (e.g. a hop); empty for a non-literal. */
  Optional<HostLocator.Lookup> lookup(String address) {
    if (!IpAddresses.isLiteral(address)) {
      return Optional.empty();
    }
    try {
      return Optional.of(locator.lookup(address));
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
  }

  /** The AS GeoIP records for {@code address}; empty for non-literals and misses. */
  Optional<AsnInfo> asn(String address) {
    return lookup(address).flatMap(HostLocator.Lookup::asn);
  }

  /**
   * Locates {@code address} from {@code vantages} and GeoIP ({@link
   * HostLocator#locate(TargetEvidence)}); a target known by name only is fused without GeoIP.
   *
   * @param minRttMs smallest RTT measured to the target (for classification), NaN when none
   * @param jitterMs jitter of the target's RTTs, NaN when unknown
   */
  Fused fuse(String address, List<VantageObservation> vantages, double minRttMs,
      double jitterMs) {
    HostReport h;
    try {
      h = locator.locate(new TargetEvidence(address, vantages, minRttMs, jitterMs));
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
    return new Fused(h, HostReportJson.document(h, anonymousIpDatabase), anonymousIpDatabase);
  }

  /** The {@code HOST_LOCATION} NDJSON event of a fused target. */
  static ObjectNode event(Fused f) {
    return HostReportJson.event(f.doc());
  }

  /** {@link HostReportText#printReport} of a fused target. */
  static void printReport(PrintWriter out, String title, Fused f) {
    HostReportText.printReport(out, title, f.host(), f.anonymousIpDatabase());
  }

  /** {@link HostReportText#printWarnings}. */
  static void printWarnings(PrintWriter out, FusionResult r) {
    HostReportText.printWarnings(out, r);
  }

  /** {@link HostReportText#place}. */
  static String place(GeoIpLocation l) {
    return HostReportText.place(l);
  }
}
