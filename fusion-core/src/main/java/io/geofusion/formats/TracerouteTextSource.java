package io.geofusion.formats;

import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text output of {@code traceroute}/{@code traceroute6} (Linux traceroute 2.x, FreeBSD, macOS),
 * with or without {@code -n}: several responders per hop (on one line or on continuation lines),
 * {@code *} timeouts, {@code [ASnnn]} annotations ({@code -A}/{@code -a}), {@code !H !N !X !P
 * !<n>} flags after an RTT, {@code <MPLS:L=..,E=..,S=..,T=..>} label stacks ({@code -e}), and
 * {@code name (address)} pairs, of which the address is used.
 * Several traces concatenated in one file are separate records, each starting at its
 * {@code traceroute to} line.
 */
final class TracerouteTextSource extends TranscriptSource<TracerouteTextSource.Trace> {

  private static final Pattern HEADER = Pattern.compile(
      "^traceroute6?\\s+to\\s+(\\S*)\\s*\\(([^)]*)\\)(?:\\s+from\\s+([^,\\s]+))?"
      + "(?:.*?(\\d{1,9})\\s+byte packets)?");
  private static final Pattern MAX_HOPS = Pattern.compile(",\\s*(\\d{1,9})\\s+hops\\s+max");
  private static final Pattern HOP = Pattern.compile("^\\s*(\\d{1,9})\\s+(\\S.*)$");
  private static final Pattern MPLS =
      Pattern.compile("L=(\\d{1,7}),E=(\\d{1,3}),S=([01]),T=(\\d{1,3})");
  private static final Pattern RTT = Pattern.compile("^([0-9]{1,9}(?:\\.[0-9]{1,9})?)(ms)?$");

  TracerouteTextSource(BufferedReader in, Problems problems) {
    super(in, problems);
  }

  /** One trace being assembled. */
  static final class Trace {
    final long startLine;
    boolean headerSeen;
    String destination;
    String destinationName;
    String source;
    Integer size;
    Integer maxHops;
    final Map<Integer, List<HopReply>> hops = new TreeMap<>();
    final Set<String> nameOnly = new LinkedHashSet<>();
    int currentTtl = -1;
    String responder;
    List<MplsLabel> responderMpls = List.of();

    Trace(long startLine) {
      this.startLine = startLine;
    }
  }

  @Override
  boolean isHeader(String t) {
    return t.startsWith("traceroute to ") || t.startsWith("traceroute6 to ");
  }

  @Override
  boolean isNotice(String t) {
    // "traceroute: Warning: x has multiple addresses; using y" and similar notices
    return t.startsWith("traceroute: ") || t.startsWith("traceroute6: ");
  }

  @Override
  Trace open(long line) {
    return new Trace(line);
  }

  @Override
  boolean hasContent(Trace tr) {
    return tr.headerSeen || !tr.hops.isEmpty();
  }

  @Override
  void header(Trace tr, String t) {
    tr.headerSeen = true;
    Matcher m = HEADER.matcher(t);
    if (!m.find()) {
      problems.degraded(lines.lineNo(), "traceroute header not understood: '" + t + "'");
      return;
    }
    String name = m.group(1);
    String addr = m.group(2).strip();
    tr.destination = IpLiterals.isLiteral(addr) ? addr : (IpLiterals.isLiteral(name) ? name : null);
    tr.destinationName = name.isEmpty() || name.equals(tr.destination) ? null : name;
    tr.source = m.group(3);
    tr.size = m.group(4) == null ? null : Integer.valueOf(m.group(4));
    Matcher max = MAX_HOPS.matcher(t);
    tr.maxHops = max.find() ? Integer.valueOf(max.group(1)) : null;
  }

  @Override
  void body(Trace tr, String line, String t) {
    Matcher m = HOP.matcher(line);
    String rest;
    if (m.matches() && !m.group(2).startsWith(".")) {
      int ttl = Integer.parseInt(m.group(1));
      if (ttl < 1 || ttl > 255) {
        problems.degraded(lines.lineNo(), "hop number " + ttl + " out of range [1, 255]; line ignored");
        tr.currentTtl = -1;
        return;
      }
      tr.currentTtl = ttl;
      tr.responder = null;
      tr.responderMpls = List.of();
      rest = m.group(2);
    } else if (Character.isWhitespace(line.charAt(0)) && tr.currentTtl > 0) {
      rest = t; // continuation: another responder of the same hop
      tr.responder = null;
      tr.responderMpls = List.of();
    } else {
      problems.degraded(lines.lineNo(), "unrecognised traceroute line ignored: '" + abbreviate(t)
          + "'");
      return;
    }
    List<HopReply> replies = tr.hops.computeIfAbsent(tr.currentTtl, k -> new ArrayList<>(3));
    String[] tok = rest.trim().split("\\s+");
    boolean nameIsOnly = false;
    for (int i = 0; i < tok.length; i++) {
      String s = tok[i];
      if (s.equals("*")) {
        replies.add(HopReply.timeout());
        continue;
      }
      if (s.startsWith("<MPLS:")) {
        // traceroute -e: <MPLS:L=16004,E=0,S=0,T=1/L=24001,E=0,S=1,T=1> after the RTTs it
        // belongs to (RFC 4950 label stack quoted by the current responder).
        // Linux prints it after the responder, before the RTTs; apply it to that responder's
        // replies on this line, those already read and those to come.
        List<MplsLabel> labels = mpls(s, tr.currentTtl);
        tr.responderMpls = labels;
        for (int k = replies.size() - 1; k >= 0 && !labels.isEmpty(); k--) {
          HopReply last = replies.get(k);
          if (last.address() == null || !last.address().equals(tr.responder)) {
            break;
          }
          replies.set(k, new HopReply(last.address(), last.rttMs(), labels, last.flag()));
        }
        continue;
      }
      if (s.startsWith("[") && s.endsWith("]")) {
        continue; // [AS1739] / [*] annotation
      }
      if (s.startsWith("!")) {
        if (replies.isEmpty()) {
          problems.degraded(lines.lineNo(), "flag " + s + " before any probe result ignored");
          continue;
        }
        HopReply last = replies.get(replies.size() - 1);
        replies.set(replies.size() - 1, new HopReply(last.address(), last.rttMs(), last.mpls(),
            s));
        continue;
      }
      Matcher r = RTT.matcher(s);
      boolean unitNext = i + 1 < tok.length && tok[i + 1].equals("ms");
      if (r.matches() && (r.group(2) != null || unitNext)) {
        if (unitNext) {
          i++;
        }
        if (tr.responder == null) {
          problems.degraded(lines.lineNo(), "RTT " + s + " ms at hop " + tr.currentTtl
              + " without a responder; counted as no reply");
          replies.add(HopReply.timeout());
          continue;
        }
        if (nameIsOnly) {
          tr.nameOnly.add(tr.responder);
        }
        replies.add(new HopReply(tr.responder, Double.parseDouble(r.group(1)), tr.responderMpls,
            null));
        continue;
      }
      if (s.startsWith("(") && s.endsWith(")")) {
        String inner = s.substring(1, s.length() - 1);
        if (IpLiterals.isLiteral(inner)) {
          if (!inner.equals(tr.responder)) {
            tr.responderMpls = List.of();
          }
          tr.responder = inner;
          nameIsOnly = false;
        }
        continue;
      }
      // A responder: an address (with -n) or a name whose address follows in parentheses.
      tr.responder = s;
      tr.responderMpls = List.of();
      nameIsOnly = !IpLiterals.isLiteral(s);
    }
  }

  private List<MplsLabel> mpls(String token, int ttl) {
    String body = token.substring(6, token.endsWith(">") ? token.length() - 1 : token.length());
    List<MplsLabel> out = new ArrayList<>(2);
    for (String entry : body.split("/")) {
      Matcher m = MPLS.matcher(entry);
      if (!m.matches()) {
        problems.degraded(lines.lineNo(), "hop " + ttl + ": MPLS annotation '" + token
            + "' not understood; ignored");
        return List.of();
      }
      try {
        out.add(new MplsLabel(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3).equals("1"), Integer.parseInt(m.group(4))));
      } catch (IllegalArgumentException e) {
        problems.degraded(lines.lineNo(), "hop " + ttl + ": MPLS label ignored: " + e.getMessage());
        return List.of();
      }
    }
    return out;
  }

  @Override
  TraceMeasurement finish(Trace tr) {
    List<Hop> hops = new ArrayList<>(tr.hops.size());
    boolean anyResponder = false;
    for (Map.Entry<Integer, List<HopReply>> e : tr.hops.entrySet()) {
      hops.add(new Hop(e.getKey(), e.getValue()));
      for (HopReply r : e.getValue()) {
        anyResponder |= r.address() != null;
      }
    }
    if (tr.destination == null) {
      // The last responder is not the destination: nothing says the trace was aimed at it (a
      // trace cut short or stopped by a filter ends at a router), so the destination stays
      // unknown and reaching it undecided.
      if (!anyResponder) {
        problems.skipped(tr.startLine, "traceroute output without a destination address (no"
            + " 'traceroute to' header) and without any responder; skipped");
        return null;
      }
      problems.degraded(tr.startLine, tr.headerSeen
          ? "traceroute header names no IP address: the destination is unknown, so whether it"
              + " answered is undecided"
          : "traceroute output without a 'traceroute to' header: the destination is unknown, so"
              + " whether it answered is undecided (keep the 'traceroute to' line with the"
              + " output)");
    }
    if (!tr.nameOnly.isEmpty()) {
      problems.degraded(tr.startLine, "responders shown only by name, kept as recorded (no"
          + " address printed; run traceroute with -n): " + String.join(", ", tr.nameOnly));
    }
    return new TraceMeasurement(SourceFormat.TRACEROUTE_TEXT, tr.startLine,
        new TracePath(tr.source, tr.destination, hops, reached(tr.destination, tr.maxHops, hops)),
        null,
        tr.destinationName, null, null, tr.size);
  }

  /**
   * What the text says about reaching the destination (docs/formats.md, "Reaching the
   * destination"). traceroute stops after the hop where the destination answered, after a hop
   * answered with an ICMP unreachable ({@code !H}, {@code !N}, {@code !P}, {@code !X}, {@code !S},
   * {@code !F}, … {@code !<code>}), or at its maximum TTL ({@code N hops max}). Hence: true when
   * any reply came from the header's address (compared as addresses); false when the last hop
   * is the maximum TTL, or when a reply at the last hop carries an unreachable flag (from another
   * address, since the destination never answered); otherwise null — output that stops before
   * either (cut short, interrupted), or no header address to compare with. A bare {@code !} is not
   * an unreachable: BSD traceroute prints it after a reply whose TTL was at most 1.
   *
   * @param destination the header's address, or null without a usable header
   * @param maxHops the header's {@code N hops max}, or null when absent
   * @param hops the hops read, in TTL order
   */
  static Boolean reached(String destination, Integer maxHops, List<Hop> hops) {
    Optional<String> dst = destination == null ? Optional.empty()
        : IpAddresses.canonical(destination);
    if (dst.isEmpty() || hops.isEmpty()) {
      return null;
    }
    for (Hop h : hops) {
      for (HopReply r : h.replies()) {
        if (r.address() != null && IpAddresses.canonical(r.address()).equals(dst)) {
          return true;
        }
      }
    }
    Hop last = hops.get(hops.size() - 1);
    if (maxHops != null && last.ttl() >= maxHops) {
      return false;
    }
    for (HopReply r : last.replies()) {
      if (isUnreachableFlag(r.flag())) {
        return false;
      }
    }
    return null;
  }

  /** {@code !H}, {@code !N}, {@code !<10>} …: an ICMP unreachable; not the bare {@code !}. */
  static boolean isUnreachableFlag(String flag) {
    return flag != null && flag.length() > 1 && flag.charAt(0) == '!';
  }
}
