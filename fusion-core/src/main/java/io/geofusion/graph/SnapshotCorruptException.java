package io.geofusion.graph;

import io.geofusion.GeoFusionException;
import java.nio.file.Path;

/**
 * A snapshot file is truncated, corrupt or not a snapshot. Names the file and the byte offset and
 * line where reading failed.
 */
public final class SnapshotCorruptException extends GeoFusionException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;
  private final long line;

  public SnapshotCorruptException(Path file, long offset, long line, String problem) {
    super("snapshot " + file + " is corrupt at byte " + offset + " (line " + line + "): " + problem
        + "; restore an older snapshot or rebuild the graph from its event log");
    this.file = file;
    this.offset = offset;
    this.line = line;
  }

  /** The snapshot file. */
  public Path file() {
    return file;
  }

  /** Byte offset of the line where reading failed. */
  public long offset() {
    return offset;
  }

  /** 1-based line number where reading failed. */
  public long line() {
    return line;
  }
}
