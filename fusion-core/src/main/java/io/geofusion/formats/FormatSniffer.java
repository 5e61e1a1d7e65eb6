package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.text.JsonTrees;
import java.util.regex.Pattern;

/** Decides the format of an input from its first characters (content, never the file name). */
final class FormatSniffer {

  /** How the bytes are laid out, which decides the record source. */
  enum Layout { JSON_LINES, JSON_STREAM, TEXT }

  /**
   * The verdict: the layout and the format of the first recognisable record; {@code pending}
   * when the first record is longer than the sniffed text, so its format is learnt on reading.
   */
  record Verdict(Layout layout, SourceFormat format, boolean pending) {
    Verdict(Layout layout, SourceFormat format) {
      this(layout, format, false);
    }
  }

  private static final Pattern TRACEPATH_LINE = Pattern.compile("^\\s*\\d+\\??:\\s.*");
  private static final Pattern HOP_LINE = Pattern.compile("^\\s*\\d+\\s+\\S.*");
  private static final Pattern PING_REPLY = Pattern.compile("^(\\[[0-9.]+\\]\\s*)?\\d+ bytes from .*");

  private FormatSniffer() {}

  /**
   * @param head the first characters of the input (up to a few tens of KB), BOM removed
   * @param complete whether {@code head} is the whole input
   * @return the verdict, or null when nothing here is recognisable
   */
  static Verdict sniff(String head, boolean complete) {
    int i = 0;
    while (i < head.length() && Character.isWhitespace(head.charAt(i))) {
      i++;
    }
    if (i == head.length()) {
      return null;
    }
    char c = head.charAt(i);
    if (c == '[') {
      return new Verdict(Layout.JSON_STREAM, jsonHint(head));
    }
    if (c == '{') {
      return sniffJsonObject(head, complete);
    }
    return sniffText(head);
  }

  private static Verdict sniffJsonObject(String head, boolean complete) {
    String[] lines = head.split("\n", -1);
    int usable = complete ? lines.length : lines.length - 1; // the last one may be cut short
    if (usable <= 0) {
      // One line longer than the sniff window: minified JSON, hence JSON Lines. The format may
      // stay unknown (null) until the first record is decoded.
      SourceFormat hint = jsonHint(head);
      return new Verdict(Layout.JSON_LINES, hint, hint == null);
    }
    int tried = 0;
    for (int k = 0; k < usable && tried < 3; k++) {
      String line = lines[k].trim();
      if (line.isEmpty()) {
        continue;
      }
      tried++;
      if (!line.startsWith("{")) {
        break;
      }
      try {
        JsonNode node = JsonTrees.read(line);
        SourceFormat f = JsonRecords.classify(node);
        return new Verdict(Layout.JSON_LINES, f != null ? f : jsonHint(head));
      } catch (JsonProcessingException e) {
        // not a complete object on one line: try the next line (a broken first record), then
        // fall back to a multi-line document
      }
    }
    return new Verdict(Layout.JSON_STREAM, jsonHint(head));
  }

  /** A best guess from field names in the first characters of a JSON document. */
  private static SourceFormat jsonHint(String head) {
    if (head.contains("\"hubs\"") || head.contains("\"report\"")) {
      return SourceFormat.MTR_JSON;
    }
    if (head.contains("\"prb_id\"") || head.contains("\"msm_id\"")) {
      return SourceFormat.RIPE_ATLAS_JSON;
    }
    if (head.contains("\"ping_sent\"") || head.contains("\"stop_reason\"")
        || head.contains("\"cycle-start\"") || head.contains("\"tracelb\"")) {
      return SourceFormat.SCAMPER_JSON;
    }
    return null;
  }

  private static Verdict sniffText(String head) {
    String[] lines = head.split("\r?\n");
    int seen = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      if (++seen > 40) {
        break;
      }
      String t = line.trim();
      if (t.startsWith("PING ") || t.startsWith("PING6(") || PING_REPLY.matcher(t).matches()) {
        return new Verdict(Layout.TEXT, SourceFormat.PING_TEXT);
      }
      if (t.startsWith("traceroute to ") || t.startsWith("traceroute6 to ")) {
        return new Verdict(Layout.TEXT, SourceFormat.TRACEROUTE_TEXT);
      }
      if (TRACEPATH_LINE.matcher(line).matches()) {
        return new Verdict(Layout.TEXT, SourceFormat.TRACEPATH_TEXT);
      }
      if (HOP_LINE.matcher(line).matches() && (t.contains(" ms") || t.contains("*"))) {
        return new Verdict(Layout.TEXT, SourceFormat.TRACEROUTE_TEXT);
      }
    }
    return null;
  }
}
