package io.geofusion.probe.internal;

import io.geofusion.net.IpAddresses;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Address text as the backends report it: {@link IpAddresses#toText} (dotted quad for IPv4,
 * RFC 5952 for IPv6) without the {@code %scope} suffix, since a reply's scope names this host's
 * interface, not the target. {@link InetAddress#getHostAddress()} prints every IPv6 group
 * ({@code 2001:db8:0:0:0:0:0:1}), which no tool does.
 */
public final class AddressText {

  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]+");

  private AddressText() {}

  /** The canonical text of {@code a}, without a scope. */
  public static String of(InetAddress a) {
    String text = IpAddresses.toText(a);
    int scope = text.indexOf('%');
    return scope < 0 ? text : text.substring(0, scope);
  }

  /**
   * The canonical text of an IP literal, or {@code text} unchanged when it is not one (a name, or
   * a literal with a zone id). Never resolves names.
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
    return IpAddresses.canonical(text).orElse(text);
  }
}
