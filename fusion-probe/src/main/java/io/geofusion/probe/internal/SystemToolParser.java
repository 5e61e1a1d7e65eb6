package io.geofusion.probe.internal;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.probe.ErrorReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal readers for the text of iputils {@code ping -n} and Linux {@code traceroute -n -e}
 * (traceroute 2.1). They read only what these two tools print with the options this package
 * passes; recorded files are read by the {@code formats} readers (why two readers:
 * docs/decisions/probe-backends.md).
 */
public final class SystemToolParser {

  private static final Pattern PING_REPLY =
      Pattern.compile("^\\d+ bytes from ([0-9a-fA-F:.]+).*?icmp_seq=(\\d{1,9})\\b.*?"
          + "time=(\\d{1,9}(?:\\.\\d{1,9})?) ms");
  private static final Pattern PING_ERROR =
      Pattern.compile("^From ([0-9a-fA-F:.]+).*?icmp_seq=(\\d{1,9})\\b\\s*(.*)$");
  private static final Pattern HOP_LINE = Pattern.compile("^\\s*(\\d{1,3})\\s+(.*)$");
  private static final Pattern MPLS =
      Pattern.compile("<MPLS:L=(\\d{1,7}),E=(\\d),S=([01]),T=(\\d{1,3})(?:/[^>]*)?>");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern LINES = Pattern.compile("\\R");
  private static final Pattern ADDRESS = Pattern.compile("^[0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*$");

  private SystemToolParser() {}

  /**
   * RTTs (ms, NaN lost), responders and ICMP errors (null where none) of {@code count} pings,
   * indexed by icmp_seq − 1.
   */
  public record PingLines(double[] rttsMs, String[] responders, ErrorReply[] errors) {}

  /**
   * iputils ping's words for each ICMP error (ping4_common pr_icmph, ping6_common pr_icmph):
   * {type, code} of the text it prints after {@code icmp_seq=N}.
   */
  private static final Map<String, int[]> V4_ERRORS = Map.ofEntries(
      Map.entry("destination net unreachable", new int[] {3, 0}),
      Map.entry("destination host unreachable", new int[] {3, 1}),
      Map.entry("destination protocol unreachable", new int[] {3, 2}),
      Map.entry("destination port unreachable", new int[] {3, 3}),
      Map.entry("frag needed and df set", new int[] {3, 4}),
      Map.entry("source route failed", new int[] {3, 5}),
      Map.entry("destination net unknown", new int[] {3, 6}),
      Map.entry("destination host unknown", new int[] {3, 7}),
      Map.entry("source host isolated", new int[] {3, 8}),
      Map.entry("destination net prohibited", new int[] {3, 9}),
      Map.entry("destination host prohibited", new int[] {3, 10}),
      Map.entry("destination net unreachable for type of service", new int[] {3, 11}),
      Map.entry("destination host unreachable for type of service", new int[] {3, 12}),
      Map.entry("packet filtered", new int[] {3, 13}),
      Map.entry("precedence violation", new int[] {3, 14}),
      Map.entry("precedence cutoff", new int[] {3, 15}),
      Map.entry("time to live exceeded", new int[] {11, 0}),
      Map.entry("frag reassembly time exceeded", new int[] {11, 1}));
  private static final Map<String, int[]> V6_ERRORS = Map.ofEntries(
      Map.entry("destination unreachable: no route", new int[] {1, 0}),
      Map.entry("destination unreachable: administratively prohibited", new int[] {1, 1}),
      Map.entry("destination unreachable: beyond scope of source address", new int[] {1, 2}),
      Map.entry("destination unreachable: address unreachable", new int[] {1, 3}),
      Map.entry("destination unreachable: port unreachable", new int[] {1, 4}),
      Map.entry("time exceeded: hop limit", new int[] {3, 0}),
      Map.entry("time exceeded: defragmentation failure", new int[] {3, 1}));
  private static final Pattern BAD_CODE =
      Pattern.compile("^(dest unreachable|time exceeded), bad code: (\\d{1,3})");

  /**
   * The ICMP error an iputils {@code From ... icmp_seq=N TEXT} line names, or one with type and
   * code -1 (sender known, meaning {@code icmp_error}) when the text is not one ping prints.
   */
  static ErrorReply pingError(String from, String text, boolean v6) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    int paren = t.indexOf(" (");
    String key = paren >= 0 ? t.substring(0, paren) : t;
    int[] tc = (v6 ? V6_ERRORS : V4_ERRORS).get(key);
    if (tc == null && key.startsWith("frag needed and df set")) {
      tc = new int[] {3, 4};
    }
    if (tc == null && key.startsWith("packet too big")) {
      tc = new int[] {2, 0};
    }
    if (tc == null) {
      Matcher b = BAD_CODE.matcher(key);
      if (b.find() && !v6) {
        tc = new int[] {b.group(1).startsWith("dest") ? 3 : 11, Integer.parseInt(b.group(2))};
      }
    }
    if (tc == null || tc[1] > 255) {
      return new ErrorReply(from, -1, -1, v6, "icmp_error");
    }
    return ErrorReply.icmp(from, v6, tc[0], tc[1]);
  }

  /** Reads iputils ping output; lines with a sequence outside 1..count and duplicates are ignored. */
  public static PingLines parsePing(String text, int count) {
    double[] rtts = new double[count];
    Arrays.fill(rtts, Double.NaN);
    String[] responders = new String[count];
    ErrorReply[] errors = new ErrorReply[count];
    for (String line : LINES.split(text)) {
      if (line.contains("(DUP!)")) {
        continue;
      }
      Matcher m = PING_REPLY.matcher(line);
      if (m.find()) {
        int i = Integer.parseInt(m.group(2)) - 1;
        if (i >= 0 && i < count && responders[i] == null) {
          rtts[i] = Double.parseDouble(m.group(3));
          responders[i] = AddressText.canonical(stripColon(m.group(1)));
        }
        continue;
      }
      m = PING_ERROR.matcher(line);
      if (m.find()) {
        int i = Integer.parseInt(m.group(2)) - 1;
        if (i >= 0 && i < count && responders[i] == null) {
          responders[i] = AddressText.canonical(stripColon(m.group(1)));
          errors[i] = pingError(responders[i], m.group(3), responders[i].indexOf(':') >= 0);
        }
      }
    }
    return new PingLines(rtts, responders, errors);
  }

  private static String stripColon(String s) {
    return s.endsWith(":") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Reads {@code traceroute -n -e} hop lines: {@code " 2  10.0.0.1 <MPLS:L=..>  1.234 ms  *
   * 10.0.0.2  2.345 ms !H"}. Each {@code *} and each {@code <rtt> ms} is one probe; an address
   * applies to the probes after it; {@code !X} flags attach to the probe before them.
   */
  public static List<Hop> parseTraceroute(String text, int queries) {
    List<Hop> hops = new ArrayList<>();
    for (String line : LINES.split(text)) {
      Matcher m = HOP_LINE.matcher(line);
      if (!m.matches() || line.startsWith("traceroute")) {
        continue;
      }
      int ttl = Integer.parseInt(m.group(1));
      if (ttl < 1 || ttl > 255 || (!hops.isEmpty() && hops.get(hops.size() - 1).ttl() >= ttl)) {
        continue;
      }
      List<HopReply> replies = new ArrayList<>();
      String address = null;
      List<MplsLabel> labels = List.of();
      String[] tokens = SPACES.split(m.group(2).trim());
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        if (t.equals("*")) {
          replies.add(HopReply.timeout());
        } else if (t.startsWith("<MPLS:")) {
          List<MplsLabel> found = new ArrayList<>();
          Matcher l = MPLS.matcher(t);
          while (l.find()) {
            if (Integer.parseInt(l.group(1)) > 0xFFFFF || Integer.parseInt(l.group(2)) > 7
                || Integer.parseInt(l.group(4)) > 255) {
              continue; // not a label stack entry traceroute could have printed
            }
            found.add(new MplsLabel(Integer.parseInt(l.group(1)), Integer.parseInt(l.group(2)),
                l.group(3).equals("1"), Integer.parseInt(l.group(4))));
          }
          labels = List.copyOf(found);
        } else if (t.startsWith("!")) {
          int last = replies.size() - 1;
          if (last >= 0 && replies.get(last).answered()) {
            HopReply r = replies.get(last);
            replies.set(last, new HopReply(r.address(), r.rttMs(), r.mpls(), t));
          }
        } else if (i + 1 < tokens.length && tokens[i + 1].equals("ms") && isNumber(t)) {
          if (address != null) {
            replies.add(new HopReply(address, Double.parseDouble(t), labels, null));
          }
          i++;
        } else if (ADDRESS.matcher(t).matches()) {
          address = AddressText.canonical(t);
          labels = List.of();
        }
      }
      while (replies.size() < queries) {
        replies.add(HopReply.timeout());
      }
      hops.add(new Hop(ttl, replies));
    }
    return hops;
  }

  private static boolean isNumber(String t) {
    return NUMBER.matcher(t).matches();
  }
}
