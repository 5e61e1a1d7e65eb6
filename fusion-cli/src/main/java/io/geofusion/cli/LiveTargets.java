package io.geofusion.cli;

import io.geofusion.text.TextLines;
import io.geofusion.net.IpAddresses;
import io.geofusion.probe.PingRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Targets typed by the user for live probing: IP literals are parsed without DNS; host names are
 * resolved exactly once, here, which is the only place the CLI ever asks DNS (and only for names
 * the user typed). Addresses that would reach more than one host or none (multicast, broadcast,
 * unspecified) are refused with the probe package's own check.
 */
final class LiveTargets {

  private LiveTargets() {}

  /**
   * A target ready to probe.
   *
   * @param typed what the user typed
   * @param address where probes go
   * @param byName whether {@code typed} was a host name (resolved) rather than a literal
   */
  record Target(String typed, InetAddress address, boolean byName) {
    /** The canonical address text. */
    String addressText() {
      return IpAddresses.toText(address);
    }

    /** {@code "name (address)"} for names, the address for literals. */
    String label() {
      return byName ? typed + " (" + addressText() + ")" : addressText();
    }
  }

  /** A target that cannot be probed; the message is one line naming it and what to do. */
  static final class TargetException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the text itself is wrong (bad literal, refused address) rather than DNS failing. */
    final boolean badInput;

    TargetException(String message, boolean badInput) {
      super(message);
      this.badInput = badInput;
    }
  }

  /** RFC 1123 host name: labels of letters, digits, hyphens (and underscores, seen in the wild). */
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}\\.?$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)"
          + "(\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

  /** Text that can only be meant as an IP literal: dotted digits, or anything with a colon. */
  private static final Pattern LITERAL_LIKE = Pattern.compile("[0-9.]+|.*:.*|\\[.*\\]");

  /**
   * Checks the form of {@code text} without DNS: a literal is parsed and checked now, a name only
   * for its syntax.
   *
   * @return the target when {@code text} is a literal, null when it is a name still to resolve
   * @throws TargetException for a malformed literal or name, or a refused address
   */
  static Target literal(String text) throws TargetException {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new TargetException("empty target: give an IP address or a host name", true);
    }
    if (LITERAL_LIKE.matcher(t).matches()) {
      InetAddress a;
      try {
        a = IpAddresses.parse(t);
      } catch (IllegalArgumentException e) {
        throw new TargetException("invalid address '" + t + "': " + e.getMessage(), true);
      }
      return checked(new Target(t, a, false));
    }
    if (!HOST_NAME.matcher(t).matches()) {
      throw new TargetException("invalid target '" + t + "': neither an IP address nor a host"
          + " name", true);
    }
    return null;
  }

  /**
   * The target for {@code text}: a literal as is, a name resolved once (the first address the
   * system resolver returns, as {@code ping} does).
   *
   * @throws TargetException when the text is malformed, the name does not resolve or the address
   *     is refused
   */
  static Target resolve(String text) throws TargetException {
    Target lit = literal(text);
    if (lit != null) {
      return lit;
    }
    String name = text.strip();
    String lower = name.toLowerCase(Locale.ROOT);
    // RFC 6761 §6.4: resolver libraries should answer names under "invalid." negatively at once,
    // without asking a server.
    if (lower.equals("invalid") || lower.endsWith(".invalid") || lower.endsWith(".invalid.")) {
      throw new TargetException("cannot resolve '" + name + "': names under .invalid never"
          + " resolve (RFC 6761)", false);
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      throw new TargetException("cannot resolve '" + name + "': unknown host (check the name,"
          + " or give an IP address)", false);
    } catch (SecurityException e) {
      throw new TargetException("cannot resolve '" + name + "': " + e.getMessage(), false);
    }
    if (all.length == 0) {
      throw new TargetException("cannot resolve '" + name + "': no address", false);
    }
    // getAllByName returns addresses built with the name attached; rebuild from bytes so that
    // nothing downstream can trigger a reverse lookup.
    InetAddress a;
    try {
      a = InetAddress.getByAddress(all[0].getAddress());
    } catch (UnknownHostException e) {
      throw new TargetException("cannot resolve '" + name + "': " + e.getMessage(), false);
    }
    return checked(new Target(name, a, true));
  }

  private static Target checked(Target t) throws TargetException {
    try {
      PingRequest.builder(t.address()).build();
    } catch (IllegalArgumentException e) {
      throw new TargetException(t.byName() ? t.typed() + " resolves to " + t.addressText()
          + ": " + e.getMessage() : e.getMessage(), true);
    }
    return t;
  }

  /**
   * The targets of a {@code --targets} file: one per line, blank lines and {@code #} comments
   * ignored.
   */
  static List<String> readFile(Path file) {
    List<String> lines;
    try {
      lines = TextLines.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new GeoFusionCommand.Failure(file + ": no such file; check --targets");
    } catch (TextLines.NotUtf8Exception e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    } catch (IOException e) {
      throw new GeoFusionCommand.Failure(file + ": cannot read: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new GeoFusionCommand.Failure(file + ": no targets in the file (one per line)");
    }
    return out;
  }
}
