package io.geofusion.graph;

import io.geofusion.text.AtomicFile;
import io.geofusion.text.PathLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The snapshot file's life cycle (docs/graph.md): written to a temp file in the target's folder,
 * fsynced, atomically renamed over the target, then the folder is fsynced; a crash at any point
 * leaves the previous file intact. The write holds the {@link PathLock} of the target, and
 * deletes temporary files that killed writers left behind. The new file's mode follows the umask. What the bytes are is the {@link SnapshotFormat}'s business.
 */
final class SnapshotIo {

  /** Test seam: runs after the temp file is complete and fsynced, before the rename. */
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
      deleteLeftovers(abs);
      try (AtomicFile f = AtomicFile.create(abs)) {
        format.write(f.stream(), contents);
        f.stream().flush();
        if (hook != null) {
          hook.run(f.temporaryFile());
        }
        f.commit();
      }
      return new SnapshotInfo(abs, contents.seq(), contents.nodes().size(),
          contents.edges().size(), Files.size(abs));
    }
  }

  /** Deletes {@code <name>.<token>.tmp} files next to {@code target}; returns how many. */
  static int deleteLeftovers(Path target) throws IOException {
    String prefix = target.getFileName() + ".";
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(),
        prefix.replace("[", "\\[").replace("*", "\\*").replace("?", "\\?")
            .replace("{", "\\{") + "*.tmp")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        String token = name.substring(prefix.length(), name.length() - ".tmp".length());
        if (!token.isEmpty() && token.indexOf('.') < 0
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
          n++;
        }
      }
    }
    return n;
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
