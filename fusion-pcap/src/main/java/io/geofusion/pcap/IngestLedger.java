package io.geofusion.pcap;

import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A durable record of the captures already ingested, by SHA-256 of their content, so the same
 * capture is never fetched or ingested twice. One line per capture, tab-separated:
 * {@code sha256, size_bytes, source, etag, recorded_at}; appended and fsync'ed.
 *
 * <p>Thread-safe (methods are synchronized); one process should own a ledger file at a time.
 */
public final class IngestLedger {

  /** One ledger line. */
  public record Entry(String sha256, long sizeBytes, String source, String etag) {
    public Entry {
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(source, "source");
      etag = etag == null ? "" : etag;
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got '"
            + sha256 + "'");
      }
      if (sizeBytes < 0) {
        throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
      }
      if (source.contains("\t") || source.contains("\n") || etag.contains("\t")
          || etag.contains("\n")) {
        throw new IllegalArgumentException("source and etag must not contain tabs or newlines");
      }
    }
  }

  private final Path file;
  private final Set<String> hashes = new HashSet<>();
  private final Map<String, Entry> bySource = new HashMap<>();

  private IngestLedger(Path file) {
    this.file = file;
  }

  /**
   * Opens (or starts) the ledger at {@code file}.
   *
   * @throws IOException when the file exists but cannot be read; malformed lines are reported
   *     with their line number
   */
  public static IngestLedger open(Path file) throws IOException {
    IngestLedger l = new IngestLedger(file);
    if (Files.exists(file)) {
      // TextLines names the line that is not UTF-8 (Files.readAllLines said "Input length = 1")
      // and bounds the line length.
      List<String> lines = TextLines.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        String[] c = line.split("\t", -1);
        try {
          l.remember(new Entry(c[0], Long.parseLong(c[1]), c[2], c.length > 3 ? c[3] : ""));
        } catch (RuntimeException e) {
          throw new IOException(file + ":" + (i + 1) + ": not a ledger line ("
              + e.getMessage() + "); fix or remove it", e);
        }
      }
    }
    return l;
  }

  private void remember(Entry e) {
    hashes.add(e.sha256());
    bySource.put(e.source(), e);
  }

  /** Whether content with this SHA-256 was ingested. */
  public synchronized boolean contains(String sha256) {
    return hashes.contains(sha256);
  }

  /** The last entry recorded for a source URL or path. */
  public synchronized Optional<Entry> lastFor(String source) {
    return Optional.ofNullable(bySource.get(source));
  }

  /** Number of distinct contents recorded. */
  public synchronized int size() {
    return hashes.size();
  }

  /** Appends an entry (durably: the line is fsync'ed before this returns). */
  public synchronized void record(Entry e) throws IOException {
    String line = e.sha256() + "\t" + e.sizeBytes() + "\t" + e.source() + "\t" + e.etag() + "\t"
        + Instant.now() + "\n";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    remember(e);
  }

  /** The ledger file. */
  public Path file() {
    return file;
  }
}
