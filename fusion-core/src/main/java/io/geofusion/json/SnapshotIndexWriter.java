package io.geofusion.json;

import io.geofusion.graph.Edge;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeKind;
import io.geofusion.graph.SnapshotFormat;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Builds the index of one snapshot ({@link GraphSnapshotIndex} reads it): nodes in file order
 * with where their lines are, then edges in file order. Big-endian layout:
 *
 * <pre>
 * header (104 bytes)  magic "GFGRIDX\n", version, kind count, node count, 0, edge count,
 *                     snapshot size, seq, CRC-32 of its header line, CRC-32 of its trailer line,
 *                     offsets of the four sections, index size, CRC-32 of the bytes before, 0
 * kind records (16)   string offset, length, CRC-32 (record + string) — sorted by UTF-8 bytes
 * node records (56)   string offset, id length, kind ordinal | CANONICAL, line offset, line length,
 *                     line CRC-32, adjacency offset, out count, in count, adjacency CRC-32,
 *                     CRC-32 (record + id) — sorted by the id's UTF-8 bytes
 * strings             kinds, then ids, UTF-8
 * adjacency (8)       per node: out entries, then in entries — (neighbour node, kind) numbers
 * </pre>
 *
 * <p>Every record carries its own checksum so a query verifies exactly what it reads. Not
 * thread-safe; one builder per index.
 */
final class SnapshotIndexWriter {

  static final byte[] MAGIC = "GFGRIDX\n".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_BYTES = 104;
  static final int HEADER_CRC_AT = 96;
  static final int KIND_RECORD = 16;
  static final int NODE_RECORD = 56;
  static final int NODE_CRC_AT = 52;
  static final int ENTRY = 8;
  /**
   * Flag beside a node's kind: its snapshot line is exactly {@link GraphJson#toJson(Node)} of the
   * node (true of every line a save writes), so a query may print the line without parsing it.
   */
  static final int CANONICAL = 0x100;
  /** Adjacency entries are numbered with ints: two per edge. */
  static final long MAX_EDGES = (Integer.MAX_VALUE - 8) / 4;

  /**
   * What identifies the snapshot an index was built from.
   *
   * @param size the snapshot's length in bytes
   * @param seq its sequence number
   * @param headerCrc CRC-32 of its header line (without the newline; the line holds seq and the
   *     creation time)
   * @param trailerCrc CRC-32 of its trailer line (without the newline; the line holds the CRC-32
   *     of everything before it)
   */
  record Stamp(long size, long seq, int headerCrc, int trailerCrc) {}

  private String[] ids = new String[16];
  private NodeKind[] kinds = new NodeKind[16];
  private long[] lineOffsets = new long[16];
  private int[] lineLengths = new int[16];
  private int[] lineCrcs = new int[16];
  private boolean[] canonical = new boolean[16];
  private int nodes;
  private final Map<String, Integer> byId = new HashMap<>();
  private final Map<String, Integer> kindNumbers = new HashMap<>();
  private int[] edgeSrc = new int[16];
  private int[] edgeDst = new int[16];
  private int[] edgeKind = new int[16];
  private int edges;

  /** The sidecar of a snapshot just written from {@code contents}. */
  static SnapshotFormat.Sidecar sidecar(Stamp stamp, SnapshotFormat.Contents contents,
      LineTracker lines) {
    return new SnapshotFormat.Sidecar() {
      @Override
      public Path path(Path snapshot) {
        return GraphSnapshotIndex.pathFor(snapshot);
      }

      @Override
      public void write(OutputStream out) throws IOException {
        SnapshotIndexWriter w = new SnapshotIndexWriter();
        int i = 1; // line 0 is the header
        for (Node n : contents.nodes()) {
          // GraphJson.toJson writes a node as the snapshot writer does, except for escapes: the
          // snapshot's UTF-8 generator writes a character outside the BMP as a \\u escape
          // pair, toJson's character generator writes it as it is. A line without a backslash
          // is therefore the canonical text (GraphSnapshotIndexTest checks it on such ids).
          w.node(n.id(), n.kind(), lines.offset(i), lines.length(i), lines.crc(i),
              !lines.escapes(i));
          i++;
        }
        for (Edge e : contents.edges()) {
          w.edge(e.src(), e.kind(), e.dst());
        }
        w.write(out, stamp);
      }
    };
  }

  /** The next node line; {@code canonical}: it is {@link GraphJson#toJson(Node)} of the node. */
  void node(String id, NodeKind kind, long lineOffset, int lineLength, int lineCrc,
      boolean canonical) {
    if (byId.putIfAbsent(id, nodes) != null) {
      throw new IllegalStateException("duplicate node " + id);
    }
    if (nodes == ids.length) {
      int cap = nodes * 2;
      ids = Arrays.copyOf(ids, cap);
      kinds = Arrays.copyOf(kinds, cap);
      lineOffsets = Arrays.copyOf(lineOffsets, cap);
      lineLengths = Arrays.copyOf(lineLengths, cap);
      lineCrcs = Arrays.copyOf(lineCrcs, cap);
      this.canonical = Arrays.copyOf(this.canonical, cap);
    }
    ids[nodes] = id;
    kinds[nodes] = kind;
    lineOffsets[nodes] = lineOffset;
    lineLengths[nodes] = lineLength;
    lineCrcs[nodes] = lineCrc;
    this.canonical[nodes] = canonical;
    nodes++;
  }

  /** The next edge; both endpoints were given to {@link #node} before. */
  void edge(String src, String kind, String dst) throws IOException {
    Integer s = byId.get(src);
    Integer d = byId.get(dst);
    if (s == null || d == null) {
      throw new IllegalStateException("edge " + src + " -" + kind + "-> " + dst
          + " refers to a node not in the snapshot");
    }
    if (edges >= MAX_EDGES) {
      throw new IOException("more than " + MAX_EDGES + " edges: too many to index");
    }
    if (edges == edgeSrc.length) {
      int cap = (int) Math.min(MAX_EDGES, (long) edges * 2);
      edgeSrc = Arrays.copyOf(edgeSrc, cap);
      edgeDst = Arrays.copyOf(edgeDst, cap);
      edgeKind = Arrays.copyOf(edgeKind, cap);
    }
    edgeSrc[edges] = s;
    edgeDst[edges] = d;
    edgeKind[edges] = kindNumbers.computeIfAbsent(kind, k -> kindNumbers.size());
    edges++;
  }

  /** Writes the index of the snapshot {@code stamp} describes. */
  void write(OutputStream target, Stamp stamp) throws IOException {
    byte[][] idBytes = new byte[nodes][];
    for (int i = 0; i < nodes; i++) {
      idBytes[i] = ids[i].getBytes(StandardCharsets.UTF_8);
    }
    int[] order = sortedByBytes(idBytes);
    int[] rank = inverse(order);
    byte[][] kindBytes = new byte[kindNumbers.size()][];
    kindNumbers.forEach((k, v) -> kindBytes[v] = k.getBytes(StandardCharsets.UTF_8));
    int[] kindOrder = sortedByBytes(kindBytes);
    int[] kindRank = inverse(kindOrder);

    // Adjacency by node rank: out entries, then in entries, each in edge (file) order.
    int[] outCount = new int[nodes];
    int[] inCount = new int[nodes];
    for (int e = 0; e < edges; e++) {
      outCount[rank[edgeSrc[e]]]++;
      inCount[rank[edgeDst[e]]]++;
    }
    int[] start = new int[nodes + 1]; // in entries
    for (int r = 0; r < nodes; r++) {
      start[r + 1] = start[r] + outCount[r] + inCount[r];
    }
    int[] outNext = new int[nodes];
    int[] inNext = new int[nodes];
    for (int r = 0; r < nodes; r++) {
      outNext[r] = start[r];
      inNext[r] = start[r] + outCount[r];
    }
    int[] neighbour = new int[2 * edges];
    int[] kindOf = new int[2 * edges];
    for (int e = 0; e < edges; e++) {
      int s = rank[edgeSrc[e]];
      int d = rank[edgeDst[e]];
      int k = kindRank[edgeKind[e]];
      neighbour[outNext[s]] = d;
      kindOf[outNext[s]++] = k;
      neighbour[inNext[d]] = s;
      kindOf[inNext[d]++] = k;
    }

    long kindsAt = HEADER_BYTES;
    long nodesAt = kindsAt + (long) KIND_RECORD * kindBytes.length;
    long stringsAt = nodesAt + (long) NODE_RECORD * nodes;
    long stringBytes = 0;
    for (byte[] b : kindBytes) {
      stringBytes += b.length;
    }
    for (byte[] b : idBytes) {
      stringBytes += b.length;
    }
    long adjacencyAt = stringsAt + stringBytes;
    long size = adjacencyAt + (long) ENTRY * 2 * edges;

    DataOutputStream out = new DataOutputStream(target);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.put(MAGIC).putInt(VERSION).putInt(kindBytes.length).putInt(nodes).putInt(0)
        .putLong(edges).putLong(stamp.size()).putLong(stamp.seq()).putInt(stamp.headerCrc())
        .putInt(stamp.trailerCrc()).putLong(kindsAt).putLong(nodesAt).putLong(stringsAt)
        .putLong(adjacencyAt).putLong(size);
    header.putInt(crc(header.array(), 0, HEADER_CRC_AT, null)).putInt(0);
    out.write(header.array());

    long stringAt = stringsAt;
    ByteBuffer kindRecord = ByteBuffer.allocate(KIND_RECORD);
    for (int k : kindOrder) {
      kindRecord.clear();
      kindRecord.putLong(stringAt).putInt(kindBytes[k].length);
      kindRecord.putInt(crc(kindRecord.array(), 0, 12, kindBytes[k]));
      out.write(kindRecord.array());
      stringAt += kindBytes[k].length;
    }
    ByteBuffer entries = ByteBuffer.allocate(1 << 16);
    ByteBuffer nodeRecord = ByteBuffer.allocate(NODE_RECORD);
    for (int r = 0; r < nodes; r++) {
      int i = order[r];
      nodeRecord.clear();
      nodeRecord.putLong(stringAt).putInt(idBytes[i].length)
          .putInt(kinds[i].ordinal() | (canonical[i] ? CANONICAL : 0))
          .putLong(lineOffsets[i]).putInt(lineLengths[i]).putInt(lineCrcs[i])
          .putLong(adjacencyAt + (long) ENTRY * start[r]).putInt(outCount[r]).putInt(inCount[r])
          .putInt(entriesCrc(neighbour, kindOf, start[r], start[r + 1], entries));
      nodeRecord.putInt(crc(nodeRecord.array(), 0, NODE_CRC_AT, idBytes[i]));
      out.write(nodeRecord.array());
      stringAt += idBytes[i].length;
    }
    for (int k : kindOrder) {
      out.write(kindBytes[k]);
    }
    for (int i : order) {
      out.write(idBytes[i]);
    }
    entries.clear();
    for (int j = 0; j < 2 * edges; j++) {
      if (entries.remaining() < ENTRY) {
        out.write(entries.array(), 0, entries.position());
        entries.clear();
      }
      entries.putInt(neighbour[j]).putInt(kindOf[j]);
    }
    out.write(entries.array(), 0, entries.position());
    out.flush();
    if (size < Integer.MAX_VALUE && out.size() != size) {
      throw new IllegalStateException("index layout: wrote " + out.size() + " bytes, planned "
          + size);
    }
  }

  /** CRC-32 of entries [from, to) as written (big-endian neighbour, kind). */
  static int entriesCrc(int[] neighbour, int[] kindOf, int from, int to, ByteBuffer scratch) {
    CRC32 c = new CRC32();
    scratch.clear();
    for (int j = from; j < to; j++) {
      if (scratch.remaining() < ENTRY) {
        c.update(scratch.array(), 0, scratch.position());
        scratch.clear();
      }
      scratch.putInt(neighbour[j]).putInt(kindOf[j]);
    }
    c.update(scratch.array(), 0, scratch.position());
    return (int) c.getValue();
  }

  /** CRC-32 of {@code record[from, to)} followed by {@code tail} (may be null). */
  static int crc(byte[] record, int from, int to, byte[] tail) {
    CRC32 c = new CRC32();
    c.update(record, from, to - from);
    if (tail != null) {
      c.update(tail);
    }
    return (int) c.getValue();
  }

  /** Indices of {@code keys} in unsigned lexicographic byte order. */
  private static int[] sortedByBytes(byte[][] keys) {
    Integer[] boxed = new Integer[keys.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    int[] out = new int[boxed.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private static int[] inverse(int[] order) {
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    return rank;
  }
}
