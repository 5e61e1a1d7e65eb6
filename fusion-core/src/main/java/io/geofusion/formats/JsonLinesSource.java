package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * JSON Lines: one JSON value per line. A malformed line is reported and skipped; reading
 * continues with the next line. A line holding a JSON array, or several JSON values one after
 * another, contributes each of them.
 *
 * <p>Lines are split as bytes ({@link ByteLines}); an ASCII line goes to Jackson's byte parser as
 * it is, any other line is decoded as UTF-8 and parsed as text, so every line gives the tree it
 * gave when lines were read as text. A line that is not UTF-8 (a Windows-1252 byte, binary data)
 * is reported and skipped like a malformed line ({@code not UTF-8 text ...; skipped}), never read
 * on with U+FFFD in its strings. {@link #batch} hands undecoded lines to other threads.
 *
 * <p>A line is one record, so a line longer than {@link io.geofusion.text.Limits#JSON_RECORD_BYTES}
 * bytes is skipped and counted with its number, the same way as an over-long element of a RIPE
 * array ({@link JsonStreamSource}); {@link ByteLines} streams past it without holding it, so it
 * costs no memory and no tree is built for it. (A line holding an array of records counts as one
 * record here.) A value listing more replies than {@link io.geofusion.text.Limits#PROBES} is
 * stopped at the reply past the limit ({@link RecordParser}) and its line skipped and counted.
 */
final class JsonLinesSource implements RecordSource {

  private final ByteLines in;
  private final Problems problems;
  private final ArrayDeque<JsonNode> pending = new ArrayDeque<>();
  private long lineNo;
  private long pendingLine;

  JsonLinesSource(ByteLines in, Problems problems) {
    this.in = in;
    this.problems = problems;
  }

  @Override
  public Measurement next() throws IOException {
    while (true) {
      while (!pending.isEmpty()) {
        Measurement m = JsonRecords.decode(pending.poll(), pendingLine, problems);
        if (m != null) {
          return m;
        }
      }
      if (!in.next()) {
        return null;
      }
      lineNo++;
      if (in.tooLong()) {
        problems.skipped(lineNo, RecordParser.tooLong("bytes"));
        continue;
      }
      if (in.ascii()) {
        RipeTraceFields trace = RipeTraceFields.parse(in.buffer(), in.start(), in.length());
        if (trace != null) {
          Measurement m = JsonRecords.decode(trace, lineNo, problems);
          if (m != null) {
            return m;
          }
          continue;
        }
      }
      JsonNode node = parse(in.buffer(), in.start(), in.length(), in.ascii(), lineNo, problems);
      if (node == null) {
        continue;
      }
      if (node.isArray()) {
        node.forEach(pending::add);
        pendingLine = lineNo;
        continue;
      }
      Measurement m = JsonRecords.decode(node, lineNo, problems);
      if (m != null) {
        return m;
      }
    }
  }

  /**
   * Up to {@code maxLines} lines, not parsed yet; values left over from a line that {@link #next}
   * was reading are decoded here first. Null at the end of the input.
   */
  RecordBatch batch(int maxLines) throws IOException {
    if (!pending.isEmpty()) {
      List<Measurement> done = new ArrayList<>();
      while (!pending.isEmpty()) {
        Measurement m = JsonRecords.decode(pending.poll(), pendingLine, problems);
        if (m != null) {
          done.add(m);
        }
      }
      return RecordBatch.decoded(done);
    }
    byte[] bytes = new byte[64 * 1024];
    int[] ends = new int[maxLines];
    BitSet tooLong = new BitSet();
    int size = 0;
    int n = 0;
    long first = lineNo + 1;
    while (n < maxLines && in.next()) {
      lineNo++;
      if (in.tooLong()) {
        tooLong.set(n);
      }
      int len = in.length();
      if (bytes.length - size < len) {
        bytes = Arrays.copyOf(bytes, Math.max(size + len, 2 * bytes.length));
      }
      System.arraycopy(in.buffer(), in.start(), bytes, size, len);
      size += len;
      ends[n++] = size;
    }
    return n == 0 ? null : new RecordBatch(bytes, Arrays.copyOf(ends, n), tooLong, first);
  }

  /**
   * The measurements of lines given by {@link #batch}, problems going to {@code problems}; the
   * lines set in {@code tooLong} were longer than the record limit (and are empty).
   */
  static List<Measurement> decode(byte[] bytes, int[] ends, BitSet tooLong, long firstLine,
      Problems problems) {
    List<Measurement> out = new ArrayList<>(ends.length);
    int from = 0;
    for (int k = 0; k < ends.length; k++) {
      long line = firstLine + k;
      if (tooLong.get(k)) {
        problems.skipped(line, RecordParser.tooLong("bytes"));
        continue;
      }
      int len = ends[k] - from;
      int off = from;
      from = ends[k];
      boolean ascii = ascii(bytes, off, len);
      // RIPE Atlas traceroutes, the bulk of bulk runs, are decoded without a tree.
      RipeTraceFields trace = ascii ? RipeTraceFields.parse(bytes, off, len) : null;
      if (trace != null) {
        Measurement m = JsonRecords.decode(trace, line, problems);
        if (m != null) {
          out.add(m);
        }
        continue;
      }
      JsonNode node = parse(bytes, off, len, ascii, line, problems);
      if (node == null) {
        continue;
      }
      if (node.isArray()) {
        for (JsonNode element : node) {
          Measurement m = JsonRecords.decode(element, line, problems);
          if (m != null) {
            out.add(m);
          }
        }
      } else {
        Measurement m = JsonRecords.decode(node, line, problems);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /**
   * The JSON value of one line — an array holding every value when the line holds several — or
   * null when the line is blank or malformed (then reported as skipped).
   */
  private static JsonNode parse(byte[] b, int off, int len, boolean ascii, long line,
      Problems problems) {
    if (!ascii) {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, off, len)).toString();
      } catch (CharacterCodingException e) {
        problems.skipped(line, "not UTF-8 text (binary data, or text in another encoding?);"
            + " skipped");
        return null;
      }
      return parse(text, line, problems);
    }
    if (blank(b, off, len)) {
      return null;
    }
    try (RecordParser p = new RecordParser(JsonTrees.parser(b, off, len))) {
      return values(p);
    } catch (RecordParser.OverLimit e) {
      problems.skipped(line, e.getMessage());
      return null;
    } catch (IOException e) {
      // Parsed again as text, so the problem reads exactly as it did when lines were text.
      return parse(new String(b, off, len, StandardCharsets.ISO_8859_1), line, problems);
    }
  }

  private static JsonNode parse(String line, long lineNo, Problems problems) {
    if (line.isBlank()) {
      return null;
    }
    try (RecordParser p = new RecordParser(JsonTrees.parser(line))) {
      return values(p);
    } catch (RecordParser.OverLimit e) {
      problems.skipped(lineNo, e.getMessage());
      return null;
    } catch (JsonProcessingException e) {
      problems.skipped(lineNo, "malformed JSON: " + TextLines.jsonProblem(e) + "; skipped");
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  /**
   * The values of one line, each built under the record limits; a value over one makes the line
   * a skipped record ({@link RecordParser.OverLimit}).
   */
  private static JsonNode values(RecordParser p) throws IOException {
    JsonNode node = p.read();
    if (node != null && p.nextToken() != null) {
      // Several values on one line (concatenated JSON): each is a record, none is lost.
      ArrayNode all = JsonNodeFactory.instance.arrayNode().add(node);
      do {
        JsonNode next = p.read();
        all.add(next);
      } while (p.nextToken() != null);
      node = all;
    }
    return node;
  }

  /** {@link String#isBlank} of ASCII bytes: {@link Character#isWhitespace} below 0x80. */
  private static boolean blank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c != ' ' && (c < 0x09 || c > 0x0D) && (c < 0x1C || c > 0x1F)) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] b, int off, int len) {
    int bits = 0;
    for (int i = off; i < off + len; i++) {
      bits |= b[i];
    }
    return bits >= 0;
  }
}
