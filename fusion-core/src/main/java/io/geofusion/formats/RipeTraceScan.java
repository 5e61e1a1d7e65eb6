package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.text.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@link RipeTraceFields} of one ASCII line of JSON straight from its bytes: a strict
 * JSON scanner (RFC 8259) for the plain case — no escapes in strings, no deep nesting, no huge
 * numbers — that gives up ({@link #parse} returns null) on anything else, so the line goes to
 * Jackson's tree reader, which reads it or reports its problem as it always did. Whatever it
 * accepts, Jackson accepts too (same grammar, duplicate keys refused as {@link JsonTrees} refuses
 * them, Jackson's length limits far above the ones here), and every value it keeps is the node
 * Jackson's tree deserializer builds for it. Reading the same fields through Jackson's streaming
 * parser saved a third as much of a bulk run's CPU under the C1 compiler the launcher uses
 * (docs/decisions/cli-startup.md §6a).
 * Not thread-safe: one per line.
 */
final class RipeTraceScan {

  /** Nesting deeper than this is left to Jackson (whose limit is 1,000). */
  private static final int MAX_DEPTH = 64;
  /** A longer number is left to Jackson (whose limit is 1,000 characters). */
  private static final int MAX_NUMBER = 64;
  /** A longer key is left to Jackson (whose limit is 50,000 characters). */
  private static final int MAX_KEY = 256;
  /** An object with more keys is left to Jackson (duplicates are found by a linear scan). */
  private static final int MAX_KEYS = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Names and words as bytes: String.charAt in these loops cost 3 % of a bulk run under C1.
  private static final byte[] ADDR = ascii("addr");
  private static final byte[] DESTINATION_IP_RESPONDED = ascii("destination_ip_responded");
  private static final byte[] DST_ADDR = ascii("dst_addr");
  private static final byte[] DST_NAME = ascii("dst_name");
  private static final byte[] DUP = ascii("dup");
  private static final byte[] ERR = ascii("err");
  private static final byte[] ERROR = ascii("error");
  private static final byte[] FROM = ascii("from");
  private static final byte[] FW = ascii("fw");
  private static final byte[] HOP = ascii("hop");
  private static final byte[] ICMPEXT = ascii("icmpext");
  private static final byte[] LATE = ascii("late");
  private static final byte[] MSM_ID = ascii("msm_id");
  private static final byte[] NAME = ascii("name");
  private static final byte[] PRB_ID = ascii("prb_id");
  private static final byte[] PROTO = ascii("proto");
  private static final byte[] REPORT = ascii("report");
  private static final byte[] RESULT = ascii("result");
  private static final byte[] RTT = ascii("rtt");
  private static final byte[] SIZE = ascii("size");
  private static final byte[] SRC_ADDR = ascii("src_addr");
  private static final byte[] TIMESTAMP = ascii("timestamp");
  private static final byte[] TYPE = ascii("type");
  private static final byte[] X = ascii("x");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");

  /** Gives up on the line; thrown without a stack trace, caught by {@link #parse}. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final byte[] b;
  private final int end;
  private int pos;
  private int depth;
  /** The keys of the objects being read, outermost first: start and length of each. */
  private int[] keys = new int[64];
  private int keyTop;

  private RipeTraceScan(byte[] b, int off, int len) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
  }

  /** The fields of the line's one object, or null when it is not the plain case (see above). */
  static RipeTraceFields parse(byte[] b, int off, int len) {
    try {
      return new RipeTraceScan(b, off, len).line();
    } catch (GiveUp e) {
      return null;
    }
  }

  private RipeTraceFields line() {
    ws();
    expect('{');
    RipeTraceFields f = new RipeTraceFields();
    boolean report = false;
    int base = keyTop;
    if (!endOf('}')) {
      do {
        int k = key(base);
        int len = keys[keyTop - 1];
        switch (len) {
          case 2 -> {
            if (is(k, len, FW)) {
              f.fw = scalar();
            } else {
              skipValue();
            }
          }
          case 4 -> {
            if (is(k, len, TYPE)) {
              f.type = scalar();
              if (!"traceroute".equals(Json.text(f.type))) {
                throw GIVE_UP; // a ping, or another format's record: the tree reader's
              }
            } else if (is(k, len, FROM)) {
              f.from = scalar();
            } else if (is(k, len, ADDR)) {
              f.addr = scalar();
            } else if (is(k, len, NAME)) {
              f.name = scalar();
            } else if (is(k, len, SIZE)) {
              f.size = scalar();
            } else {
              skipValue();
            }
          }
          case 5 -> {
            if (is(k, len, PROTO)) {
              f.proto = scalar();
            } else {
              skipValue();
            }
          }
          case 6 -> {
            if (is(k, len, PRB_ID)) {
              f.prbId = scalar();
            } else if (is(k, len, MSM_ID)) {
              f.msmId = scalar();
            } else if (is(k, len, RESULT)) {
              if (peek() == '[') {
                f.hops = hops();
              } else {
                f.result = scalar();
              }
            } else if (is(k, len, REPORT)) {
              report = true;
              skipValue();
            } else {
              skipValue();
            }
          }
          case 8 -> {
            if (is(k, len, SRC_ADDR)) {
              f.srcAddr = scalar();
            } else if (is(k, len, DST_ADDR)) {
              f.dstAddr = scalar();
            } else if (is(k, len, DST_NAME)) {
              f.dstName = scalar();
            } else {
              skipValue();
            }
          }
          case 9 -> {
            if (is(k, len, TIMESTAMP)) {
              f.timestamp = scalar();
            } else {
              skipValue();
            }
          }
          case 24 -> {
            if (is(k, len, DESTINATION_IP_RESPONDED)) {
              f.responded = scalar();
            } else {
              skipValue();
            }
          }
          default -> skipValue();
        }
      } while (next('}'));
    }
    ws();
    if (pos != end || report || !(f.prbId != null || f.msmId != null || f.fw != null)) {
      throw GIVE_UP; // more on the line, an mtr report, or not a RIPE Atlas record
    }
    if (f.type == null) {
      throw GIVE_UP;
    }
    return f;
  }

  private List<RipeTraceFields.HopFields> hops() {
    expect('[');
    enter();
    List<RipeTraceFields.HopFields> hops = new ArrayList<>();
    if (!endOf(']')) {
      do {
        RipeTraceFields.HopFields hop = new RipeTraceFields.HopFields();
        ws();
        if (peek() == '{') {
          pos++;
          enter();
          int base = keyTop;
          if (!endOf('}')) {
            do {
              int k = key(base);
              int len = keys[keyTop - 1];
              if (is(k, len, HOP)) {
                hop.hop = scalar();
              } else if (is(k, len, ERROR)) {
                hop.error = scalar();
              } else if (is(k, len, RESULT) && peek() == '[') {
                hop.replies = replies();
              } else {
                skipValue();
              }
            } while (next('}'));
          }
          keyTop = base;
          depth--;
        } else {
          skipValue();
        }
        hops.add(hop);
      } while (next(']'));
    }
    depth--;
    return hops;
  }

  private List<RipeTraceFields.ReplyFields> replies() {
    expect('[');
    enter();
    List<RipeTraceFields.ReplyFields> replies = new ArrayList<>(3);
    if (!endOf(']')) {
      do {
        RipeTraceFields.ReplyFields r = new RipeTraceFields.ReplyFields();
        ws();
        if (peek() == '{') {
          pos++;
          enter();
          int base = keyTop;
          if (!endOf('}')) {
            do {
              int k = key(base);
              int len = keys[keyTop - 1];
              if (is(k, len, RTT)) {
                r.rtt = scalar();
              } else if (is(k, len, FROM)) {
                r.from = scalar();
              } else if (is(k, len, X)) {
                r.x = scalar();
              } else if (is(k, len, ERROR)) {
                r.error = scalar();
              } else if (is(k, len, ICMPEXT)) {
                r.icmpext = tree();
              } else if (is(k, len, ERR)) {
                r.err = scalar();
              } else if (is(k, len, LATE)) {
                r.late = scalar();
              } else if (is(k, len, DUP)) {
                r.dup = scalar();
              } else {
                skipValue();
              }
            } while (next('}'));
          }
          keyTop = base;
          depth--;
        } else {
          skipValue();
        }
        replies.add(r);
      } while (next(']'));
    }
    depth--;
    return replies;
  }

  /**
   * A value as Jackson's tree deserializer builds it: scalars as {@link #scalar}, objects and
   * arrays as object and array nodes in the order of the text (duplicate keys give up, as they
   * make Jackson fail). About a quarter of msm5004's lines carry ICMP extensions, and a Jackson
   * parser per extension cost 6 % of a bulk run.
   */
  private JsonNode tree() {
    ws();
    int c = peek();
    if (c == '{') {
      pos++;
      enter();
      ObjectNode o = NODES.objectNode();
      int base = keyTop;
      if (!endOf('}')) {
        do {
          int k = key(base);
          o.set(new String(b, k, keys[keyTop - 1], StandardCharsets.ISO_8859_1), tree());
        } while (next('}'));
      }
      keyTop = base;
      depth--;
      return o;
    }
    if (c == '[') {
      pos++;
      enter();
      ArrayNode a = NODES.arrayNode();
      if (!endOf(']')) {
        do {
          a.add(tree());
        } while (next(']'));
      }
      depth--;
      return a;
    }
    return scalar();
  }

  /**
   * A scalar value as the node Jackson's tree deserializer builds for it (BaseNodeDeserializer,
   * default features): text; an integer as an int node when it fits an int, else a long node
   * (up to 18 digits; longer ones are left to Jackson); any other number as a double node, from
   * {@link Double#parseDouble} as Jackson parses it; booleans; null. A container gives up.
   */
  private JsonNode scalar() {
    ws();
    int c = peek();
    switch (c) {
      case '"' -> {
        int start = pos + 1;
        skipString();
        return NODES.textNode(new String(b, start, pos - 1 - start, StandardCharsets.ISO_8859_1));
      }
      case 't' -> {
        literal(TRUE);
        return NODES.booleanNode(true);
      }
      case 'f' -> {
        literal(FALSE);
        return NODES.booleanNode(false);
      }
      case 'n' -> {
        literal(NULL);
        return NODES.nullNode();
      }
      default -> {
        int start = pos;
        boolean integral = skipNumber();
        int len = pos - start;
        if (!integral) {
          return NODES.numberNode(decimal(start, pos));
        }
        boolean negative = b[start] == '-';
        int digits = negative ? len - 1 : len;
        if (digits > 18) {
          throw GIVE_UP;
        }
        long v = 0;
        for (int i = negative ? start + 1 : start; i < pos; i++) {
          v = 10 * v + (b[i] - '0');
        }
        v = negative ? -v : v;
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
      }
    }
  }

  private static final double[] TENS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
      1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /**
   * {@link Double#parseDouble} of the number from {@code start} to {@code stop} (valid JSON with
   * a fraction or exponent). An RTT such as {@code 12.345} — at most 15 digits, no exponent — is
   * its digits as an integer divided by a power of ten: both are exact doubles (below 2^53 and
   * 10^22), and IEEE division rounds their quotient correctly, which is the one double
   * parseDouble gives too (Clinger's fast path). Other forms go through parseDouble.
   */
  private double decimal(int start, int stop) {
    int i = start;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long digits = 0;
    int count = 0;
    int fraction = -1;
    for (; i < stop; i++) {
      byte c = b[i];
      if (c == '.') {
        fraction = 0;
      } else if (c >= '0' && c <= '9' && count < 15) {
        digits = 10 * digits + (c - '0');
        count++;
        if (fraction >= 0) {
          fraction++;
        }
      } else {
        return Double.parseDouble(new String(b, start, stop - start,
            StandardCharsets.ISO_8859_1)); // an exponent, or more than 15 digits
      }
    }
    double v = digits / TENS[Math.max(fraction, 0)];
    return negative ? -v : v;
  }

  /** Skips one value, checking its syntax (and its objects' keys for duplicates). */
  private void skipValue() {
    ws();
    int c = peek();
    if (c == '"') {
      skipString();
    } else if (c == '{') {
      pos++;
      enter();
      int base = keyTop;
      if (!endOf('}')) {
        do {
          key(base);
          skipValue();
        } while (next('}'));
      }
      keyTop = base;
      depth--;
    } else if (c == '[') {
      pos++;
      enter();
      if (!endOf(']')) {
        do {
          skipValue();
        } while (next(']'));
      }
      depth--;
    } else if (c == 't') {
      literal(TRUE);
    } else if (c == 'f') {
      literal(FALSE);
    } else if (c == 'n') {
      literal(NULL);
    } else {
      skipNumber();
    }
  }

  /**
   * Reads a key, its colon and the space after; returns where its text starts and pushes it on
   * {@link #keys} (start, length) above the keys of its object, which start at {@code base},
   * giving up on a duplicate.
   */
  private int key(int base) {
    if (keyTop - base >= 2 * MAX_KEYS) {
      throw GIVE_UP;
    }
    if (keyTop + 2 > keys.length) {
      keys = Arrays.copyOf(keys, 2 * keys.length);
    }
    ws();
    if (peek() != '"') {
      throw GIVE_UP;
    }
    int start = pos + 1;
    skipString();
    int len = pos - 1 - start;
    if (len > MAX_KEY) {
      throw GIVE_UP;
    }
    for (int i = base; i < keyTop; i += 2) {
      if (keys[i + 1] == len && b[keys[i]] == b[start]
          && Arrays.equals(b, keys[i], keys[i] + len, b, start, start + len)) {
        throw GIVE_UP; // Jackson refuses it: "Duplicate field"
      }
    }
    keys[keyTop++] = start;
    keys[keyTop++] = len;
    ws();
    expect(':');
    ws();
    return start;
  }

  /** A string with neither escapes nor control characters (others are left to Jackson). */
  private void skipString() {
    pos++; // the opening quote
    while (pos < end) {
      byte c = b[pos++];
      if (c == '"') {
        return;
      }
      if (c == '\\' || (c >= 0 && c < 0x20) || c < 0) {
        throw GIVE_UP;
      }
    }
    throw GIVE_UP;
  }

  /** A number as RFC 8259 §6 writes it; true when it has neither fraction nor exponent. */
  private boolean skipNumber() {
    int start = pos;
    if (pos < end && b[pos] == '-') {
      pos++;
    }
    if (pos >= end) {
      throw GIVE_UP;
    }
    if (b[pos] == '0') {
      pos++;
    } else if (b[pos] >= '1' && b[pos] <= '9') {
      digits();
    } else {
      throw GIVE_UP;
    }
    boolean integral = true;
    if (pos < end && b[pos] == '.') {
      pos++;
      integral = false;
      if (digits() == 0) {
        throw GIVE_UP;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      integral = false;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw GIVE_UP;
      }
    }
    if (pos - start > MAX_NUMBER) {
      throw GIVE_UP;
    }
    return integral;
  }

  private int digits() {
    int start = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos - start;
  }

  private void literal(byte[] word) {
    int len = word.length;
    if (end - pos < len || !Arrays.equals(b, pos, pos + len, word, 0, len)) {
      throw GIVE_UP;
    }
    pos += len;
  }

  private boolean is(int start, int len, byte[] name) {
    return name.length == len && Arrays.equals(b, start, start + len, name, 0, len);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw GIVE_UP;
    }
  }

  /** After an opening bracket: true (and past it) when the container closes at once. */
  private boolean endOf(char close) {
    ws();
    if (pos < end && b[pos] == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** After a member or element: true on a comma, false (and past it) on {@code close}. */
  private boolean next(char close) {
    ws();
    if (pos < end) {
      byte c = b[pos++];
      if (c == ',') {
        return true;
      }
      if (c == close) {
        return false;
      }
    }
    throw GIVE_UP;
  }

  private void expect(char c) {
    if (pos >= end || b[pos] != c) {
      throw GIVE_UP;
    }
    pos++;
  }

  private int peek() {
    if (pos >= end) {
      throw GIVE_UP;
    }
    return b[pos];
  }

  /** JSON's four whitespace characters. */
  private void ws() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
