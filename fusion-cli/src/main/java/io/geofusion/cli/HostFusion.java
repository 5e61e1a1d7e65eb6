package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocator;
import io.geofusion.fusion.LocatedHost;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.json.FusionJson;
import io.geofusion.net.IpAddresses;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fusion step of {@code analyze}, shared by the recorded ({@code --input}) and live modes:
 * wiring of the library's {@link HostLocator} (GeoIP/ASN lookup, host signals, fusion) and the
 * JSON document and text report of its {@link LocatedHost}.
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

  HostFusion(GeoIpService geoip, AsnProfiles profiles, FusionEngine engine) {
    this(geoip, profiles, engine, false);
  }

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
   * One fused target.
   *
   * @param host what the library concluded
   * @param doc the JSON document: fusion result plus {@code geoip}, {@code asn} and {@code
   *     anonymous_ip} objects
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted
   */
  record Fused(LocatedHost host, ObjectNode doc, boolean anonymousIpDatabase) {
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
   * Fuses the RTT observations of {@code address} with what GeoIP says about it; a target
   * recorded by name only is fused without GeoIP.
   *
   * @param vantages observations from placed vantages (may be empty: GeoIP alone, or abstain)
   * @param minRttMs smallest RTT measured to the target (for classification), NaN when none
   * @param jitterMs jitter of the target's RTTs, NaN when unknown
   */
  Fused fuse(String address, List<VantageObservation> vantages, double minRttMs,
      double jitterMs) {
    HostLocator.Facts facts = HostLocator.Facts.of(minRttMs, jitterMs);
    LocatedHost h;
    try {
      h = IpAddresses.isLiteral(address) ? locator.locate(address, vantages, facts)
          : locator.locateByName(address, vantages, facts);
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
    ObjectNode doc = FusionJson.toJson(h.result());
    h.geoIp().ifPresent(l -> {
      ObjectNode g = doc.putObject("geoip");
      g.put("lat", l.position().lat()).put("lon", l.position().lon())
          .put("accuracy_radius_km", l.accuracyRadiusKm())
          .put("country_centroid", l.countryCentroid())
          .put("country_iso_code", l.countryIsoCode()).put("city", l.city())
          .put("source", l.source());
    });
    h.asn().ifPresent(a -> doc.putObject("asn").put("number", a.asn())
        .put("organization", a.organization()).put("type", h.signals().asnType()));
    if (anonymousIpDatabase || h.anonymousIp().isPresent()) {
      putAnonymousIp(doc.putObject("anonymous_ip"), h.anonymousIp());
    }
    return new Fused(h, doc, anonymousIpDatabase);
  }

  /**
   * The {@code anonymous_ip} object: {@code listed_as_proxy} (anonymous VPN, public proxy, Tor
   * exit or residential proxy), the {@code flags} set, and for a record its {@code network} and
   * {@code source}, and what an Anonymous Plus database adds when it records it ({@code
   * anonymizer_confidence}, {@code network_last_seen}, {@code provider_name}); an address the
   * database does not list has {@code listed_as_proxy: false} and no flags.
   */
  static ObjectNode putAnonymousIp(ObjectNode n, Optional<AnonymousIpInfo> info) {
    n.put("listed_as_proxy", info.map(AnonymousIpInfo::listedAsProxy).orElse(false));
    var flags = n.putArray("flags");
    info.ifPresent(a -> {
      a.flags().forEach(flags::add);
      n.put("network", a.network().toString()).put("source", a.source());
      a.anonymizerConfidence().ifPresent(c -> n.put("anonymizer_confidence", c));
      a.networkLastSeen().ifPresent(d -> n.put("network_last_seen", d.toString()));
      a.providerName().ifPresent(p -> n.put("provider_name", p));
    });
    return n;
  }

  /** The anonymous-IP listing as the text report states it. */
  static String describeAnonymousIp(Optional<AnonymousIpInfo> info) {
    if (info.isEmpty()) {
      return "not listed";
    }
    AnonymousIpInfo a = info.get();
    return String.join(", ", a.flags()) + plusDetails(a) + " (" + a.network() + ", "
        + a.source() + ")" + (a.listedAsProxy() ? ": listed as an anonymous proxy"
            : ": not a proxy listing, recorded only");
  }

  /**
   * What an Anonymous Plus record adds, as {@code "; provider foo, confidence 30/99, last seen
   * 2025-04-14"}; empty when it adds nothing.
   */
  static String plusDetails(AnonymousIpInfo a) {
    List<String> parts = new ArrayList<>();
    a.providerName().ifPresent(p -> parts.add("provider " + p));
    a.anonymizerConfidence().ifPresent(c -> parts.add("confidence " + c + "/99"));
    a.networkLastSeen().ifPresent(d -> parts.add("last seen " + d));
    return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
  }

  /** The {@code HOST_LOCATION} NDJSON event of a fused target. */
  static ObjectNode event(Fused f) {
    ObjectNode e = MapperHolder.MAPPER.createObjectNode();
    e.put("type", "HOST_LOCATION");
    e.setAll(f.doc());
    return e;
  }

  /**
   * The head of the text report: target, verdict and evidence lines (warnings are printed by
   * {@link #printWarnings}).
   *
   * @param title first line (the target)
   */
  static void printReport(PrintWriter out, String title, Fused f) {
    LocatedHost h = f.host();
    FusionResult r = h.result();
    Optional<GeoIpLocation> loc = h.geoIp();
    out.println(title);
    String geo = loc.map(l -> "GeoIP " + place(l) + switch (h.geoIpVerdict()) {
      case CONTRADICTED -> " is contradicted by the RTTs";
      case NOT_CHECKED -> " (not checked: no RTT from a placed vantage)";
      default -> " agrees";
    }).orElse("no GeoIP");
    if (r.abstained()) {
      out.println("  verdict: no location can be given (" + geo + ")");
    } else {
      out.printf(Locale.ROOT, "  verdict: likely within %.0f km of %s%s (90 %%), %.0f km (50 %%);"
              + " %s%n", r.circle90().radiusKm(), r.estimate(),
          h.geoIpCityInCircle90() ? " (near " + place(loc.get()) + ")" : "",
          r.circle50().radiusKm(), geo);
    }
    out.printf(Locale.ROOT, "  evidence: %d vantage(s)%s%s; class %s (%.2f%s)%n", h.vantages(),
        loc.map(l -> String.format(Locale.ROOT, ", GeoIP %s ±%.0f km%s", l.position(),
            l.accuracyRadiusKm(), l.countryCentroid() ? " (country centroid)" : ""))
            .orElse(""),
        h.asn().map(a -> ", AS" + a.asn() + " " + a.organization()).orElse(""),
        r.hostClass().label().jsonName(), r.hostClass().confidence(),
        h.signals().anonymousProxy() ? ", " + r.hostClass().reason() : "");
    if (f.anonymousIpDatabase() || h.anonymousIp().isPresent()) {
      out.println("  anonymous IP: " + describeAnonymousIp(h.anonymousIp()));
    }
    h.geoIpDistanceKm().ifPresent(d -> out.printf(Locale.ROOT,
        "  GeoIP centre is %.0f km from the estimate%n", d));
    r.distribution().components().forEach(c -> out.printf(Locale.ROOT,
        "  component: %s weight %.2f, sigma %.0f x %.0f km%n", c.mean(), c.weight(),
        c.sigmaMajorKm(), c.sigmaMinorKm()));
  }

  /** The fusion alerts as warning lines. */
  static void printWarnings(PrintWriter out, FusionResult r) {
    for (FusionAlert a : r.alerts()) {
      out.printf(Locale.ROOT, "  warning: %s (%s): %s%n", a.type(), a.interpretation(),
          a.detail());
    }
  }

  static String place(GeoIpLocation l) {
    StringBuilder sb = new StringBuilder();
    if (l.city() != null) {
      sb.append(l.city());
    }
    if (l.countryIsoCode() != null) {
      sb.append(sb.length() > 0 ? ", " : "").append(l.countryIsoCode());
    }
    return sb.length() == 0 ? l.position().toString() : sb.toString();
  }
}
