package io.geofusion.graph;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The snapshot file's life cycle (docs/graph.md): written to a temp file in the target's folder,
 * fsynced, atomically renamed over the target, then the folder is fsynced; a crash at any point
 * leaves the previous file intact. What the bytes are is the {@link SnapshotFormat}'s business.
 */
final class SnapshotIo {

  /** Test seam: runs after the temp file is complete and fsynced, before the rename. */
  interface BeforeRename {
    void run(Path tempFile) throws IOException;
  }

  private SnapshotIo() {}

  static SnapshotInfo write(Path target, SnapshotFormat format, SnapshotFormat.Contents contents,
      BeforeRename hook) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, abs.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        format.write(out, contents);
        out.flush();
        ch.force(true);
      }
      if (hook != null) {
        hook.run(tmp);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      fsyncDirectory(dir);
      return new SnapshotInfo(abs, contents.seq(), contents.nodes().size(),
          contents.edges().size(), Files.size(abs));
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void fsyncDirectory(Path dir) {
    // Makes the rename durable on Linux; some platforms cannot open a directory, which only
    // weakens durability (the rename stays atomic), so the failure is ignored.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // see above
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
