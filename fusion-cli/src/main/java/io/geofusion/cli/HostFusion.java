package io.geofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.asn.AsnProfile;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionJson;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.HostSignals;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.net.IpAddresses;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fusion step of {@code analyze}, shared by the recorded ({@code --input}) and live modes:
 * GeoIP/ASN enrichment of one target, host classification signals, the fused location with its
 * confidence circles and alerts, and the JSON document and text report of the result.
 *
 * <p>Thread-safe when its GeoIP service is (lookups and fusion keep no state), so live runs fuse
 * targets on their worker threads.
 */
final class HostFusion {

  /** Created on first use, so a command that prints no JSON never loads Jackson (start-up). */
  static final class MapperHolder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final GeoIpService geoip;
  private final AsnProfiles profiles;
  private final FusionEngine engine;

  HostFusion(GeoIpService geoip, AsnProfiles profiles, FusionEngine engine) {
    this.geoip = geoip;
    this.profiles = profiles;
    this.engine = engine;
  }

  GeoIpService geoip() {
    return geoip;
  }

  FusionEngine engine() {
    return engine;
  }

  AsnProfiles profiles() {
    return profiles;
  }

  /**
   * One fused target.
   *
   * @param asnType the ASN profile type of the target's AS, {@code ""} when unknown
   * @param doc the JSON document: fusion result plus {@code geoip} and {@code asn} objects
   */
  record Fused(FusionResult result, Optional<GeoIpLocation> location, Optional<AsnInfo> asn,
      String asnType, ObjectNode doc) {}

  /** Where GeoIP places {@code address}; empty for non-literals and misses. */
  Optional<GeoIpLocation> locate(String address) {
    InetAddress ip = parseOrNull(address);
    if (ip == null) {
      return Optional.empty();
    }
    try {
      return geoip.locate(ip);
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
  }

  /** The AS GeoIP records for {@code address}; empty for non-literals and misses. */
  Optional<AsnInfo> asn(String address) {
    InetAddress ip = parseOrNull(address);
    if (ip == null) {
      return Optional.empty();
    }
    try {
      return geoip.asn(ip);
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
  }

  /**
   * Fuses the RTT observations of {@code address} with what GeoIP says about it.
   *
   * @param vantages observations from placed vantages (may be empty: GeoIP alone, or abstain)
   * @param minRttMs smallest RTT measured to the target (for classification), NaN when none
   * @param jitterMs jitter of the target's RTTs, NaN when unknown
   */
  Fused fuse(String address, List<VantageObservation> vantages, double minRttMs,
      double jitterMs) {
    Optional<GeoIpLocation> loc = locate(address);
    Optional<AsnInfo> asn = asn(address);
    String asnType = asn.map(a -> profiles.profile(a.asn()))
        .map(AsnProfile::type).map(ty -> ty.name().toLowerCase(Locale.ROOT)).orElse("");
    FusionInput.Builder in = FusionInput.builder(address)
        .vantages(vantages)
        .signals(new HostSignals(asnType, minRttMs, jitterMs, false));
    loc.ifPresent(l -> in.geoIp(new GeoIpEvidence(l.position(), l.accuracyRadiusKm(),
        l.countryCentroid())));
    FusionResult r = engine.fuse(in.build());
    ObjectNode doc = FusionJson.toJson(r, MapperHolder.MAPPER);
    loc.ifPresent(l -> {
      ObjectNode g = doc.putObject("geoip");
      g.put("lat", l.position().lat()).put("lon", l.position().lon())
          .put("accuracy_radius_km", l.accuracyRadiusKm())
          .put("country_centroid", l.countryCentroid())
          .put("country_iso_code", l.countryIsoCode()).put("city", l.city())
          .put("source", l.source());
    });
    asn.ifPresent(a -> doc.putObject("asn").put("number", a.asn())
        .put("organization", a.organization()).put("type", asnType));
    return new Fused(r, loc, asn, asnType, doc);
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
  static void printReport(PrintWriter out, String title, Fused f, int vantages) {
    FusionResult r = f.result();
    Optional<GeoIpLocation> loc = f.location();
    out.println(title);
    boolean inconsistent = r.alerts().stream()
        .anyMatch(a -> a.type().equals(FusionAlert.LOCATION_INCONSISTENCY));
    String geo = loc.map(l -> "GeoIP " + place(l)
        + (inconsistent ? " is contradicted by the RTTs"
            : vantages == 0 ? " (not checked: no RTT from a placed vantage)" : " agrees"))
        .orElse("no GeoIP");
    if (r.abstained()) {
      out.println("  verdict: no location can be given (" + geo + ")");
    } else {
      out.printf(Locale.ROOT, "  verdict: likely within %.0f km of %s%s (90 %%), %.0f km (50 %%);"
              + " %s%n", r.circle90().radiusKm(), r.estimate(), near(r, loc),
          r.circle50().radiusKm(), geo);
    }
    out.printf(Locale.ROOT, "  evidence: %d vantage(s)%s%s; class %s (%.2f)%n", vantages,
        loc.map(l -> String.format(Locale.ROOT, ", GeoIP %s ±%.0f km%s", l.position(),
            l.accuracyRadiusKm(), l.countryCentroid() ? " (country centroid)" : ""))
            .orElse(""),
        f.asn().map(a -> ", AS" + a.asn() + " " + a.organization()).orElse(""),
        r.hostClass().label().jsonName(), r.hostClass().confidence());
    if (!r.abstained() && loc.isPresent()) {
      out.printf(Locale.ROOT, "  GeoIP centre is %.0f km from the estimate%n",
          Geodesy.distanceKm(r.estimate(), loc.get().position()));
    }
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

  /** {@code " (near Frankfurt, DE)"} when GeoIP's city lies inside the 90 % circle. */
  private static String near(FusionResult r, Optional<GeoIpLocation> loc) {
    if (loc.isEmpty() || loc.get().city() == null || loc.get().countryCentroid()) {
      return "";
    }
    double d = Geodesy.distanceKm(r.estimate(), loc.get().position());
    return d <= r.circle90().radiusKm() ? " (near " + place(loc.get()) + ")" : "";
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

  private static InetAddress parseOrNull(String s) {
    try {
      return IpAddresses.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
