package io.geofusion.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of a snapshot file. The graph does everything around them — it copies a consistent
 * state, writes a temp file, fsyncs and renames it, and loads nodes and edges into a new graph —
 * and a format turns that state into bytes and back. GeoFusion's format, JSON lines with a CRC-32
 * trailer (docs/graph.md), is {@code io.geofusion.json.GraphSnapshots.FORMAT}: the graph itself
 * holds no serialisation code (docs/decisions/serialisation-layer.md).
 *
 * <p>Implementations must be stateless and safe to share between threads.
 */
public interface SnapshotFormat {

  /**
   * Writes {@code contents} to {@code out}, which the caller flushes and closes.
   *
   * @throws IOException if writing fails
   */
  void write(OutputStream out, Contents contents) throws IOException;

  /**
   * Writes {@code contents} like {@link #write} and returns what the format keeps beside the
   * snapshot (an index), or {@code null} for nothing (the default). The graph writes the sidecar
   * atomically after the snapshot is renamed in, under the snapshot's lock; a sidecar that cannot
   * be written is removed instead and does not fail the snapshot, so a sidecar's reader must check
   * that it belongs to the snapshot beside it.
   *
   * @throws IOException if writing the snapshot fails
   */
  default Sidecar writeWithSidecar(OutputStream out, Contents contents) throws IOException {
    write(out, contents);
    return null;
  }

  /** A file derived from one written snapshot, kept beside it. */
  interface Sidecar {

    /** The sidecar's file for the snapshot at {@code snapshot} (an absolute path). */
    Path path(Path snapshot);

    /** Writes the sidecar's bytes to {@code out}, which the caller flushes and closes. */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Reads a snapshot written by {@link #write}, handing its nodes, then its edges, to
   * {@code loader}; {@code file} only names the file in errors.
   *
   * @return the snapshot's sequence number
   * @throws SnapshotCorruptException if the bytes are truncated, corrupt or not a snapshot, or the
   *     loader rejects a node or edge ({@link IllegalArgumentException} or
   *     {@link IllegalStateException}, whose message is kept)
   * @throws IOException if reading fails
   */
  long read(InputStream in, Path file, Loader loader) throws IOException;

  /**
   * What a snapshot holds: a consistent copy of a graph.
   *
   * @param seq the graph's last sequence number
   * @param created when the snapshot was taken (graph clock)
   * @param nodes every node
   * @param edges every edge; both endpoints are among {@code nodes}
   */
  record Contents(long seq, Instant created, List<Node> nodes, List<Edge> edges) {}

  /** Receives a snapshot's contents while it is read: the node count, nodes, then edges. */
  interface Loader {

    /** The number of nodes the snapshot declares, before the first node. */
    void nodeCount(long count);

    /** One node. */
    void node(Node node);

    /**
     * The id instance of an already loaded node equal to {@code id} (or {@code id} itself), so
     * that edges share their endpoints' strings instead of holding a copy each.
     */
    String nodeId(String id);

    /** One edge, after every node. */
    void edge(Edge edge);
  }
}
