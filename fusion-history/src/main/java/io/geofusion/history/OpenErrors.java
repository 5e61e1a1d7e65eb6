package io.geofusion.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's errors on opening a file into one-line {@link HistoryException}s that say what
 * to do. DuckDB's own words (2.0) are matched loosely; anything unrecognised keeps its first
 * line.
 */
final class OpenErrors {

  /** "Conflicting lock is held in /usr/bin/java (PID 1234)". */
  private static final Pattern HOLDER = Pattern.compile("held in (.*?) \\(PID (\\d+)\\)");

  private OpenErrors() {}

  static HistoryException classify(Path file, SQLException e) {
    String msg = firstLine(e.getMessage());
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("could not set lock") || lower.contains("conflicting lock")) {
      return inUse(file, msg, e);
    }
    if (lower.contains("newer") || (lower.contains("version") && lower.contains("storage"))
        || lower.contains("version number")) {
      return new HistoryException(HistoryException.Reason.TOO_NEW, file + " was written by a"
          + " newer DuckDB than this geofusion's (" + msg + "): use a newer geofusion", e);
    }
    if (lower.contains("not a valid duckdb") || lower.contains("corrupt")
        || lower.contains("checksum") || lower.contains("invalid") || lower.contains("magic")
        || lower.contains("serializ") || lower.contains("deserializ")) {
      return new HistoryException(HistoryException.Reason.CORRUPT, file + " is not a readable"
          + " GeoFusion history (not a DuckDB file, or damaged: " + msg + ")", e);
    }
    return new HistoryException(HistoryException.Reason.FAILED, "cannot open history " + file
        + ": " + msg, e);
  }

  private static HistoryException inUse(Path file, String msg, SQLException e) {
    Matcher m = HOLDER.matcher(msg);
    long pid = -1;
    String who = "another process";
    if (m.find()) {
      pid = Long.parseLong(m.group(2));
      String cmd = commandLine(pid);
      who = "process " + pid + " (" + (cmd.isEmpty() ? m.group(1) : cmd) + ")";
    }
    return new HistoryException(HistoryException.Reason.IN_USE, file + " is in use by " + who
        + "; DuckDB lets one process open a history file at a time: ask that process (a"
        + " geofusion server with --db answers GET /v1/history/ADDRESS) or stop it first", e, pid);
  }

  /** The holder's command line, shortened to 120 characters; empty when it cannot be read. */
  static String commandLine(long pid) {
    try {
      byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String s = new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      // A JVM's class path is long and says little: keep the program and its last arguments.
      s = s.replaceAll("(-cp|-classpath|--class-path) \\S+", "$1 …");
      return s.length() <= 120 ? s : "…" + s.substring(s.length() - 119);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
