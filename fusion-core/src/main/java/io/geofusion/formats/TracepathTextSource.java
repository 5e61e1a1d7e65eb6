package io.geofusion.formats;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import java.io.BufferedReader;
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
 * {@code N?: [LOCALHOST]} line opens a run (its header, for {@link TranscriptSource}); a run
 * starts at that line or, without one, at its first probe line; {@code Resume:}/{@code Too many
 * hops:} close it.
 * tracepath prints no destination header: the destination is the responder marked
 * {@code reached}, else unknown (null, reported as degraded): the last responder of a run that
 * never reached its target is a router, not the destination.
 *
 * <p>The verdict on reaching the destination ({@link TracePath#destinationReached()}) is what
 * tracepath printed (iputils {@code tracepath.c}): true when a line says {@code reached} (a port
 * unreachable from the destination, followed by {@code Resume: pmtu P hops N back M}); false when
 * the run ended with {@code Too many hops} (its {@code -m} limit, default 30) or when the last
 * probe line carries {@code !H}, {@code !N}, {@code !P} or {@code !A} (tracepath stops on those
 * errors); null otherwise (output cut short).
 */
final class TracepathTextSource extends TranscriptSource<TracepathTextSource.Run> {

  private static final Pattern LINE = Pattern.compile("^\\s*(\\d{1,9})(\\??):\\s+(.*)$");
  private static final Pattern RTT = Pattern.compile("^([0-9]{1,9}(?:\\.[0-9]{1,9})?)ms$");

  TracepathTextSource(BufferedReader in, Problems problems) {
    super(in, problems);
  }

  /** One run being assembled. */
  static final class Run {
    /** Line of its {@code [LOCALHOST]} or first probe line; -1 while it has neither. */
    long start = -1;
    final Map<Integer, List<HopReply>> hops = new TreeMap<>();
    final Set<String> nameOnly = new LinkedHashSet<>();
    String reached;
    boolean tooManyHops;
    String lastFlag;
  }

  @Override
  boolean isHeader(String t) {
    Matcher m = LINE.matcher(t);
    return m.matches() && m.group(3).startsWith("[LOCALHOST]");
  }

  @Override
  boolean isNotice(String t) {
    return t.startsWith("Resume:");
  }

  @Override
  Run open(long line) {
    return new Run();
  }

  @Override
  boolean hasContent(Run run) {
    return !run.hops.isEmpty();
  }

  @Override
  void header(Run run, String t) {
    if (run.start < 0) {
      run.start = lines.lineNo();
    }
  }

  @Override
  void body(Run run, String line, String t) {
    if (t.startsWith("Too many hops")) {
      run.tooManyHops = true; // the TTL reached -m (default 30) without an answer from the target
      return;
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      problems.degraded(lines.lineNo(), "unrecognised tracepath line ignored: '" + t + "'");
      return;
    }
    if (run.start < 0) {
      run.start = lines.lineNo();
    }
    int ttl = Integer.parseInt(m.group(1));
    if (ttl < 1 || ttl > 255) {
      problems.degraded(lines.lineNo(), "hop number " + ttl + " out of range [1, 255]; line ignored");
      return;
    }
    List<HopReply> replies = run.hops.computeIfAbsent(ttl, k -> new ArrayList<>(2));
    String[] tok = m.group(3).trim().split("\\s+");
    if (tok[0].equals("no") && tok.length > 1 && tok[1].equals("reply")) {
      replies.add(HopReply.timeout());
      run.lastFlag = null;
      return;
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
    run.lastFlag = flag;
    if (Double.isNaN(rtt)) {
      problems.degraded(lines.lineNo(), "tracepath line without an RTT counted as no reply: '" + t
          + "'");
      replies.add(HopReply.timeout());
      return;
    }
    if (!IpLiterals.isLiteral(responder)) {
      run.nameOnly.add(responder);
    }
    replies.add(new HopReply(responder, rtt, List.of(), flag));
    if (isReached) {
      run.reached = responder;
    }
  }

  @Override
  TraceMeasurement finish(Run run) {
    long start = run.start;
    if (start < 0) {
      return null; // only notices and unrecognised lines (each reported): no run
    }
    List<Hop> hops = new ArrayList<>(run.hops.size());
    boolean anyResponder = false;
    for (Map.Entry<Integer, List<HopReply>> e : run.hops.entrySet()) {
      hops.add(new Hop(e.getKey(), e.getValue()));
      for (HopReply r : e.getValue()) {
        anyResponder |= r.address() != null;
      }
    }
    if (run.reached == null) {
      if (!anyResponder) {
        problems.skipped(start, "tracepath run without any responder; no destination can be"
            + " named; skipped");
        return null;
      }
      problems.degraded(start, "tracepath did not report 'reached': it never prints its"
          + " destination, so the destination is unknown");
    }
    if (!run.nameOnly.isEmpty()) {
      problems.degraded(start, "responders shown only by name, kept as recorded (no address"
          + " printed; run tracepath with -n or -b): " + String.join(", ", run.nameOnly));
    }
    Boolean verdict = run.reached != null ? Boolean.TRUE
        : run.tooManyHops || run.lastFlag != null ? Boolean.FALSE : null;
    return new TraceMeasurement(SourceFormat.TRACEPATH_TEXT, start,
        new TracePath(null, run.reached, hops, verdict), null, null, null, "UDP", null);
  }
}
