package io.geofusion.guardrail;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node ids the guardrail refuses outright: too long, carrying control or invisible formatting
 * characters (NUL, newlines, U+202E), JSON punctuation, or an ASN outside 0..2^32-1. Such an id
 * is never an inference gone slightly wrong that a repair could fix.
 */
final class IdCheck {

  /** The reason code of a refused id. */
  static final String INVALID_ID = "invalid_id";
  /** Longest id accepted, in characters. */
  static final int MAX_ID_CHARS = 256;

  private static final Pattern ASN = Pattern.compile("asn:(\\d+)");
  private static final long MAX_ASN = 0xFFFF_FFFFL;

  private IdCheck() {}

  /** A violation when {@code id} (named {@code field}) is not acceptable, else null. */
  static Violation check(String field, String id) {
    if (id == null) {
      return null;
    }
    if (id.length() > MAX_ID_CHARS) {
      return new Violation(INVALID_ID, field + " is " + id.length() + " characters long; ids"
          + " are at most " + MAX_ID_CHARS);
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || c == '"' || c == '{' || c == '}' || c == '\\') {
        return new Violation(INVALID_ID, String.format(Locale.ROOT,
            "%s contains U+%04X at index %d (control, invisible formatting or JSON character)",
            field, (int) c, i));
      }
    }
    Matcher m = ASN.matcher(id);
    if (m.matches() && (m.group(1).length() > 10 || Long.parseLong(m.group(1)) > MAX_ASN)) {
      return new Violation(INVALID_ID, field + " " + id + " is not an AS number (0.."
          + MAX_ASN + ")");
    }
    return null;
  }
}
