package io.geofusion.probe.internal;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
      Pattern.compile("^From ([0-9a-fA-F:.]+).*?icmp_seq=(\\d{1,9})\\b");
  private static final Pattern HOP_LINE = Pattern.compile("^\\s*(\\d{1,3})\\s+(.*)$");
  private static final Pattern MPLS =
      Pattern.compile("<MPLS:L=(\\d{1,7}),E=(\\d),S=([01]),T=(\\d{1,3})(?:/[^>]*)?>");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern LINES = Pattern.compile("\\R");
  private static final Pattern ADDRESS = Pattern.compile("^[0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*$");

  private SystemToolParser() {}

  /** RTTs (ms, NaN lost) and responders of {@code count} pings, indexed by icmp_seq − 1. */
  public record PingLines(double[] rttsMs, String[] responders) {}

  /** Reads iputils ping output; lines with a sequence outside 1..count and duplicates are ignored. */
  public static PingLines parsePing(String text, int count) {
    double[] rtts = new double[count];
    Arrays.fill(rtts, Double.NaN);
    String[] responders = new String[count];
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
        }
      }
    }
    return new PingLines(rtts, responders);
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
