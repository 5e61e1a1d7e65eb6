package io.geofusion.probe.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Address text as tools and people write it: dotted quad for IPv4, RFC 5952 §4 canonical form
 * for IPv6 (lower case, no leading zeros, the longest run of two or more zero groups, the first
 * on a tie, shortened to {@code ::}). {@link InetAddress#getHostAddress()} prints every IPv6
 * group ({@code 2001:db8:0:0:0:0:0:1}), which no tool does.
 */
public final class AddressText {

  private static final java.util.regex.Pattern V4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final java.util.regex.Pattern V6 =
      java.util.regex.Pattern.compile("[0-9a-fA-F:.]+");

  private AddressText() {}

  /** The canonical text of {@code a}. */
  public static String of(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * The canonical text of an IP literal, or {@code text} unchanged when it is not one. Never
   * resolves names: only dotted quads and colon-bearing hex strings are parsed.
   */
  public static String canonical(String text) {
    if (text == null) {
      return null;
    }
    boolean v4 = V4.matcher(text).matches();
    boolean v6 = text.indexOf(':') >= 0 && V6.matcher(text).matches();
    if (!v4 && !v6) {
      return text;
    }
    try {
      return of(InetAddress.getByName(text));
    } catch (java.net.UnknownHostException e) {
      return text;
    }
  }
}
