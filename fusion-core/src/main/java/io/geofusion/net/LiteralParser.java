package io.geofusion.net;

/**
 * Parses IPv4 and IPv6 address literals into bytes by hand, so that no text can ever reach a
 * resolver. Errors are returned as a message instead of thrown, so that {@link IpAddresses#tryParse}
 * costs no exception on a miss.
 */
final class LiteralParser {

  /** Result of a parse: either {@code bytes} (4 or 16) or an {@code error}; {@code zone} may be null. */
  record Parsed(byte[] bytes, String zone, String error) {

    static Parsed fail(String text, String why) {
      return new Parsed(null, null, "'" + text + "' is not an IP address literal: " + why);
    }

    boolean ok() {
      return error == null;
    }
  }

  private LiteralParser() {}

  static Parsed parse(String text) {
    if (text == null) {
      return new Parsed(null, null, "an IP address literal is required, got null");
    }
    String s = text.strip();
    if (s.isEmpty()) {
      return Parsed.fail(text, "the text is empty");
    }
    boolean bracketed = false;
    if (s.charAt(0) == '[') {
      int close = s.indexOf(']');
      if (close < 0) {
        return Parsed.fail(text, "'[' without a closing ']'");
      }
      if (close != s.length() - 1) {
        return Parsed.fail(text, "unexpected text after ']' (ports are not part of an address)");
      }
      s = s.substring(1, close);
      bracketed = true;
    }
    String zone = null;
    int pct = s.indexOf('%');
    if (pct >= 0) {
      zone = s.substring(pct + 1);
      s = s.substring(0, pct);
      if (bracketed && zone.startsWith("25") && zone.length() > 2) {
        zone = zone.substring(2); // RFC 6874: '%' is written "%25" inside URI brackets
      }
      if (zone.isEmpty()) {
        return Parsed.fail(text, "empty zone id after '%'");
      }
      for (int i = 0; i < zone.length(); i++) {
        char c = zone.charAt(i);
        if (c <= ' ' || c == '%' || c == '[' || c == ']' || c == '/' || c > '~') {
          return Parsed.fail(text, "invalid character '" + c + "' in zone id");
        }
      }
    }
    if (s.indexOf(':') >= 0) {
      return parseV6(text, s, zone);
    }
    if (bracketed) {
      return Parsed.fail(text, "brackets are only used around IPv6 literals");
    }
    if (zone != null) {
      return Parsed.fail(text, "zone ids are only allowed on IPv6 literals");
    }
    if (looksLikeHostName(s)) {
      return Parsed.fail(text, "it looks like a host name, and GeoFusion never resolves names;"
          + " resolve it yourself (e.g. with dig) and pass the address");
    }
    byte[] b = new byte[4];
    String err = parseV4(s, b, 0);
    return err == null ? new Parsed(b, null, null) : Parsed.fail(text, err);
  }

  /** A letter or '-' anywhere outside an IPv6 literal means a name, not a typo in an address. */
  private static boolean looksLikeHostName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_') {
        return true;
      }
    }
    return false;
  }

  /** Strict dotted quad (as glibc inet_pton): four decimal parts 0–255, no leading zeros. */
  private static String parseV4(String s, byte[] out, int off) {
    int part = 0;
    int i = 0;
    int n = s.length();
    while (true) {
      int start = i;
      int v = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return "IPv4 part '" + s.substring(start, Math.min(n, start + 8)) + "' is too long";
        }
      }
      if (i == start) {
        if (i == n || s.charAt(i) == '.') {
          return "IPv4 literal is missing a part (it starts or ends with '.', or has '..')";
        }
        return "unexpected character '" + s.charAt(i) + "' in IPv4 literal";
      }
      if (i - start > 1 && s.charAt(start) == '0') {
        return "IPv4 part '" + s.substring(start, i)
            + "' has a leading zero (ambiguous: octal in some parsers)";
      }
      if (v > 255) {
        return "IPv4 part " + v + " is above 255";
      }
      if (part == 4) {
        return "IPv4 needs exactly 4 dotted decimal parts, got more";
      }
      out[off + part++] = (byte) v;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != '.') {
        return "unexpected character '" + s.charAt(i) + "' in IPv4 literal";
      }
      i++;
    }
    if (part != 4) {
      return "IPv4 needs exactly 4 dotted decimal parts, got " + part;
    }
    return null;
  }

  /** RFC 4291 §2.2 text forms: 8 groups, one "::", optional trailing dotted IPv4. */
  private static Parsed parseV6(String text, String s, String zone) {
    byte[] b = new byte[16];
    int n = s.length();
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return Parsed.fail(text, "'::' may appear only once in an IPv6 literal");
    }
    if (s.startsWith(":") && !s.startsWith("::")) {
      return Parsed.fail(text, "an IPv6 literal cannot start with a single ':'");
    }
    if (s.endsWith(":") && !s.endsWith("::")) {
      return Parsed.fail(text, "an IPv6 literal cannot end with a single ':'");
    }
    int[] groups = new int[8];
    int count = 0;
    int gapAt = -1;
    int i = 0;
    while (i < n) {
      if (i == dbl) {
        gapAt = count;
        i += 2;
        continue;
      }
      int start = i;
      int v = 0;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        v = (v << 4) | Character.digit(s.charAt(i), 16);
        i++;
        if (i - start > 4) {
          return Parsed.fail(text, "IPv6 group '" + s.substring(start, Math.min(n, start + 8))
              + "' has more than 4 hex digits");
        }
      }
      if (i < n && s.charAt(i) == '.') {
        // Embedded dotted IPv4 in the last 32 bits (RFC 4291 §2.2 form 3).
        if (count > 6) {
          return Parsed.fail(text, "too many groups before the embedded IPv4 part");
        }
        byte[] v4 = new byte[4];
        String err = parseV4(s.substring(start), v4, 0);
        if (err != null) {
          return Parsed.fail(text, "embedded " + err);
        }
        groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = n;
        break;
      }
      if (i == start) {
        char c = s.charAt(i);
        if (Character.isLetter(c)) {
          return Parsed.fail(text, "'" + c + "' is not a hex digit");
        }
        return Parsed.fail(text, "unexpected character '" + c + "' in IPv6 literal");
      }
      if (count == 8) {
        return Parsed.fail(text, "more than 8 groups in IPv6 literal");
      }
      groups[count++] = v;
      if (i < n) {
        if (i == dbl) {
          continue;
        }
        if (s.charAt(i) != ':') {
          return Parsed.fail(text, "unexpected character '" + s.charAt(i) + "' in IPv6 literal");
        }
        i++;
        if (i == n) {
          return Parsed.fail(text, "an IPv6 literal cannot end with a single ':'");
        }
      }
    }
    if (gapAt >= 0) {
      if (count > 7) {
        return Parsed.fail(text, "'::' must stand for at least one zero group");
      }
      int tail = count - gapAt;
      int[] full = new int[8];
      System.arraycopy(groups, 0, full, 0, gapAt);
      System.arraycopy(groups, gapAt, full, 8 - tail, tail);
      groups = full;
    } else if (count != 8) {
      return Parsed.fail(text, "IPv6 needs 8 groups (or '::'), got " + count);
    }
    for (int g = 0; g < 8; g++) {
      b[2 * g] = (byte) (groups[g] >>> 8);
      b[2 * g + 1] = (byte) groups[g];
    }
    return new Parsed(b, zone, null);
  }
}
