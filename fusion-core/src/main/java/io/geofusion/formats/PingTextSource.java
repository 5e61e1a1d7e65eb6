package io.geofusion.formats;

import io.geofusion.text.Limits;
import java.io.BufferedReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text output of {@code ping}/{@code ping6}: iputils (Linux; sequence numbers from 1), BusyBox,
 * FreeBSD and macOS (from 0), including {@code -D} timestamps, {@code -O} "no answer yet" lines,
 * {@code (DUP!)} replies, "Request timeout" and "Destination ... Unreachable" errors. Several runs
 * concatenated in one file are separate records, each starting at its {@code PING} line.
 *
 * <p>Send order comes from the sequence numbers, so a reply printed late still lands in its slot.
 * A reply for a sequence already answered is a duplicate even without the {@code (DUP!)} mark
 * (macOS prints none). Lines we do not understand are reported, never silently dropped.
 */
final class PingTextSource extends TranscriptSource<PingTextSource.Run> {

  private static final String NUM = "([0-9]{1,9}(?:\\.[0-9]{1,9})?)";
  private static final Pattern SEQ = Pattern.compile("(?:icmp_seq|seq)[= ](\\d{1,9})\\b");
  private static final Pattern TIME = Pattern.compile("time[=<]\\s*" + NUM + "\\s*ms");
  private static final Pattern STAMP = Pattern.compile("^\\[(\\d{1,12}(?:\\.\\d{1,9})?)\\]\\s*");
  private static final Pattern TRANSMITTED = Pattern.compile(
      "(\\d{1,9}) packets transmitted, (\\d{1,9}) (?:packets )?received"
      + "(?:, \\+(\\d{1,9}) duplicates)?");
  private static final Pattern RTT_STATS = Pattern.compile(
      "(?:rtt|round-trip) min/avg/max(?:/(?:mdev|stddev|std-dev))? = "
      + NUM + "/" + NUM + "/" + NUM + "(?:/" + NUM + ")? ms");
  private static final Pattern DATA_BYTES =
      Pattern.compile("(\\d{1,9})(?:\\(\\d+\\))? (?:data )?bytes");
  private static final Pattern PING6_BSD = Pattern.compile(
      "^PING6\\(\\d+=\\d+\\+\\d+\\+(\\d{1,9}) bytes\\) (\\S+) --> (\\S+)");
  private static final Pattern HEX_DUMP = Pattern.compile(
      "^(Vr HL TOS.*|\\s*\\d+\\s+\\d+\\s+[0-9a-f]{2}\\s+[0-9a-f]{4}\\s.*)$");

  PingTextSource(BufferedReader in, Problems problems) {
    super(in, problems);
  }

  /** One run being assembled. */
  static final class Run {
    final long startLine;
    String target;
    String targetName;
    String source;
    Integer size;
    int base = 1;
    boolean headerSeen;
    double[] rtts = new double[16];
    int slots;
    int dups;
    int transmitted = -1;
    int receivedReported = -1;
    int dupsReported = -1;
    double[] stats;
    Instant firstStamp;
    long maxSeq = -1;
    long wrap;
    int unreadable;

    Run(long startLine) {
      this.startLine = startLine;
      Arrays.fill(rtts, Double.NaN);
    }

    /** Slot index of a sequence number, unwrapping the 16-bit icmp_seq counter. */
    int slot(long seq) {
      long s = seq + wrap;
      if (maxSeq >= 0 && s < maxSeq - 32768) {
        wrap += 65536;
        s = seq + wrap;
      }
      maxSeq = Math.max(maxSeq, s);
      long idx = s - base;
      if (idx < 0 || idx >= Limits.PROBES.value()) {
        return -1;
      }
      int i = (int) idx;
      if (i >= rtts.length) {
        int old = rtts.length;
        rtts = Arrays.copyOf(rtts, Math.max(i + 1, old * 2));
        Arrays.fill(rtts, old, rtts.length, Double.NaN);
      }
      slots = Math.max(slots, i + 1);
      return i;
    }
  }

  @Override
  boolean isHeader(String t) {
    return t.startsWith("PING ") || t.startsWith("PING6(");
  }

  @Override
  boolean isNotice(String t) {
    return t.startsWith("PATTERN:") || t.startsWith("WARNING:");
  }

  @Override
  Run open(long line) {
    return new Run(line);
  }

  @Override
  boolean hasContent(Run run) {
    return run.headerSeen || run.slots > 0;
  }

  @Override
  void header(Run run, String t) {
    run.headerSeen = true;
    Matcher m6 = PING6_BSD.matcher(t);
    if (m6.find()) {
      run.size = Integer.valueOf(m6.group(1));
      run.source = m6.group(2);
      run.target = m6.group(3);
      run.base = 0;
      return;
    }
    String rest = t.substring(5);
    int open = rest.indexOf('(');
    if (open < 0) {
      problems.degraded(lines.lineNo(), "PING line without a parenthesised address: '" + t + "'");
      String name = rest.split("\\s+")[0];
      run.target = IpLiterals.isLiteral(name) ? name : null;
      run.targetName = run.target == null ? name : null;
      return;
    }
    String name = rest.substring(0, open).strip();
    int depth = 0;
    int close = -1;
    for (int i = open; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        close = i;
        break;
      }
    }
    String inner = close < 0 ? rest.substring(open + 1) : rest.substring(open + 1, close);
    String after = close < 0 ? "" : rest.substring(close + 1);
    String addr = null;
    for (String tok : inner.replace('(', ' ').replace(')', ' ').split("\\s+")) {
      if (IpLiterals.isLiteral(tok)) {
        addr = tok;
      }
    }
    if (addr == null && IpLiterals.isLiteral(name)) {
      addr = name;
    }
    run.target = addr;
    run.targetName = name.isEmpty() || name.equals(addr) ? null : name;
    run.base = after.startsWith(":") ? 0 : 1; // BSD/BusyBox "(addr): N data bytes" count from 0
    String afterTrim = after.strip();
    if (afterTrim.startsWith("from ")) {
      String src = afterTrim.substring(5).split("[\\s:]+")[0];
      run.source = IpLiterals.isLiteral(src) ? src : null;
    }
    Matcher mb = DATA_BYTES.matcher(after);
    if (mb.find()) {
      run.size = Integer.valueOf(mb.group(1));
    }
  }

  @Override
  void body(Run run, String raw, String t) {
    String line = t;
    Matcher st = STAMP.matcher(line);
    Instant stamp = null;
    if (st.find()) {
      stamp = Json.epochSeconds(Double.parseDouble(st.group(1)));
      line = line.substring(st.end());
    }
    if (line.startsWith("---") && line.contains("statistics")) {
      return;
    }
    Matcher tr = TRANSMITTED.matcher(line);
    if (tr.find()) {
      run.transmitted = Integer.parseInt(tr.group(1));
      run.receivedReported = Integer.parseInt(tr.group(2));
      run.dupsReported = tr.group(3) == null ? 0 : Integer.parseInt(tr.group(3));
      return;
    }
    Matcher rs = RTT_STATS.matcher(line);
    if (rs.find()) {
      run.stats = new double[] {Double.parseDouble(rs.group(1)), Double.parseDouble(rs.group(2)),
          Double.parseDouble(rs.group(3)),
          rs.group(4) == null ? Double.NaN : Double.parseDouble(rs.group(4))};
      return;
    }
    if (line.startsWith("pipe ") || isNotice(line) || HEX_DUMP.matcher(line).matches()) {
      return;
    }
    Matcher sq = SEQ.matcher(line);
    boolean reply = line.contains(" bytes from ");
    if (sq.find()) {
      int slot = run.slot(Long.parseLong(sq.group(1)));
      if (slot < 0) {
        problems.degraded(lines.lineNo(), "sequence number " + sq.group(1) + " before the first probe;"
            + " line ignored");
        return;
      }
      Matcher tm = TIME.matcher(line);
      if (reply && tm.find()) {
        double rtt = Double.parseDouble(tm.group(1));
        if (run.firstStamp == null && stamp != null) {
          run.firstStamp = stamp;
        }
        if (line.contains("(DUP!)") || !Double.isNaN(run.rtts[slot])) {
          run.dups++;
        } else {
          run.rtts[slot] = rtt;
        }
        if (run.target == null) {
          run.target = responder(line);
        }
      }
      // "Request timeout for icmp_seq N", "no answer yet for icmp_seq=N", "From X icmp_seq=N
      // Destination Host Unreachable": the probe was sent and is lost; its slot stays NaN.
      return;
    }
    if (reply && (line.contains("Unreachable") || line.contains("unreachable"))) {
      return; // macOS prints the error without a sequence number; the timeout lines count it
    }
    run.unreadable++;
    problems.degraded(lines.lineNo(), "unrecognised ping output line ignored: '" + abbreviate(t) + "'");
  }

  private static String responder(String line) {
    int from = line.indexOf(" bytes from ");
    if (from < 0) {
      return null;
    }
    String rest = line.substring(from + 12);
    int open = rest.indexOf('(');
    int close = rest.indexOf(')');
    if (open >= 0 && close > open) {
      String inner = rest.substring(open + 1, close);
      if (IpLiterals.isLiteral(inner)) {
        return inner;
      }
    }
    String tok = rest.split("[\\s,]+")[0];
    if (tok.endsWith(":")) {
      tok = tok.substring(0, tok.length() - 1);
    }
    return IpLiterals.isLiteral(tok) ? tok : null;
  }

  @Override
  PingMeasurement finish(Run run) {
    if (run.target == null) {
      problems.skipped(run.startLine, "ping output without a target address (no PING line with an"
          + " address in parentheses); skipped");
      return null;
    }
    if (run.transmitted > Limits.PROBES.value()) {
      problems.skipped(run.startLine, "ping statistics claim " + run.transmitted
          + " packets transmitted, above the " + Limits.PROBES.describe() + "; skipped");
      return null;
    }
    int sent = run.transmitted >= 0 ? run.transmitted : run.slots;
    if (run.slots > sent) {
      problems.degraded(run.startLine, "ping statistics say " + sent
          + " packets transmitted but sequence numbers reach " + run.slots + "; using "
          + run.slots);
      sent = run.slots;
    }
    if (run.transmitted < 0) {
      problems.degraded(run.startLine, "ping output has no statistics lines (interrupted?);"
          + " the number of probes sent is taken from the sequence numbers");
    }
    double[] rtts = Arrays.copyOf(run.rtts, sent);
    if (sent > run.rtts.length) {
      Arrays.fill(rtts, run.rtts.length, sent, Double.NaN);
    }
    int got = 0;
    for (double v : rtts) {
      if (!Double.isNaN(v)) {
        got++;
      }
    }
    if (run.receivedReported >= 0 && run.receivedReported != got) {
      problems.degraded(run.startLine, "ping statistics say " + run.receivedReported
          + " received but " + got + " replies could be read"
          + (run.unreadable > 0 ? " (" + run.unreadable + " unrecognised lines)" : ""));
    }
    RttSummary reported = null;
    if (run.transmitted >= 0 && run.receivedReported >= 0) {
      int received = Math.min(run.receivedReported, run.transmitted);
      try {
        if (received == 0 || run.stats == null) {
          reported = received == 0 ? RttSummary.allLost(run.transmitted) : null;
        } else {
          reported = new RttSummary(run.transmitted, received,
              run.transmitted == 0 ? 0 : 1.0 - (double) received / run.transmitted,
              run.stats[0], run.stats[1], run.stats[2], run.stats[3], Double.NaN);
        }
      } catch (IllegalArgumentException e) {
        problems.degraded(run.startLine, "ping statistics ignored: " + e.getMessage());
      }
    }
    if (run.dupsReported >= 0 && run.dupsReported != run.dups) {
      problems.degraded(run.startLine, "ping statistics say " + run.dupsReported
          + " duplicates but " + run.dups + " repeated replies were printed; keeping "
          + Math.max(run.dups, run.dupsReported));
    }
    int dups = Math.max(run.dups, Math.max(0, run.dupsReported));
    return new PingMeasurement(SourceFormat.PING_TEXT, run.startLine, null, run.source,
        run.target, run.targetName, run.firstStamp, "ICMP", run.size, sent, rtts, dups, reported);
  }
}
