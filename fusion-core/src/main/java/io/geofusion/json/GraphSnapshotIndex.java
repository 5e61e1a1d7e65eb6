package io.geofusion.json;

import static io.geofusion.json.SnapshotIndexWriter.ENTRY;
import static io.geofusion.json.SnapshotIndexWriter.HEADER_BYTES;
import static io.geofusion.json.SnapshotIndexWriter.HEADER_CRC_AT;
import static io.geofusion.json.SnapshotIndexWriter.KIND_RECORD;
import static io.geofusion.json.SnapshotIndexWriter.NODE_CRC_AT;
import static io.geofusion.json.SnapshotIndexWriter.NODE_RECORD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.graph.Direction;
import io.geofusion.graph.Edge;
import io.geofusion.graph.Node;
import io.geofusion.graph.NodeKind;
import io.geofusion.graph.SnapshotFormat;
import io.geofusion.json.SnapshotIndexException.Reason;
import io.geofusion.text.AtomicFile;
import io.geofusion.text.PathLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The index of a graph snapshot: {@code <snapshot>.idx}, written beside every snapshot that
 * {@link GraphSnapshots#FORMAT} saves (docs/graph.md, docs/decisions/graph-index.md). It holds the
 * node ids sorted (binary search), each node's edges as (neighbour, kind) numbers, and where each
 * node's line is in the snapshot; a query reads a few hundred bytes of the index per node it
 * touches and the snapshot lines of the nodes it returns, never the whole snapshot.
 *
 * <p>The answers are those of {@link io.geofusion.graph.EntityGraph}'s methods of the same name on
 * the loaded snapshot, in the same order. {@link #open} checks that the index belongs to the
 * snapshot beside it (size, header line with seq and creation time, trailer line with the CRC-32
 * of the whole file); every index record and every snapshot line read is checked against its own
 * CRC-32. A failed check is a {@link SnapshotIndexException}: the caller reads the whole snapshot
 * instead. Bytes a query does not read are not checked — a full load verifies the whole file.
 *
 * <p>Immutable and safe to share between threads (positional reads only). Close it to release the
 * two open files.
 */
public final class GraphSnapshotIndex implements AutoCloseable {

  /** The snapshot header line is read whole when an index is opened; it is about 130 bytes. */
  private static final int MAX_HEADER_LINE = 1 << 16;
  /** The trailer line ({@code {"end":true,"crc32":"…"}}) is 31 bytes. */
  private static final int MAX_TRAILER_LINE = 256;
  private static final NodeKind[] KINDS = NodeKind.values();

  private final Path snapshot;
  private final Path file;
  private final FileChannel snap;
  private final FileChannel idx;
  private final int kindCount;
  private final int nodeCount;
  private final long edgeCount;
  private final long seq;
  private final long snapshotSize;
  private final long kindsAt;
  private final long nodesAt;
  private final long stringsAt;
  private final long adjacencyAt;
  private final long size;

  private GraphSnapshotIndex(Path snapshot, Path file, FileChannel snap, FileChannel idx,
      ByteBuffer h) throws IOException {
    this.snapshot = snapshot;
    this.file = file;
    this.snap = snap;
    this.idx = idx;
    h.position(SnapshotIndexWriter.MAGIC.length + 4);
    kindCount = h.getInt();
    nodeCount = h.getInt();
    h.getInt();
    edgeCount = h.getLong();
    snapshotSize = h.getLong();
    seq = h.getLong();
    h.getInt();
    h.getInt();
    kindsAt = h.getLong();
    nodesAt = h.getLong();
    stringsAt = h.getLong();
    adjacencyAt = h.getLong();
    size = h.getLong();
    if (kindCount < 0 || nodeCount < 0 || edgeCount < 0 || kindsAt != HEADER_BYTES
        || nodesAt != kindsAt + (long) KIND_RECORD * kindCount
        || stringsAt != nodesAt + (long) NODE_RECORD * nodeCount || adjacencyAt < stringsAt
        || size != adjacencyAt + 2L * ENTRY * edgeCount || size != idx.size()) {
      throw corrupt("the section layout does not match the file size " + idx.size());
    }
  }

  /** The index file of {@code snapshot}: {@code <snapshot>.idx} beside it. */
  public static Path pathFor(Path snapshot) {
    return snapshot.resolveSibling(snapshot.getFileName() + ".idx");
  }

  /**
   * Opens the index of {@code snapshot} after checking that it belongs to the snapshot's current
   * version; reads the index header and the snapshot's first and last lines only.
   *
   * @throws NoSuchFileException if the snapshot does not exist
   * @throws SnapshotIndexException if the index is missing, stale or corrupt
   * @throws IOException if reading fails
   */
  public static GraphSnapshotIndex open(Path snapshot) throws IOException {
    Path file = pathFor(snapshot);
    FileChannel snap = FileChannel.open(snapshot, StandardOpenOption.READ);
    FileChannel idx = null;
    boolean ok = false;
    try {
      try {
        idx = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        throw new SnapshotIndexException(file, Reason.MISSING, "");
      }
      if (idx.size() < HEADER_BYTES) {
        throw new SnapshotIndexException(file, Reason.CORRUPT, "shorter than its header ("
            + idx.size() + " bytes)");
      }
      ByteBuffer h = read(idx, 0, HEADER_BYTES, file);
      byte[] magic = Arrays.copyOf(h.array(), SnapshotIndexWriter.MAGIC.length);
      if (!Arrays.equals(magic, SnapshotIndexWriter.MAGIC)) {
        throw new SnapshotIndexException(file, Reason.CORRUPT, "not a GeoFusion graph index");
      }
      int version = h.getInt(SnapshotIndexWriter.MAGIC.length);
      if (version != SnapshotIndexWriter.VERSION) {
        throw new SnapshotIndexException(file, Reason.STALE, "index version " + version
            + ", this GeoFusion reads version " + SnapshotIndexWriter.VERSION);
      }
      if (h.getInt(HEADER_CRC_AT) != SnapshotIndexWriter.crc(h.array(), 0, HEADER_CRC_AT, null)) {
        throw new SnapshotIndexException(file, Reason.CORRUPT, "header checksum mismatch");
      }
      checkStamp(snap, file, h.getLong(32), h.getInt(48), h.getInt(52));
      GraphSnapshotIndex index = new GraphSnapshotIndex(snapshot, file, snap, idx, h);
      ok = true;
      return index;
    } finally {
      if (!ok) {
        snap.close();
        if (idx != null) {
          idx.close();
        }
      }
    }
  }

  /** Checks the snapshot's size, header line and trailer line against the index's record. */
  private static void checkStamp(FileChannel snap, Path file, long wantSize, int wantHeaderCrc,
      int wantTrailerCrc) throws IOException {
    long have = snap.size();
    if (have != wantSize) {
      throw new SnapshotIndexException(file, Reason.STALE, "built for a snapshot of " + wantSize
          + " bytes, the snapshot now has " + have);
    }
    ByteBuffer head = read(snap, 0, (int) Math.min(have, MAX_HEADER_LINE), file);
    int nl = indexOf(head.array(), 0, head.limit());
    if (nl < 0 || crc(head.array(), 0, nl) != wantHeaderCrc) {
      throw new SnapshotIndexException(file, Reason.STALE, "the snapshot's header line (seq, "
          + "creation time) differs from the one the index was built for");
    }
    int tailLength = (int) Math.min(have, MAX_TRAILER_LINE);
    byte[] tail = read(snap, have - tailLength, tailLength, file).array();
    int start = tailLength - 1;
    if (tailLength == 0 || tail[start] != '\n') {
      start = -1;
    } else {
      while (start > 0 && tail[start - 1] != '\n') {
        start--;
      }
    }
    if (start <= 0 || crc(tail, start, tailLength - 1) != wantTrailerCrc) {
      throw new SnapshotIndexException(file, Reason.STALE, "the snapshot's trailer line "
          + "(checksum of its contents) differs from the one the index was built for");
    }
  }

  /**
   * Builds (or rebuilds) the index of {@code snapshot} from the file, for a snapshot saved without
   * one (before indexes existed, or by a save killed between the snapshot and its index): reads
   * and verifies the whole snapshot as a full load does, keeping only ids, edge endpoints and line
   * positions, then writes {@code <snapshot>.idx} atomically (temporary file, fsync, rename). Holds
   * the snapshot's lock throughout, so no save of it runs in between.
   *
   * @return the index file
   * @throws NoSuchFileException if the snapshot does not exist
   * @throws io.geofusion.graph.SnapshotCorruptException if the snapshot is truncated or corrupt
   * @throws IOException if reading or writing fails
   */
  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  public static Path build(Path snapshot) throws IOException {
    Path abs = snapshot.toAbsolutePath();
    Path target = pathFor(abs);
    try (PathLock lock = PathLock.acquire(abs)) {
      SnapshotIndexWriter w = new SnapshotIndexWriter();
      LastLine lines = new LastLine();
      SnapshotIndexWriter.Stamp stamp;
      try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.READ)) {
        long seq = ((GraphSnapshots) GraphSnapshots.FORMAT).read(Channels.newInputStream(ch),
            snapshot, new SnapshotFormat.Loader() {
              @Override
              public void nodeCount(long count) {
                // the writer grows with the node lines actually read
              }

              @Override
              public void node(Node n) {
                // Lines of older versions (e.g. a circle's "mass") are not what toJson writes;
                // lines with escapes are left to the parser as a save leaves them (the two
                // indexes of one snapshot are the same bytes).
                boolean canonical = lines.text.indexOf('\\') < 0
                    && lines.text.equals(GraphJson.toJson(n));
                w.node(n.id(), n.kind(), lines.offset, lines.length, lines.crc, canonical);
              }

              @Override
              public String nodeId(String id) {
                return id;
              }

              @Override
              public void edge(Edge e) {
                try {
                  w.edge(e.src(), e.kind(), e.dst());
                } catch (IOException x) {
                  throw new UncheckedIOException(x);
                }
              }
            }, lines);
        stamp = new SnapshotIndexWriter.Stamp(ch.size(), seq, lines.headerCrc, lines.crc);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(snapshot.toString(), null, "snapshot does not exist");
      }
      AtomicFile.deleteLeftovers(target);
      try (AtomicFile f = AtomicFile.create(target)) {
        w.write(f.stream(), stamp);
        f.stream().flush();
        f.commit();
      }
      return target;
    }
  }

  /** The last line reported while reading, and the first line's checksum. */
  private static final class LastLine implements GraphSnapshots.LineListener {
    private boolean first = true;
    int headerCrc;
    long offset;
    int length;
    int crc;
    String text;

    @Override
    public void line(long offset, byte[] line, int length, int crc) {
      if (first) {
        headerCrc = crc;
        first = false;
      }
      this.offset = offset;
      this.length = length;
      this.crc = crc;
      this.text = new String(line, 0, length, StandardCharsets.UTF_8);
    }
  }

  /** The snapshot this index belongs to. */
  public Path snapshot() {
    return snapshot;
  }

  /** The snapshot's sequence number. */
  public long seq() {
    return seq;
  }

  /** How many nodes the snapshot holds. */
  public long nodeCount() {
    return nodeCount;
  }

  /** How many edges the snapshot holds. */
  public long edgeCount() {
    return edgeCount;
  }

  /** Whether the snapshot holds a node with this id. */
  public boolean containsNode(String id) throws IOException {
    return find(id) != null;
  }

  /**
   * Neighbour nodes over edges of a kind ({@code null} = any) in a direction, sorted by id,
   * without repeats; empty if there is no such node. As
   * {@link io.geofusion.graph.EntityGraph#neighbours}.
   *
   * @throws SnapshotIndexException if a record or snapshot line read fails its check
   */
  public List<Node> neighbours(String nodeId, String kind, Direction direction)
      throws IOException {
    return nodes(neighbourRanks(nodeId, kind, direction));
  }

  /**
   * {@link #neighbours} as JSON lines, each exactly {@link GraphJson#toJson(Node)} of its node, in
   * the same order. A line a save wrote is that text already and is returned without being parsed
   * (after its checksum), which spares a one-shot query the JSON mapper's start-up.
   *
   * @throws SnapshotIndexException if a record or snapshot line read fails its check
   */
  public List<String> neighbourLines(String nodeId, String kind, Direction direction)
      throws IOException {
    return lines(neighbourRanks(nodeId, kind, direction));
  }

  private int[] neighbourRanks(String nodeId, String kind, Direction direction)
      throws IOException {
    Rec r = find(nodeId);
    if (r == null) {
      return new int[0];
    }
    int kindNo = -1;
    if (kind != null) {
      kindNo = findKind(kind);
      if (kindNo < 0) {
        return new int[0];
      }
    }
    int[] entries = entries(r);
    int from = direction == Direction.IN ? r.out : 0;
    int to = direction == Direction.OUT ? r.out : r.out + r.in;
    int[] found = new int[to - from];
    int n = 0;
    for (int j = from; j < to; j++) {
      if (kindNo < 0 || entries[2 * j + 1] == kindNo) {
        found[n++] = entries[2 * j];
      }
    }
    return distinct(found, n);
  }

  /**
   * Hosts in an ASN or organisation, sorted by id: as
   * {@link io.geofusion.graph.EntityGraph#hostsIn} — hosts with an edge to {@code groupId}, and
   * hosts with an edge to an ASN or org node that has an edge to {@code groupId}.
   *
   * @throws SnapshotIndexException if a record or snapshot line read fails its check
   */
  public List<Node> hostsIn(String groupId) throws IOException {
    return nodes(hostRanks(groupId));
  }

  /**
   * {@link #hostsIn} as JSON lines, as {@link #neighbourLines} gives them.
   *
   * @throws SnapshotIndexException if a record or snapshot line read fails its check
   */
  public List<String> hostsInLines(String groupId) throws IOException {
    return lines(hostRanks(groupId));
  }

  private int[] hostRanks(String groupId) throws IOException {
    Rec g = find(groupId);
    if (g == null) {
      return new int[0];
    }
    int[] entries = entries(g);
    int[] found = new int[16];
    int n = 0;
    Map<Integer, Rec> seen = new HashMap<>();
    for (int j = g.out; j < g.out + g.in; j++) {
      Rec s = record(entries[2 * j], seen);
      if (s.kind == NodeKind.HOST) {
        found = add(found, n++, s.rank);
      } else if ((s.kind == NodeKind.ASN || s.kind == NodeKind.ORG) && s.in > 0) {
        int[] inner = entries(s);
        for (int k = s.out; k < s.out + s.in; k++) {
          Rec t = record(inner[2 * k], seen);
          if (t.kind == NodeKind.HOST) {
            found = add(found, n++, t.rank);
          }
        }
      }
    }
    return distinct(found, n);
  }

  @Override
  public void close() throws IOException {
    try {
      snap.close();
    } finally {
      idx.close();
    }
  }

  @Override
  public String toString() {
    return "GraphSnapshotIndex[" + file + ", seq " + seq + ", " + nodeCount + " nodes, "
        + edgeCount + " edges]";
  }

  // ---------------------------------------------------------------- records

  /** One node record, checked. */
  private record Rec(int rank, byte[] id, NodeKind kind, boolean canonical, long lineOffset,
      int lineLength, int lineCrc, long adjacency, int out, int in, int adjacencyCrc) {}

  private Rec find(String id) throws IOException {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int lo = 0;
    int hi = nodeCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Rec r = record(mid);
      int c = Arrays.compareUnsigned(r.id, key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return r;
      }
    }
    return null;
  }

  private int findKind(String kind) throws IOException {
    byte[] key = kind.getBytes(StandardCharsets.UTF_8);
    int lo = 0;
    int hi = kindCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ByteBuffer b = read(idx, kindsAt + (long) KIND_RECORD * mid, KIND_RECORD, file);
      byte[] name = string(b.getLong(0), b.getInt(8));
      if (b.getInt(12) != SnapshotIndexWriter.crc(b.array(), 0, 12, name)) {
        throw corrupt("kind record " + mid + " fails its checksum");
      }
      int c = Arrays.compareUnsigned(name, key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private Rec record(int rank, Map<Integer, Rec> cache) throws IOException {
    Rec r = cache.get(rank);
    if (r == null) {
      r = record(rank);
      cache.put(rank, r);
    }
    return r;
  }

  private Rec record(int rank) throws IOException {
    if (rank < 0 || rank >= nodeCount) {
      throw corrupt("node number " + rank + " is outside 0.." + (nodeCount - 1));
    }
    ByteBuffer b = read(idx, nodesAt + (long) NODE_RECORD * rank, NODE_RECORD, file);
    byte[] id = string(b.getLong(0), b.getInt(8));
    if (b.getInt(NODE_CRC_AT) != SnapshotIndexWriter.crc(b.array(), 0, NODE_CRC_AT, id)) {
      throw corrupt("node record " + rank + " fails its checksum");
    }
    int kindAndFlags = b.getInt(12);
    int kind = kindAndFlags & ~SnapshotIndexWriter.CANONICAL;
    long lineOffset = b.getLong(16);
    int lineLength = b.getInt(24);
    long adjacency = b.getLong(32);
    int out = b.getInt(40);
    int in = b.getInt(44);
    long entryBytes = ((long) out + in) * ENTRY;
    if (kind < 0 || kind >= KINDS.length || lineOffset < 0 || lineLength < 0
        || lineOffset + lineLength > snapshotSize || out < 0 || in < 0
        || adjacency < adjacencyAt || (adjacency - adjacencyAt) % ENTRY != 0
        || adjacency + entryBytes > size || entryBytes > Integer.MAX_VALUE - 8) {
      throw corrupt("node record " + rank + " points outside the files");
    }
    return new Rec(rank, id, KINDS[kind], (kindAndFlags & SnapshotIndexWriter.CANONICAL) != 0,
        lineOffset, lineLength, b.getInt(28), adjacency, out, in, b.getInt(48));
  }

  private byte[] string(long at, int length) throws IOException {
    if (length < 0 || at < stringsAt || at + length > adjacencyAt) {
      throw corrupt("a string at " + at + " (" + length + " bytes) is outside the string section");
    }
    return read(idx, at, length, file).array();
  }

  /** The record's adjacency as (neighbour, kind) pairs, checked. */
  private int[] entries(Rec r) throws IOException {
    int count = r.out + r.in;
    ByteBuffer b = read(idx, r.adjacency, count * ENTRY, file);
    if (crc(b.array(), 0, count * ENTRY) != r.adjacencyCrc) {
      throw corrupt("the edges of node record " + r.rank + " fail their checksum");
    }
    int[] pairs = new int[2 * count];
    b.asIntBuffer().get(pairs);
    for (int j = 0; j < count; j++) {
      if (pairs[2 * j] < 0 || pairs[2 * j] >= nodeCount || pairs[2 * j + 1] < 0
          || pairs[2 * j + 1] >= kindCount) {
        throw corrupt("an edge of node record " + r.rank + " names a node or kind that does not"
            + " exist");
      }
    }
    return pairs;
  }

  /** The nodes with these numbers, read from their snapshot lines, sorted by id. */
  private List<Node> nodes(int[] ranks) throws IOException {
    List<Node> out = new ArrayList<>(ranks.length);
    for (int rank : ranks) {
      out.add(node(record(rank)));
    }
    out.sort(Comparator.comparing(Node::id));
    return out;
  }

  /** The JSON lines of the nodes with these numbers, sorted by id. */
  private List<String> lines(int[] ranks) throws IOException {
    String[][] idAndLine = new String[ranks.length][];
    for (int i = 0; i < ranks.length; i++) {
      Rec r = record(ranks[i]);
      String line = r.canonical ? new String(line(r), StandardCharsets.UTF_8)
          : GraphJson.toJson(node(r));
      idAndLine[i] = new String[] {new String(r.id, StandardCharsets.UTF_8), line};
    }
    Arrays.sort(idAndLine, Comparator.comparing((String[] p) -> p[0]));
    List<String> out = new ArrayList<>(ranks.length);
    for (String[] p : idAndLine) {
      out.add(p[1]);
    }
    return out;
  }

  /** The node's snapshot line, checked against its CRC-32. */
  private byte[] line(Rec r) throws IOException {
    byte[] line = read(snap, r.lineOffset, r.lineLength, file).array();
    if (crc(line, 0, line.length) != r.lineCrc) {
      throw corrupt("the snapshot line at byte " + r.lineOffset + " does not match its checksum"
          + " (the snapshot changed or is corrupt)");
    }
    return line;
  }

  private Node node(Rec r) throws IOException {
    byte[] line = line(r);
    try {
      JsonNode j = GraphJson.MAPPER.readTree(line);
      Node n = j == null || !j.isObject() ? null : GraphJson.nodeFromJson(j);
      if (n == null || !Arrays.equals(n.id().getBytes(StandardCharsets.UTF_8), r.id)) {
        throw corrupt("the snapshot line at byte " + r.lineOffset + " is not the node the index"
            + " names");
      }
      return n;
    } catch (JsonProcessingException | IllegalArgumentException | IllegalStateException e) {
      throw corrupt("the snapshot line at byte " + r.lineOffset + " is not a node: "
          + GraphJson.firstLine(e.getMessage()));
    }
  }

  private SnapshotIndexException corrupt(String problem) {
    return new SnapshotIndexException(file, Reason.CORRUPT, problem);
  }

  // ---------------------------------------------------------------- helpers

  private static ByteBuffer read(FileChannel ch, long at, int length, Path file)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new SnapshotIndexException(file, Reason.CORRUPT, "ends before byte "
            + (at + length));
      }
    }
    b.flip();
    return b;
  }

  private static int indexOf(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int crc(byte[] b, int from, int to) {
    CRC32 c = new CRC32();
    c.update(b, from, to - from);
    return (int) c.getValue();
  }

  private static int[] add(int[] a, int n, int v) {
    int[] out = n == a.length ? Arrays.copyOf(a, a.length * 2) : a;
    out[n] = v;
    return out;
  }

  private static int[] distinct(int[] a, int n) {
    int[] s = Arrays.copyOf(a, n);
    Arrays.sort(s);
    int m = 0;
    for (int i = 0; i < s.length; i++) {
      if (m == 0 || s[m - 1] != s[i]) {
        s[m++] = s[i];
      }
    }
    return Arrays.copyOf(s, m);
  }
}
