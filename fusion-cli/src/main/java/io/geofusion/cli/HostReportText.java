package io.geofusion.cli;

import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.locate.HostReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The text report of a located host ({@code geofusion analyze} without {@code --json}): target,
 * verdict, evidence, anonymous-IP listing, mixture components, then the fusion alerts as
 * warnings.
 */
final class HostReportText {

  private HostReportText() {}

  /**
   * The head of the report: target, verdict and evidence lines (warnings are printed by
   * {@link #printWarnings}).
   *
   * @param title first line (the target)
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted: then the report
   *     says "not listed" for a target it does not list
   */
  static void printReport(PrintWriter out, String title, HostReport h,
      boolean anonymousIpDatabase) {
    FusionResult r = h.result();
    Optional<GeoIpLocation> loc = h.geoIp();
    out.println(title);
    String geo = loc.map(l -> "GeoIP " + place(l) + switch (h.geoIpVerdict()) {
      case CONTRADICTED -> " is contradicted by the RTTs";
      case NOT_CHECKED -> " (not checked: no RTT from a placed vantage)";
      default -> " agrees";
    }).orElse("no GeoIP");
    if (r instanceof FusionResult.Located l) {
      out.printf(Locale.ROOT, "  verdict: likely within %.0f km of %s%s (90 %%), %.0f km (50 %%);"
              + " %s%n", l.circle90().radiusKm(), l.estimate(),
          h.geoIpCityInCircle90() ? " (near " + place(loc.get()) + ")" : "",
          l.circle50().radiusKm(), geo);
    } else {
      out.println("  verdict: no location can be given (" + geo + ")");
    }
    out.printf(Locale.ROOT, "  evidence: %d vantage(s)%s%s; class %s (%.2f%s)%n", h.vantages(),
        loc.map(l -> String.format(Locale.ROOT, ", GeoIP %s ±%.0f km%s", l.position(),
            l.accuracyRadiusKm(), l.countryCentroid() ? " (country centroid)" : ""))
            .orElse(""),
        h.asn().map(a -> ", AS" + a.asn() + " " + a.organization()).orElse(""),
        r.hostClass().label().jsonName(), r.hostClass().confidence(),
        h.signals().anonymousProxy() ? ", " + r.hostClass().reason() : "");
    if (anonymousIpDatabase || h.anonymousIp().isPresent()) {
      out.println("  anonymous IP: " + describeAnonymousIp(h.anonymousIp()));
    }
    h.geoIpDistanceKm().ifPresent(d -> out.printf(Locale.ROOT,
        "  GeoIP centre is %.0f km from the estimate%n", d));
    if (r instanceof FusionResult.Located l) {
      l.distribution().components().forEach(c -> out.printf(Locale.ROOT,
          "  component: %s weight %.2f, sigma %.0f x %.0f km%n", c.mean(), c.weight(),
          c.sigmaMajorKm(), c.sigmaMinorKm()));
    }
  }

  /** The fusion alerts as warning lines. */
  static void printWarnings(PrintWriter out, FusionResult r) {
    for (FusionAlert a : r.alerts()) {
      out.printf(Locale.ROOT, "  warning: %s (%s): %s%n", a.type().jsonName(),
          a.interpretation().jsonName(), a.detail());
    }
  }

  /** The anonymous-IP listing as the report states it. */
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

  /** A GeoIP answer as a place: {@code "Frankfurt, DE"}, else its position. */
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
