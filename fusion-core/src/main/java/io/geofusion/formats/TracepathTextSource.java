package io.geofusion.formats;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text output of iputils {@code tracepath}/{@code tracepath6}. Each {@code N:} line is one probe
 * at TTL N (a TTL may appear several times, and out of order when a late answer arrives); the
 * {@code N?: [LOCALHOST]} line opens a run; {@code Resume:}/{@code Too many hops:} close it.
 * tracepath prints no destination header: the destination is the responder marked
 * {@code reached}, else (degraded, reported) the last responder.
 *
 * <p>The verdict on reaching the destination ({@link TracePath#destinationReached()}) is what
 * tracepath printed (iputils {@code tracepath.c}): true when a line says {@code reached} (a port
 * unreachable from the destination, followed by {@code Resume: pmtu P hops N back M}); false when
 * the run ended with {@code Too many hops} (its {@code -m} limit, default 30) or when the last
 * probe line carries {@code !H}, {@code !N}, {@code !P} or {@code !A} (tracepath stops on those
 * errors); null otherwise (output cut short).
 */
final class TracepathTextSource implements RecordSource {

  private static final Pattern LINE = Pattern.compile("^\\s*(\\d{1,9})(\\??):\\s+(.*)$");
  private static final Pattern RTT = Pattern.compile("^([0-9]{1,9}(?:\\.[0-9]{1,9})?)ms$");

  private final LineCursor lines;
  private final Problems problems;

  TracepathTextSource(BufferedReader in, Problems problems) {
    this.lines = new LineCursor(in);
    this.problems = problems;
  }

  @Override
  public Measurement next() throws IOException {
    while (true) {
      long start = -1;
      Map<Integer, List<HopReply>> hops = new TreeMap<>();
      Set<String> nameOnly = new LinkedHashSet<>();
      String reached = null;
      boolean tooManyHops = false;
      String lastFlag = null;
      String line;
      boolean atEnd = true;
      while ((line = lines.readLine()) != null) {
        String t = line.strip();
        if (t.isEmpty()) {
          continue;
        }
        if (t.startsWith("Resume:")) {
          continue;
        }
        if (t.startsWith("Too many hops")) {
          tooManyHops = true; // the TTL reached -m (default 30) without an answer from the target
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          problems.degraded(lines.lineNo(), "unrecognised tracepath line ignored: '" + t + "'");
          continue;
        }
        boolean localhost = m.group(3).startsWith("[LOCALHOST]");
        if (localhost) {
          if (!hops.isEmpty()) {
            lines.pushBack(line);
            atEnd = false;
            break;
          }
          if (start < 0) {
            start = lines.lineNo();
          }
          continue;
        }
        if (start < 0) {
          start = lines.lineNo();
        }
        int ttl = Integer.parseInt(m.group(1));
        if (ttl < 1 || ttl > 255) {
          problems.degraded(lines.lineNo(), "hop number " + ttl + " out of range [1, 255]; line ignored");
          continue;
        }
        List<HopReply> replies = hops.computeIfAbsent(ttl, k -> new ArrayList<>(2));
        String[] tok = m.group(3).trim().split("\\s+");
        if (tok[0].equals("no") && tok.length > 1 && tok[1].equals("reply")) {
          replies.add(HopReply.timeout());
          lastFlag = null;
          continue;
        }
        String responder = tok[0];
        double rtt = Double.NaN;
        boolean isReached = false;
        String flag = null;
        for (int i = 1; i < tok.length; i++) {
          if (tok[i].startsWith("(") && tok[i].endsWith(")")
              && IpLiterals.isLiteral(tok[i].substring(1, tok[i].length() - 1))) {
            responder = tok[i].substring(1, tok[i].length() - 1); // tracepath -b: name (addr)
          }
          Matcher r = RTT.matcher(tok[i]);
          if (r.matches() && Double.isNaN(rtt)) {
            rtt = Double.parseDouble(r.group(1));
          }
          if (tok[i].equals("reached")) {
            isReached = true;
          }
          if (TracerouteTextSource.isUnreachableFlag(tok[i])) {
            flag = tok[i]; // !H, !N, !P, !A: tracepath stops on this error
          }
        }
        lastFlag = flag;
        if (Double.isNaN(rtt)) {
          problems.degraded(lines.lineNo(), "tracepath line without an RTT counted as no reply: '" + t
              + "'");
          replies.add(HopReply.timeout());
          continue;
        }
        if (!IpLiterals.isLiteral(responder)) {
          nameOnly.add(responder);
        }
        replies.add(new HopReply(responder, rtt, List.of(), flag));
        if (isReached) {
          reached = responder;
        }
      }
      if (start < 0) {
        return null;
      }
      Boolean verdict = reached != null ? Boolean.TRUE
          : tooManyHops || lastFlag != null ? Boolean.FALSE : null;
      TraceMeasurement m = finish(start, hops, nameOnly, reached, verdict);
      if (m != null || atEnd) {
        return m;
      }
    }
  }

  private TraceMeasurement finish(long start, Map<Integer, List<HopReply>> byTtl,
      Set<String> nameOnly, String reached, Boolean verdict) {
    List<Hop> hops = new ArrayList<>(byTtl.size());
    String last = null;
    for (Map.Entry<Integer, List<HopReply>> e : byTtl.entrySet()) {
      hops.add(new Hop(e.getKey(), e.getValue()));
      for (HopReply r : e.getValue()) {
        if (r.address() != null) {
          last = r.address();
        }
      }
    }
    String dst = reached;
    if (dst == null) {
      if (last == null) {
        problems.skipped(start, "tracepath run without any responder; no destination can be"
            + " named; skipped");
        return null;
      }
      problems.degraded(start, "tracepath did not report 'reached': the destination is taken to"
          + " be the last responder, " + last);
      dst = last;
    }
    if (!nameOnly.isEmpty()) {
      problems.degraded(start, "responders shown only by name, kept as recorded (no address"
          + " printed; run tracepath with -n or -b): " + String.join(", ", nameOnly));
    }
    return new TraceMeasurement(SourceFormat.TRACEPATH_TEXT, start,
        new TracePath(null, dst, hops, verdict), null, null, null, "UDP", null);
  }
}
