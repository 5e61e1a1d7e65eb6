package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.AnalysisJson;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.LiveTrace;
import io.geofusion.locate.ProbeChoice;
import io.geofusion.probe.TimestampSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * How the commands write numbers, probing details and shared JSON pieces, so that every command
 * words them alike.
 */
final class Render {

  private Render() {}

  /** Milliseconds with two decimals, {@code "-"} when unknown. */
  static String ms(Double v) {
    return v == null ? "-" : fixed(v, 2);
  }

  /** Whole kilometres. */
  static String km(double v) {
    return fixed(v, 0);
  }

  /** A ratio as a whole percentage. */
  static String pct(double ratio) {
    return fixed(ratio * 100, 0) + "%";
  }

  /**
   * {@code String.format(Locale.ROOT, "%.<decimals>f", v)}, the same characters at a tenth of
   * the cost (a bulk {@code traceroute --input} formats five numbers per hop): the Formatter
   * rounds the shortest decimal form of the double ({@link Double#toString}) half up, and so does
   * this. Negative, zero, infinite and NaN values go through the Formatter itself (its signs of
   * zero and special names).
   */
  static String fixed(double v, int decimals) {
    if (v > 0.0 && v < Double.POSITIVE_INFINITY) {
      return new BigDecimal(Double.toString(v)).setScale(decimals, RoundingMode.HALF_UP)
          .toPlainString();
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** {@code "native-raw, ICMP, kernel timestamps, started 2026-11-26T04:40:00Z"}. */
  static String how(ProbeChoice c, String backend, TimestampSource ts, Instant at) {
    return backend + ", " + c.method() + (c.port() == 0 ? "" : " port " + c.port()) + ", "
        + ts.name().toLowerCase(Locale.ROOT).replace('_', '-') + " timestamps, started " + at;
  }

  /** How a text report names a destination, which a recording may leave unknown (null). */
  static String destinationText(String destination) {
    return destination != null ? destination
        : "an unknown destination (the recording does not name it)";
  }

  /** The {@code "probe"} object of live JSON output ({@link AnalysisJson#probeInfo}). */
  static Map<String, Object> probeInfo(LiveTarget t, ProbeChoice c, String backend,
      TimestampSource timestampSource) {
    return AnalysisJson.probeInfo(t, c, backend, timestampSource);
  }

  /** The {@code "probe"} object of a live traceroute ({@link AnalysisJson#probeInfo}). */
  static Map<String, Object> probeInfo(LiveTrace t) {
    return AnalysisJson.probeInfo(t);
  }

  /** A live document with its {@code "probe"} object ({@link AnalysisJson#withProbe}). */
  static ObjectNode withProbe(Object document, Map<String, Object> probe) {
    return AnalysisJson.withProbe(document, probe);
  }
}
