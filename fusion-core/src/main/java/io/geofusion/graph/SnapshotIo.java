package io.geofusion.graph;

import io.geofusion.text.AtomicFile;
import io.geofusion.text.PathLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The snapshot file's life cycle (docs/graph.md): written to a temp file in the target's folder,
 * fsynced, atomically renamed over the target, then the folder is fsynced; a crash at any point
 * leaves the previous file intact. The write holds the {@link PathLock} of the target, and
 * deletes temporary files that killed writers left behind. The new file's mode follows the umask.
 * What the bytes are is the {@link SnapshotFormat}'s business.
 *
 * <p>A format's {@linkplain SnapshotFormat.Sidecar sidecar} (an index) is written the same way
 * right after the snapshot is renamed in, still under the lock. A crash between the two renames
 * leaves the new snapshot beside the previous sidecar, which its reader must recognise as stale;
 * a sidecar that cannot be written is deleted, and the snapshot stands.
 */
final class SnapshotIo {

  /**
   * Test seam: runs after a temp file (the snapshot's, then its sidecar's) is complete and
   * flushed, before its rename.
   */
  interface BeforeRename {
    void run(Path tempFile) throws IOException;
  }

  private SnapshotIo() {}

  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  static SnapshotInfo write(Path target, SnapshotFormat format, SnapshotFormat.Contents contents,
      BeforeRename hook) throws IOException {
    Path abs = target.toAbsolutePath();
    // Every writer holds the snapshot's lock while its temporary file exists, so under the lock
    // a temporary file of this snapshot is a leftover of a killed writer (kill -9, power loss).
    try (PathLock lock = PathLock.acquire(abs)) {
      AtomicFile.deleteLeftovers(abs);
      SnapshotFormat.Sidecar sidecar;
      try (AtomicFile f = AtomicFile.create(abs)) {
        sidecar = format.writeWithSidecar(f.stream(), contents);
        f.stream().flush();
        if (hook != null) {
          hook.run(f.temporaryFile());
        }
        f.commit();
      } catch (IOException e) {
        // "No space left on device" names no file on its own (issue 19)
        throw AtomicFile.named(abs, e);
      }
      if (sidecar != null) {
        writeSidecar(sidecar.path(abs), sidecar, hook);
      }
      return new SnapshotInfo(abs, contents.seq(), contents.nodes().size(),
          contents.edges().size(), Files.size(abs));
    }
  }

  /**
   * Writes a sidecar atomically; on failure deletes both the new temporary file and the previous
   * sidecar (which described the previous snapshot), so readers fall back to the snapshot itself.
   */
  private static void writeSidecar(Path path, SnapshotFormat.Sidecar sidecar, BeforeRename hook)
      throws IOException {
    AtomicFile.deleteLeftovers(path);
    try (AtomicFile f = AtomicFile.create(path)) {
      sidecar.write(f.stream());
      f.stream().flush();
      if (hook != null) {
        hook.run(f.temporaryFile());
      }
      f.commit();
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the reader recognises the previous sidecar as stale anyway
      }
    }
  }

  /** Reads a snapshot file through {@code format}; returns its sequence number. */
  static long read(Path file, SnapshotFormat format, SnapshotFormat.Loader loader)
      throws IOException {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "snapshot file does not exist");
    }
    try (in) {
      return format.read(in, file, loader);
    }
  }
}
