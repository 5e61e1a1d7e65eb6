package io.geofusion.json;

import io.geofusion.GeoFusionException;
import java.nio.file.Path;

/**
 * A snapshot's index cannot answer: it is missing, belongs to another version of the snapshot, or
 * is corrupt (or the snapshot lines it points to are). Nothing is wrong with the answer a caller
 * gets by reading the whole snapshot instead, which is what {@code geofusion graph query} then
 * does.
 */
public final class SnapshotIndexException extends GeoFusionException {
  private static final long serialVersionUID = 1L;

  /** Why the index cannot be used. */
  public enum Reason {
    /** There is no index file. */
    MISSING,
    /** The index describes another version of the snapshot (a save that did not finish it). */
    STALE,
    /** The index, or a snapshot line it points to, fails its checksum or layout checks. */
    CORRUPT
  }

  private final transient Path index;
  private final Reason reason;

  SnapshotIndexException(Path index, Reason reason, String problem) {
    super("graph index " + index + (reason == Reason.MISSING ? " does not exist"
        : " is " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + problem));
    this.index = index;
    this.reason = reason;
  }

  /** The index file. */
  public Path index() {
    return index;
  }

  /** Why it cannot be used. */
  public Reason reason() {
    return reason;
  }
}
