package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.AnalysisJson;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.LiveTrace;
import io.geofusion.locate.ProbeChoice;
import io.geofusion.probe.TimestampSource;
import java.nio.charset.StandardCharsets;
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
   * {@code String.format(Locale.ROOT, "%.<decimals>f", v)}, the same characters at a small
   * fraction of the cost (a bulk {@code traceroute --input} formats five numbers per hop): the
   * Formatter rounds the shortest decimal form of the double ({@link Double#toString}) half up,
   * and so does this, on the digits of that form. A negative value (-0.0 too) is the positive
   * one with a minus sign, as the Formatter writes it; infinite and NaN values go through the
   * Formatter itself (its special names).
   */
  static String fixed(double v, int decimals) {
    if (v != v || Double.isInfinite(v)) {
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
    String quick = quickFixed(v, decimals);
    if (quick != null) {
      return quick;
    }
    StringBuilder sb = new StringBuilder(24);
    if (Double.doubleToRawLongBits(v) < 0) {
      sb.append('-');
      v = -v;
    }
    if (v == 0.0) {
      sb.append('0');
      if (decimals > 0) {
        sb.append('.').append("0".repeat(decimals));
      }
      return sb.toString();
    }
    // Double.toString: "ddd.ddd" or "d.dddE-n" / "d.dddEn"; digits without the point, and
    // where the point goes (digits before it).
    String s = Double.toString(v);
    int e = s.indexOf('E');
    int dot = s.indexOf('.');
    int end = e < 0 ? s.length() : e;
    char[] digits = new char[end]; // the digits before the E, less the point, plus the carry
    int n = 0;
    digits[n++] = '0'; // room for a carry into a new leading digit
    for (int i = 0; i < end; i++) {
      if (i != dot) {
        digits[n++] = s.charAt(i);
      }
    }
    int point = 1 + dot + (e < 0 ? 0 : Integer.parseInt(s.substring(e + 1)));
    int keep = point + decimals; // digits kept, the leading carry digit included
    if (keep < n) {
      boolean up = keep >= 0 && digits[keep] >= '5';
      for (int i = Math.max(keep, 0); i < n; i++) {
        digits[i] = '0';
      }
      for (int i = keep - 1; up && i >= 0; i--) {
        up = digits[i] == '9';
        digits[i] = up ? '0' : (char) (digits[i] + 1);
      }
    }
    // the integer part, without leading zeros
    int first = 0;
    while (first < point - 1 && first < n && digits[first] == '0') {
      first++;
    }
    if (point <= 0) {
      sb.append('0');
    }
    for (int i = first; i < point; i++) {
      sb.append(i < n ? digits[i] : '0');
    }
    if (decimals > 0) {
      sb.append('.');
      for (int i = point; i < keep; i++) {
        sb.append(i >= 0 && i < n ? digits[i] : '0');
      }
    }
    return sb.toString();
  }

  private static final double[] POWERS = {1, 10, 100, 1000};

  /**
   * {@link #fixed} without {@link Double#toString} when the answer is clear from the double
   * itself, else null: for 0 < |v| < 10^6 and up to 3 decimals, |v| × 10^decimals is within
   * 10^-7 of the same product taken on the shortest decimal form (half an ulp of v, scaled, plus
   * the product's own rounding), so when its fraction is not within 10^-6 of one half, both round
   * half up to the same integer (near an integer they may fall on either side of it, and round
   * to that integer alike). Ties and near-ties — RTTs recorded to three decimals often end in 5
   * — are left to the digits of the shortest form. A bulk run formats five numbers per hop;
   * Double.toString was most of that.
   */
  private static String quickFixed(double v, int decimals) {
    double a = Math.abs(v);
    if (decimals > 3 || !(a > 0.0) || a >= 1e6) {
      return null;
    }
    double scaled = a * POWERS[decimals];
    double whole = Math.floor(scaled);
    double frac = scaled - whole;
    if (Math.abs(frac - 0.5) <= 1e-6) {
      return null;
    }
    long r = (long) whole + (frac > 0.5 ? 1 : 0);
    byte[] out = new byte[24];
    int at = out.length;
    for (int i = 0; i < decimals; i++) {
      out[--at] = (byte) ('0' + r % 10);
      r /= 10;
    }
    if (decimals > 0) {
      out[--at] = '.';
    }
    do {
      out[--at] = (byte) ('0' + r % 10);
      r /= 10;
    } while (r > 0);
    if (v < 0) {
      out[--at] = '-';
    }
    return new String(out, at, out.length - at, StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code s} then spaces up to {@code width} characters: {@code String.format("%-<width>s", s)}
   * without a Formatter, whose number conversions initialise the JDK's locale data (about 20 ms
   * of a one-target command, docs/decisions/cli-startup.md §7).
   */
  static StringBuilder left(StringBuilder sb, String s, int width) {
    sb.append(s);
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb;
  }

  /** Spaces then {@code s}, {@code width} characters in all: {@code "%<width>s"}. */
  static StringBuilder right(StringBuilder sb, String s, int width) {
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb.append(s);
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
