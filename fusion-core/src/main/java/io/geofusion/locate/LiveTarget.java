package io.geofusion.locate;

import io.geofusion.GeoFusionException;
import io.geofusion.net.IpAddresses;
import io.geofusion.probe.PingRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A target of live probing, as typed and as the address probes go to.
 *
 * <p>IP literals are parsed without DNS; a host name is resolved exactly once, by {@link
 * #resolve}, with the system resolver (the first address it returns, as {@code ping} does).
 * Nothing else in the live pipeline asks DNS, and nothing asks it in reverse. Addresses that
 * would reach more than one host or none (multicast, broadcast, unspecified) are refused with
 * the probe API's own check ({@link PingRequest}).
 *
 * <p><b>Time.</b> A literal costs no network wait. {@link #resolve} of a name waits for the
 * system resolver, bounded by its own configuration (glibc: {@code timeout:5 attempts:2} per
 * server by default), not by this class; {@link LiveRun} bounds a whole target's job, resolution
 * included.
 *
 * @param typed what the user typed (stripped)
 * @param address where probes go
 * @param byName whether {@code typed} was a host name (resolved) rather than a literal
 */
public record LiveTarget(String typed, InetAddress address, boolean byName) {

  /** RFC 1123 host name: labels of letters, digits, hyphens (and underscores, seen in the wild). */
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}\\.?$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)"
          + "(\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

  /** Text that can only be meant as an IP literal: dotted digits, or anything with a colon. */
  private static final Pattern LITERAL_LIKE = Pattern.compile("[0-9.]+|.*:.*|\\[.*\\]");

  public LiveTarget {
    Objects.requireNonNull(typed, "typed");
    Objects.requireNonNull(address, "address");
  }

  /** A target that cannot be probed; the message is one line naming it and what to do. */
  public static final class TargetException extends GeoFusionException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
      super(message);
    }
  }

  /** The canonical address text ({@link IpAddresses#toText}). */
  public String addressText() {
    return IpAddresses.toText(address);
  }

  /** {@code "name (address)"} for names, the address for literals. */
  public String label() {
    return byName ? typed + " (" + addressText() + ")" : addressText();
  }

  /**
   * Checks the form of {@code text} without DNS: a literal is parsed and checked now, a name only
   * for its syntax.
   *
   * @return the target when {@code text} is a literal, null when it is a name still to resolve
   * @throws TargetException for a malformed literal or name, or a refused address
   */
  public static LiveTarget literal(String text) throws TargetException {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new TargetException("empty target: give an IP address or a host name");
    }
    if (LITERAL_LIKE.matcher(t).matches()) {
      InetAddress a;
      try {
        a = IpAddresses.parse(t);
      } catch (IllegalArgumentException e) {
        throw new TargetException("invalid address '" + t + "': " + e.getMessage());
      }
      return checked(new LiveTarget(t, a, false));
    }
    if (!HOST_NAME.matcher(t).matches()) {
      throw new TargetException("invalid target '" + t + "': neither an IP address nor a host"
          + " name");
    }
    return null;
  }

  /**
   * The target for {@code text}: a literal as is, a name resolved once (the first address the
   * system resolver returns). Names under {@code .invalid} are refused without a query (RFC 6761
   * §6.4).
   *
   * @throws TargetException when the text is malformed, the name does not resolve or the address
   *     is refused
   */
  public static LiveTarget resolve(String text) throws TargetException {
    LiveTarget lit = literal(text);
    if (lit != null) {
      return lit;
    }
    String name = text.strip();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("invalid") || lower.endsWith(".invalid") || lower.endsWith(".invalid.")) {
      throw new TargetException("cannot resolve '" + name + "': names under .invalid never"
          + " resolve (RFC 6761)");
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      throw new TargetException("cannot resolve '" + name + "': unknown host (check the name,"
          + " or give an IP address)");
    } catch (SecurityException e) {
      throw new TargetException("cannot resolve '" + name + "': " + e.getMessage());
    }
    if (all.length == 0) {
      throw new TargetException("cannot resolve '" + name + "': no address");
    }
    // getAllByName returns addresses built with the name attached; rebuild from bytes so that
    // nothing downstream can trigger a reverse lookup.
    InetAddress a;
    try {
      a = InetAddress.getByAddress(all[0].getAddress());
    } catch (UnknownHostException e) {
      throw new TargetException("cannot resolve '" + name + "': " + e.getMessage());
    }
    return checked(new LiveTarget(name, a, true));
  }

  private static LiveTarget checked(LiveTarget t) throws TargetException {
    try {
      PingRequest.builder(t.address()).build();
    } catch (IllegalArgumentException e) {
      throw new TargetException(t.byName() ? t.typed() + " resolves to " + t.addressText()
          + ": " + e.getMessage() : e.getMessage());
    }
    return t;
  }
}
