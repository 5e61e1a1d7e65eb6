package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The table {@code geofusion eval} prints without {@code --json}: median and p90 error of the
 * engine and the baselines, the ratio to CBG with its confidence intervals, coverage, alerts and
 * the experiments' figures, read from the report's JSON document.
 */
final class EvalReportText {

  private EvalReportText() {}

  static void print(PrintWriter out, ObjectNode d) {
    out.printf(Locale.ROOT, "targets %d, scored %d%n", d.get("targets").asInt(),
        d.get("scored").asInt());
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "method", "median_km", "p90_km");
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "geofusion", num(d, "median_error_km"),
        num(d, "p90_error_km"));
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "cbg",
        num((ObjectNode) d.get("baselines").get("cbg"), "median_error_km"),
        num((ObjectNode) d.get("baselines").get("cbg"), "p90_error_km"));
    out.printf(Locale.ROOT, "%-16s %12s %12s%n", "shortest_ping",
        num((ObjectNode) d.get("baselines").get("shortest_ping"), "median_error_km"),
        num((ObjectNode) d.get("baselines").get("shortest_ping"), "p90_error_km"));
    if (d.has("vs_cbg")) {
      ObjectNode v = (ObjectNode) d.get("vs_cbg");
      out.printf(Locale.ROOT, "vs cbg: median x%s %s, p90 x%s %s%n", num(v, "median_ratio"),
          ci(v, "median_ratio_ci95"), num(v, "p90_ratio"), ci(v, "p90_ratio_ci95"));
    }
    out.printf(Locale.ROOT, "coverage_50 %s  coverage_90 %s  (median radii %s / %s km)%n",
        num(d, "coverage_50"), num(d, "coverage_90"), num(d, "median_radius_50_km"),
        num(d, "median_radius_90_km"));
    out.printf(Locale.ROOT, "alerts: %s%n", d.get("alerts"));
    if (d.has("geoip_consistency")) {
      out.printf(Locale.ROOT, "geoip_consistency: %s%n", d.get("geoip_consistency"));
    }
    if (d.has("anycast_experiment")) {
      out.printf(Locale.ROOT, "anycast_experiment: %s%n", d.get("anycast_experiment"));
    }
  }

  private static String ci(ObjectNode o, String f) {
    var a = o.get(f);
    return a == null || !a.isArray() ? "" : "(95 % CI " + a.get(0).asText() + "-"
        + a.get(1).asText() + ")";
  }

  private static String num(ObjectNode o, String f) {
    return o.get(f) == null || o.get(f).isNull() ? "-" : o.get(f).asText();
  }
}
