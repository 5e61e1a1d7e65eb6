package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.graph.Edge;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.Node;
import io.geofusion.graph.SnapshotCorruptException;
import io.geofusion.graph.SnapshotFormat;
import io.geofusion.text.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * GeoFusion's graph snapshot format (docs/graph.md): UTF-8 JSON lines — a header
 * {@code {"format":"geofusion-graph-snapshot","version":1,"seq":…,"nodes":…,"edges":…}}, one line
 * per node ({@link GraphJson#toJson(Node)}), one per edge, and a trailer
 * {@code {"end":true,"crc32":"…"}} whose CRC-32 covers every byte before it. Pass
 * {@link #FORMAT} to {@code EntityGraph.snapshot} and {@code EntityGraph.Builder.buildFrom}; the
 * graph writes the file atomically.
 *
 * <p>Reading streams edge lines without building trees (they are the bulk of a large snapshot)
 * and reports a truncated or altered file as a {@link SnapshotCorruptException} naming the byte
 * offset and line. Writing also returns the snapshot's index as a sidecar
 * ({@code <snapshot>.idx}, {@link GraphSnapshotIndex}), which the graph writes after the
 * snapshot. Stateless and thread-safe.
 */
public final class GraphSnapshots implements SnapshotFormat {

  /** The format. */
  public static final SnapshotFormat FORMAT = new GraphSnapshots();

  static final String FORMAT_NAME = "geofusion-graph-snapshot";
  static final int VERSION = 1;
  /**
   * The largest header {@code seq} accepted: 2^62, so that a loaded graph has 2^62 events left
   * before its sequence could overflow (a snapshot claiming {@code Long.MAX_VALUE} used to wrap
   * the next event's number negative and produce a file the reader refused).
   */
  static final long MAX_SEQ = 1L << 62;

  private GraphSnapshots() {}

  @Override
  public void write(OutputStream target, Contents contents) throws IOException {
    writeWithSidecar(target, contents);
  }

  /**
   * Writes the snapshot and returns its index ({@code <snapshot>.idx}, {@link GraphSnapshotIndex}),
   * built from {@code contents} and the byte offsets of the node lines noted while writing.
   */
  @Override
  public Sidecar writeWithSidecar(OutputStream target, Contents contents) throws IOException {
    LineTracker lines = new LineTracker(target, 1 + contents.nodes().size());
    CRC32 crc = new CRC32();
    CheckedOutputStream out = new CheckedOutputStream(lines, crc);
    JsonGenerator g = GraphJson.FACTORY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    // One object per line: no root-value separator (Jackson's default is a space, which put
    // one at the start of every node and edge line).
    g.setRootValueSeparator(null);
    g.writeStartObject();
    g.writeStringField("format", FORMAT_NAME);
    g.writeNumberField("version", VERSION);
    g.writeNumberField("seq", contents.seq());
    g.writeNumberField("nodes", contents.nodes().size());
    g.writeNumberField("edges", contents.edges().size());
    g.writeStringField("created", contents.created().toString());
    g.writeEndObject();
    g.writeRaw('\n');
    GraphJson.InstantText times = new GraphJson.InstantText();
    for (Node n : contents.nodes()) {
      GraphJson.writeNode(g, n, times);
      g.writeRaw('\n');
    }
    for (Edge e : contents.edges()) {
      GraphJson.writeEdge(g, e, times);
      g.writeRaw('\n');
    }
    g.flush();
    // '\n', not %n: the index identifies a snapshot by its trailer line's bytes.
    String trailer = String.format(Locale.ROOT, "{\"end\":true,\"crc32\":\"%08x\"}",
        crc.getValue());
    byte[] trailerBytes = trailer.getBytes(StandardCharsets.UTF_8);
    out.write(trailerBytes);
    out.write('\n');
    out.flush();
    CRC32 trailerCrc = new CRC32();
    trailerCrc.update(trailerBytes);
    SnapshotIndexWriter.Stamp stamp = new SnapshotIndexWriter.Stamp(lines.position(),
        contents.seq(), lines.crc(0), (int) trailerCrc.getValue());
    return SnapshotIndexWriter.sidecar(stamp, contents, lines);
  }

  @Override
  public long read(InputStream stream, Path file, Loader loader) throws IOException {
    return read(stream, file, loader, null);
  }

  /**
   * Receives where the header, node and trailer lines are while a snapshot is read (for building
   * its index from the file).
   */
  interface LineListener {
    /**
     * One line: its byte offset, its bytes ({@code line[0, length)}, without the newline; valid
     * during the call only) and their CRC-32; called before the loader sees the line's node.
     */
    void line(long offset, byte[] line, int length, int crc);
  }

  /** {@link #read(InputStream, Path, Loader)}, reporting the header, node and trailer lines. */
  long read(InputStream stream, Path file, Loader loader, LineListener listener)
      throws IOException {
    LineReader in = new LineReader(stream);
    in.listener = listener;
    CRC32 crc = new CRC32();
    GraphJson.InstantCache times = new GraphJson.InstantCache();
    JsonNode header = in.next(file, crc, "the header line");
    if (!GraphSnapshotFields.FORMAT_OK.test(header)) {
      throw in.corrupt(file, "not a GeoFusion graph snapshot (format/version header missing "
          + "or unsupported; expected format " + FORMAT_NAME + " version " + VERSION + ")");
    }
    long seq = header.get("seq").asLong();
    if (seq > MAX_SEQ) {
      throw in.corrupt(file, "seq " + seq + " is above the largest sequence number a graph can"
          + " continue from (" + MAX_SEQ + ")");
    }
    long nodes = header.get("nodes").asLong();
    long edges = header.get("edges").asLong();
    loader.nodeCount(nodes);
    for (long i = 0; i < nodes; i++) {
      JsonNode j = in.next(file, crc, "node " + (i + 1) + " of " + nodes);
      try {
        loader.node(GraphJson.nodeFromJson(j, times));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw in.corrupt(file, e.getMessage());
      }
    }
    in.listener = null; // edge lines are not indexed by position
    EdgeReader edgeReader = new EdgeReader(times, loader::nodeId);
    for (long i = 0; i < edges; i++) {
      Edge e = in.nextEdge(file, crc, "edge " + (i + 1) + " of " + edges, edgeReader);
      try {
        loader.edge(e);
      } catch (IllegalArgumentException | IllegalStateException ex) {
        throw in.corrupt(file, ex.getMessage());
      }
    }
    long expected = crc.getValue();
    in.listener = listener;
    JsonNode trailer = in.next(file, null, "the trailer line");
    String want = String.format(Locale.ROOT, "%08x", expected);
    if (!trailer.path("end").asBoolean(false) || !want.equals(trailer.path("crc32").asText())) {
      throw in.corrupt(file, "trailer missing or checksum mismatch (computed crc32 " + want
          + ", file says " + trailer.path("crc32").asText("none") + ")");
    }
    if (in.hasMore()) {
      throw in.corrupt(file, "data after the trailer");
    }
    return seq;
  }

  /**
   * Streams one edge object (the stored form of GraphJson#writeEdge) without building a tree;
   * repeated strings (kinds, attribute names and values) are shared through a small table.
   */
  static final class EdgeReader {
    private final GraphJson.InstantCache times;
    private final java.util.function.UnaryOperator<String> nodeIds;
    private final java.util.HashMap<String, String> shared = new java.util.HashMap<>();

    /** {@code nodeIds} maps an endpoint id to the already loaded node's id instance. */
    EdgeReader(GraphJson.InstantCache times, java.util.function.UnaryOperator<String> nodeIds) {
      this.times = times;
      this.nodeIds = nodeIds;
    }

    private String share(String s) {
      if (shared.size() > 100_000) {
        return s; // many distinct values: sharing no longer pays
      }
      String prev = shared.putIfAbsent(s, s);
      return prev == null ? s : prev;
    }

    Edge read(com.fasterxml.jackson.core.JsonParser p) throws IOException {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("an edge line must be a JSON object");
      }
      String src = null;
      String kind = null;
      String dst = null;
      double confidence = 1.0;
      double weight = 1.0;
      java.time.Instant first = null;
      java.time.Instant last = null;
      long observations = 1;
      java.util.Map<String, String> attrs = java.util.Map.of();
      com.fasterxml.jackson.core.JsonToken t;
      while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String f = p.currentName();
        t = p.nextToken();
        switch (f) {
          case "src" -> src = nodeIds.apply(text(p, t, f));
          case "kind" -> kind = share(text(p, t, f));
          case "dst" -> dst = nodeIds.apply(text(p, t, f));
          case "confidence" -> confidence = number(p, t, f);
          case "weight" -> weight = number(p, t, f);
          case "first_seen" -> first = instant(p, t, f);
          case "last_seen" -> last = instant(p, t, f);
          case "observations" -> observations = (long) number(p, t, f);
          case "attributes" -> attrs = attributes(p, t);
          default -> p.skipChildren();
        }
      }
      if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("an edge line must hold exactly one JSON object");
      }
      if (src == null || kind == null || dst == null || first == null || last == null) {
        throw new IllegalArgumentException("edge line needs src, kind, dst, first_seen, last_seen");
      }
      return new Edge(new EdgeKey(src, kind, dst), confidence, weight, first, last, observations,
          attrs);
    }

    private static String text(com.fasterxml.jackson.core.JsonParser p,
        com.fasterxml.jackson.core.JsonToken t, String f) throws IOException {
      if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("field '" + f + "' must be a string");
      }
      return p.getText();
    }

    private static double number(com.fasterxml.jackson.core.JsonParser p,
        com.fasterxml.jackson.core.JsonToken t, String f) throws IOException {
      if (t != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
          && t != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
        throw new IllegalArgumentException("field '" + f + "' must be a number");
      }
      return p.getDoubleValue();
    }

    private java.time.Instant instant(com.fasterxml.jackson.core.JsonParser p,
        com.fasterxml.jackson.core.JsonToken t, String f) throws IOException {
      String s = text(p, t, f);
      try {
        return times.parse(s);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("field '" + f + "' is not an ISO-8601 instant: " + s);
      }
    }

    private java.util.Map<String, String> attributes(com.fasterxml.jackson.core.JsonParser p,
        com.fasterxml.jackson.core.JsonToken t) throws IOException {
      if (t != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("field 'attributes' must be an object");
      }
      java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String k = share(p.currentName());
        com.fasterxml.jackson.core.JsonToken v = p.nextToken();
        if (v.isStructStart() || v == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
          throw new IllegalArgumentException("attributes." + k + " must be a scalar");
        }
        m.put(k, share(p.getText()));
      }
      return m;
    }
  }

  /** Header checks kept apart so the reader stays readable. */
  private static final class GraphSnapshotFields {
    static final java.util.function.Predicate<JsonNode> FORMAT_OK = h ->
        FORMAT_NAME.equals(h.path("format").asText())
            && h.path("version").asInt(-1) == VERSION
            && h.path("seq").canConvertToLong() && h.path("seq").asLong(-1) >= 0
            && h.path("nodes").canConvertToLong() && h.path("nodes").asLong(-1) >= 0
            && h.path("edges").canConvertToLong() && h.path("edges").asLong(-1) >= 0;

    private GraphSnapshotFields() {}
  }

  /**
   * Reads '\n'-terminated lines as bytes from a large buffer (no per-byte calls), tracking the
   * byte offset and line number for error messages.
   */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] buf = new byte[1024];
    private long offset;
    private long lineStart;
    private long line;
    private final long maxLine = Limits.LINE_BYTES.value();
    private final CRC32 lineCrc = new CRC32();
    LineListener listener;

    LineReader(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      int n = in.read(chunk, 0, chunk.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    JsonNode next(Path file, CRC32 crc, String what) throws IOException {
      int len = readLine(file, crc, what);
      try {
        JsonNode n = GraphJson.MAPPER.readTree(buf, 0, len);
        if (n == null || !n.isObject()) {
          throw corrupt(file, what + " is not a JSON object");
        }
        return n;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw corrupt(file, what + " is not valid JSON: "
            + GraphJson.firstLine(e.getOriginalMessage()));
      }
    }

    /** An edge line, parsed by streaming (no tree): the bulk of a snapshot. */
    Edge nextEdge(Path file, CRC32 crc, String what, EdgeReader reader) throws IOException {
      int len = readLine(file, crc, what);
      try (com.fasterxml.jackson.core.JsonParser p = GraphJson.FACTORY.createParser(buf, 0, len)) {
        return reader.read(p);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw corrupt(file, what + " is not valid JSON: "
            + GraphJson.firstLine(e.getOriginalMessage()));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw corrupt(file, what + ": " + e.getMessage());
      }
    }

    private int readLine(Path file, CRC32 crc, String what) throws IOException {
      lineStart = offset;
      line++;
      int len = 0;
      boolean complete = false;
      while (!complete) {
        if (pos == limit && !fill()) {
          break;
        }
        int start = pos;
        while (pos < limit && chunk[pos] != '\n') {
          pos++;
        }
        int n = pos - start;
        if ((long) len + n > maxLine) {
          throw corrupt(file, what + " is longer than " + Limits.LINE_BYTES.describe());
        }
        if (len + n > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(chunk, start, buf, len, n);
        len += n;
        offset += n;
        if (pos < limit) { // found the newline
          pos++;
          offset++;
          complete = true;
        }
      }
      if (!complete) {
        throw corrupt(file, "file ends before " + what + " is complete (truncated)");
      }
      if (crc != null) {
        crc.update(buf, 0, len);
        crc.update('\n');
      }
      if (listener != null) {
        lineCrc.reset();
        lineCrc.update(buf, 0, len);
        listener.line(lineStart, buf, len, (int) lineCrc.getValue());
      }
      return len;
    }

    boolean hasMore() throws IOException {
      return pos < limit || fill();
    }

    SnapshotCorruptException corrupt(Path file, String problem) {
      return new SnapshotCorruptException(file, lineStart, line, problem);
    }
  }
}
