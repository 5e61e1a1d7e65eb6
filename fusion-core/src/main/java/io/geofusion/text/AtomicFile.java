package io.geofusion.text;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears whole or not at all: bytes go to a fresh temporary file next to
 * the target ({@code <name>.<random>.tmp}, created exclusively and without following a symlink
 * at that name), which {@link #commit()} fsyncs and renames atomically over the target. Readers
 * and concurrent writers of the same target therefore see either the previous file or one
 * complete output, never a mix (the last commit wins). Closing without committing deletes the
 * temporary file. The file's mode is what the umask gives a new file (no forced 0600).
 * Not thread-safe.
 */
public final class AtomicFile implements AutoCloseable {

  private final Path target;
  private final Path tmp;
  private final FileChannel channel;
  private final OutputStream out;
  private boolean done;

  private AtomicFile(Path target, Path tmp, FileChannel channel) {
    this.target = target;
    this.tmp = tmp;
    this.channel = channel;
    this.out = new NamingStream(
        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
  }

  /**
   * Names the target in every failure of a write, a flush or the commit: the operating system's
   * "No space left on device" names no file (issue 19). Interruptions and closed channels pass
   * as they are.
   */
  private IOException name(IOException e) {
    return e instanceof java.io.InterruptedIOException
        || e instanceof java.nio.channels.ClosedChannelException ? e : named(target, e);
  }

  private final class NamingStream extends FilterOutputStream {

    NamingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw name(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw name(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw name(e);
      }
    }
  }

  /** Starts an output that will replace {@code target} on {@link #commit()}. */
  public static AtomicFile create(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw new IOException(target + ": is a directory; give a file name");
    }
    Files.createDirectories(dir);
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve(abs.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return new AtomicFile(abs, tmp, ch);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 16) {
          throw e;
        }
      }
    }
  }

  /** Writes text into an output. */
  @FunctionalInterface
  public interface TextBody {
    /** Writes to {@code w} (do not close it). */
    void write(Writer w) throws IOException;
  }

  /** Writes {@code target} atomically as UTF-8 text through {@code body}. */
  public static void writeText(Path target, TextBody body) throws IOException {
    try (AtomicFile f = create(target)) {
      Writer w = new OutputStreamWriter(f.stream(), StandardCharsets.UTF_8);
      body.write(w);
      w.flush();
      f.commit();
    } catch (IOException e) {
      throw named(target, e);
    }
  }

  /**
   * {@code e} with the target named when its message does not (a full disk says only "No space
   * left on device").
   */
  public static IOException named(Path target, IOException e) {
    if (e instanceof java.nio.file.FileSystemException || e.getMessage() == null
        || e.getMessage().contains(target.toString())) {
      return e;
    }
    return new IOException(target + ": " + e.getMessage(), e);
  }

  /** Writes {@code target} atomically with the UTF-8 bytes of {@code text}. */
  public static void writeString(Path target, String text) throws IOException {
    writeText(target, w -> w.write(text));
  }

  /** Writes {@code target} atomically with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    try (AtomicFile f = create(target)) {
      f.stream().write(bytes);
      f.commit();
    } catch (IOException e) {
      throw named(target, e);
    }
  }

  /** Where the bytes go until {@link #commit()}; do not close it. */
  public OutputStream stream() {
    return out;
  }

  /** The temporary file (for tests and hooks that run before the rename). */
  public Path temporaryFile() {
    return tmp;
  }

  /** Flushes, fsyncs and renames the temporary file over the target, then fsyncs the folder. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or closed");
    }
    out.flush();
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw name(e);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    done = true;
    fsyncDirectory(target.getParent());
  }

  /** Deletes the temporary file unless {@link #commit()} ran. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files ({@code <name>.<token>.tmp}) that writers of {@code target} killed
   * before their commit left next to it, and returns how many. Call it only while holding the
   * {@link PathLock} that every writer of the target holds while its temporary file exists (a
   * snapshot's own, also for its index): then every such file is a leftover, never a live
   * writer's. Files whose token holds a dot belong to
   * another target ({@code <name>.idx.<token>.tmp}) and are kept.
   */
  public static int deleteLeftovers(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    String prefix = abs.getFileName() + ".";
    int n = 0;
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(),
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

  /**
   * Makes a rename durable on Linux; some platforms cannot open a folder, which only weakens
   * durability (the rename stays atomic), so the failure is ignored.
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // see above
    }
  }
}
