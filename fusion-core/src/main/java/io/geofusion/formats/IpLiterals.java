package io.geofusion.formats;

/**
 * Recognises IP address literals in recorded text without any DNS lookup (unlike
 * {@code InetAddress.getByName}, which resolves anything that is not a literal).
 */
final class IpLiterals {

  private IpLiterals() {}

  /** True for a dotted-quad IPv4 literal or an IPv6 literal (optionally with a %zone). */
  static boolean isLiteral(String s) {
    return s != null && (isIpv4(s) || isIpv6(s));
  }

  static boolean isIpv4(String s) {
    int parts = 0;
    int i = 0;
    int n = s.length();
    while (i <= n) {
      int start = i;
      int value = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return false;
        }
      }
      if (i == start || value > 255) {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != '.') {
        return false;
      }
      i++;
    }
    return parts == 4;
  }

  static boolean isIpv6(String s) {
    int pct = s.indexOf('%');
    String a = pct >= 0 ? s.substring(0, pct) : s;
    if (pct == 0 || a.indexOf(':') < 0 || a.length() > 45) {
      return false;
    }
    int lastColon = a.lastIndexOf(':');
    String tail = a.substring(lastColon + 1);
    String head = a;
    int groupsFromTail = 0;
    if (tail.indexOf('.') >= 0) {
      if (!isIpv4(tail)) {
        return false;
      }
      head = a.substring(0, lastColon + 1) + "0";
      groupsFromTail = 1; // the IPv4 tail takes two groups; "0" stands for one of them
    }
    int doubleColon = head.indexOf("::");
    if (doubleColon >= 0 && head.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = head.split(":", -1);
    int nonEmpty = 0;
    for (int g = 0; g < groups.length; g++) {
      String grp = groups[g];
      if (grp.isEmpty()) {
        boolean partOfDouble = doubleColon >= 0;
        if (!partOfDouble) {
          return false;
        }
        continue;
      }
      if (grp.length() > 4) {
        return false;
      }
      for (int k = 0; k < grp.length(); k++) {
        if (Character.digit(grp.charAt(k), 16) < 0) {
          return false;
        }
      }
      nonEmpty++;
    }
    int total = nonEmpty + groupsFromTail;
    return doubleColon >= 0 ? total <= 7 : total == 8;
  }

  /**
   * Normalises an IPv4-mapped IPv6 literal ({@code ::ffff:192.0.2.1}) to its IPv4 form; any other
   * text is returned unchanged.
   */
  static String unmapIpv4(String s) {
    if (s != null && s.regionMatches(true, 0, "::ffff:", 0, 7) && isIpv4(s.substring(7))) {
      return s.substring(7);
    }
    return s;
  }
}
