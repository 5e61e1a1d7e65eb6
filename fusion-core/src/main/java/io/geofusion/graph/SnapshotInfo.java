package io.geofusion.graph;

import java.nio.file.Path;

/**
 * What a snapshot holds.
 *
 * @param path the snapshot file
 * @param seq the graph's last sequence number when the snapshot was taken
 * @param nodes node count
 * @param edges edge count
 * @param bytes file size in bytes
 */
public record SnapshotInfo(Path path, long seq, long nodes, long edges, long bytes) {}
