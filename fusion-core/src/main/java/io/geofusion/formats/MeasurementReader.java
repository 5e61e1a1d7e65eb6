package io.geofusion.formats;

import io.geofusion.text.Limits;
import io.geofusion.text.LineLimitReader;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Streams recorded measurements out of a file, one at a time, whatever its format.
 *
 * <p>The format is detected from content, never from the file name: gzip by its magic bytes
 * (RFC 1952 §2.3.1), then RIPE Atlas result JSON, scamper JSON ({@code sc_warts2json}),
 * {@code mtr --json}, or the text output of {@code ping}, {@code traceroute} and
 * {@code tracepath}; see docs/formats.md for every field mapping. Files are never loaded whole:
 * memory stays bounded by the largest single record.
 *
 * <p>A malformed record does not stop the read: it is reported as a {@link RecordProblem} with
 * its line number (to the callback given at open time, and to {@link #problems()}) and the
 * reader goes on with the next record. Only an input that is not a measurement file at all fails,
 * at open time, with a {@link MeasurementFormatException}.
 *
 * <pre>{@code
 * try (MeasurementReader reader = MeasurementReader.open(path)) {
 *   for (Measurement m : reader) {
 *     if (m instanceof PingMeasurement p) { ... }   // or TraceMeasurement, TraceSummary
 *   }
 *   reader.problems().forEach(System.err::println);
 * }
 * }</pre>
 *
 * <p>A reader is a single-pass cursor and is not thread-safe; use one per thread.
 */
public final class MeasurementReader implements Iterable<Measurement>, Closeable {

  /** Problems kept in memory for {@link #problems()}; the callback still sees every one. */
  public static final int MAX_KEPT_PROBLEMS = 10_000;

  private static final int SNIFF_CHARS = 32 * 1024;
  private static final int SNIFF_BYTES = 4 * (SNIFF_CHARS + 4);
  private static final int BUFFER = 64 * 1024;

  private final String name;
  private SourceFormat format;
  private final Closeable closeable;
  private final RecordSource source;
  private final JsonLinesSource lines; // the source when it is JSON Lines, else null
  private final List<RecordProblem> kept = new ArrayList<>();
  private long problemCount;
  private long recordCount;
  private boolean iterated;

  private MeasurementReader(String name, InputStream raw, Consumer<RecordProblem> onProblem)
      throws IOException {
    this.name = name;
    Consumer<RecordProblem> callback = onProblem == null ? p -> { } : onProblem;
    Problems problems = new Problems(p -> {
      problemCount++;
      if (kept.size() < MAX_KEPT_PROBLEMS) {
        kept.add(p);
      }
      callback.accept(p);
    });
    InputStream in = new BufferedInputStream(raw, BUFFER);
    boolean ok = false;
    try {
      in = decompressIfGzip(in, name);
      this.closeable = in;
      // The first SNIFF_CHARS characters as a Reader would decode them, read as bytes (so the
      // stream can go to either reader after reset): bytes are read until they decode to a few
      // characters more than the window, so that a multi-byte character cut by the read lies
      // beyond it. UTF-8 gives at least one char per 4 bytes, so SNIFF_BYTES always suffices;
      // ASCII needs one read of SNIFF_CHARS + 4 bytes, as many as the char reader waited for.
      in.mark(SNIFF_BYTES);
      byte[] headBytes = in.readNBytes(SNIFF_CHARS + 4);
      String decoded = new String(headBytes, StandardCharsets.UTF_8);
      boolean eof = headBytes.length < SNIFF_CHARS + 4;
      while (!eof && decoded.length() <= SNIFF_CHARS + 3) {
        byte[] more = in.readNBytes(Math.min(SNIFF_CHARS, SNIFF_BYTES - headBytes.length));
        eof = more.length == 0;
        headBytes = Arrays.copyOf(headBytes, headBytes.length + more.length);
        System.arraycopy(more, 0, headBytes, headBytes.length - more.length, more.length);
        decoded = new String(headBytes, StandardCharsets.UTF_8);
      }
      in.reset();
      boolean complete = eof && decoded.length() <= SNIFF_CHARS;
      String head = decoded.length() <= SNIFF_CHARS ? decoded : decoded.substring(0, SNIFF_CHARS);
      if (head.startsWith("\uFEFF")) {
        in.skipNBytes(3);
        head = head.substring(1);
      }
      if (utf16(head)) {
        throw new MeasurementFormatException(name + ": UTF-16 text; convert it to UTF-8 first"
            + " (iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8)");
      }
      if (head.indexOf('\0') >= 0) {
        throw new MeasurementFormatException(name + ": binary content, not a text or JSON"
            + " measurement file; convert warts files with sc_warts2json first");
      }
      if (head.isBlank() && complete) {
        throw new MeasurementFormatException(name + ": the file is empty (no measurement to"
            + " read)");
      }
      FormatSniffer.Verdict v = FormatSniffer.sniff(head, complete);
      if (v == null || (v.format() == null && !v.pending())) {
        String first = head.strip().lines().findFirst().orElse("");
        throw new MeasurementFormatException(name + ": not a recognised measurement file (first"
            + " line: '" + abbreviate(first) + "'); supported: RIPE Atlas ping/traceroute JSON,"
            + " scamper JSON (sc_warts2json), mtr --json, and ping/traceroute/tracepath text");
      }
      this.format = v.format();
      // JSON Lines are split as bytes (ByteLines) and parsed on demand; text layouts read
      // through a line-length limit; a JSON stream (a RIPE array) may be one long line and is
      // parsed by streaming instead.
      if (v.layout() == FormatSniffer.Layout.JSON_LINES) {
        this.lines = new JsonLinesSource(
            new ByteLines(in, name, BUFFER, Limits.JSON_RECORD_BYTES.value()), problems);
        this.source = lines;
      } else {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
        this.lines = null;
        this.source = v.layout() == FormatSniffer.Layout.JSON_STREAM
            ? new JsonStreamSource(
                new BufferedReader(LineLimitReader.encodingOnly(reader, name), BUFFER), problems)
            : switch (v.format()) {
              case PING_TEXT -> new PingTextSource(lineLimited(reader), problems);
              case TRACEPATH_TEXT -> new TracepathTextSource(lineLimited(reader), problems);
              default -> new TracerouteTextSource(lineLimited(reader), problems);
            };
      }
      ok = true;
    } finally {
      if (!ok) {
        in.close();
      }
    }
  }

  /**
   * Opens a file; problems are kept for {@link #problems()}.
   *
   * @throws MeasurementFormatException when the file is not a measurement file we can read
   * @throws IOException when the file cannot be read
   */
  public static MeasurementReader open(Path file) throws IOException {
    return open(file, null);
  }

  /**
   * Opens a file and reports every problem to {@code onProblem} as it is found (and keeps the
   * first {@value #MAX_KEPT_PROBLEMS} for {@link #problems()}).
   *
   * @param onProblem called on the reading thread, or null
   */
  public static MeasurementReader open(Path file, Consumer<RecordProblem> onProblem)
      throws IOException {
    Objects.requireNonNull(file, "file");
    InputStream in = Files.newInputStream(file);
    try {
      return new MeasurementReader(file.toString(), in, onProblem);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads from a stream (closed when this reader is closed).
   *
   * @param name how to name the input in messages (e.g. a file name or "stdin")
   * @param onProblem called on the reading thread, or null
   */
  public static MeasurementReader open(InputStream in, String name,
      Consumer<RecordProblem> onProblem) throws IOException {
    Objects.requireNonNull(in, "in");
    return new MeasurementReader(name == null ? "input" : name, in, onProblem);
  }

  /**
   * Reads a whole (small) file into memory: every measurement and every problem.
   *
   * @throws MeasurementFormatException when the file is not a measurement file we can read
   */
  public static ReadResult readAll(Path file) throws IOException {
    try (MeasurementReader r = open(file)) {
      List<Measurement> all = new ArrayList<>();
      Measurement m;
      while ((m = r.read()) != null) {
        all.add(m);
      }
      return new ReadResult(r.format(), all, r.problems());
    }
  }

  /** Everything read from one file. */
  public record ReadResult(SourceFormat format, List<Measurement> measurements,
      List<RecordProblem> problems) {
    public ReadResult {
      measurements = List.copyOf(measurements);
      problems = List.copyOf(problems);
    }
  }

  /**
   * A UTF-16 file read as UTF-8: its byte-order mark decodes to two replacement characters, and
   * ASCII text without one has a NUL in every other position.
   */
  static boolean utf16(String head) {
    if (head.startsWith("\uFFFD\uFFFD")) {
      return true;
    }
    int n = Math.min(head.length(), 64);
    if (n < 8) {
      return false;
    }
    int nulEven = 0;
    int nulOdd = 0;
    for (int i = 0; i < n; i++) {
      if (head.charAt(i) == '\0') {
        if (i % 2 == 0) {
          nulEven++;
        } else {
          nulOdd++;
        }
      }
    }
    return Math.max(nulEven, nulOdd) >= n / 2 - 1 && Math.min(nulEven, nulOdd) == 0;
  }

  private static InputStream decompressIfGzip(InputStream in, String name) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
    }
    if (b0 == 0x12 && b1 == 0x05) {
      throw new MeasurementFormatException(name + ": a scamper warts binary file; convert it with"
          + " 'sc_warts2json " + name + "' and read the JSON");
    }
    return in;
  }

  private BufferedReader lineLimited(BufferedReader reader) {
    return new BufferedReader(new LineLimitReader(reader, name), BUFFER);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /**
   * The next measurement, or null at the end of the input.
   *
   * @throws IOException when reading fails (a truncated gzip stream, for instance)
   */
  public Measurement read() throws IOException {
    Measurement m = source.next();
    if (m != null) {
      recordCount++;
      if (format == null) {
        format = m.origin();
      }
    }
    return m;
  }

  /**
   * The next records for decoding on another thread (see {@link RecordBatch}), or null at the end
   * of the input: up to {@code maxRecords} lines of JSON Lines, not parsed yet (their problems go
   * to {@link RecordBatch#decode}'s callback), or up to {@code maxRecords} measurements of any
   * other format, decoded now (their problems go to this reader's callback). Records of a batch
   * are not counted by {@link #recordCount()}. Batches and {@link #read()} may be mixed; each
   * record is returned once.
   *
   * @throws IOException when reading fails (a truncated gzip stream, for instance)
   */
  public RecordBatch readBatch(int maxRecords) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
    }
    if (lines != null) {
      return lines.batch(maxRecords);
    }
    List<Measurement> done = new ArrayList<>();
    Measurement m;
    while (done.size() < maxRecords && (m = source.next()) != null) {
      done.add(m);
    }
    return done.isEmpty() ? null : RecordBatch.decoded(done);
  }

  /**
   * The format detected from the content (of the first recognisable record). Null only while it
   * is not known yet: for JSON Lines whose first record is longer than the 32 KiB sniffing window
   * and names no format-specific field early, it becomes known with the first record read.
   */
  public SourceFormat format() {
    return format;
  }

  /** The input's name as given at open time. */
  public String name() {
    return name;
  }

  /** Problems found so far (the first {@value #MAX_KEPT_PROBLEMS}), in file order. */
  public List<RecordProblem> problems() {
    return Collections.unmodifiableList(new ArrayList<>(kept));
  }

  /** How many problems were found so far, including those beyond the kept ones. */
  public long problemCount() {
    return problemCount;
  }

  /** How many measurements were returned so far. */
  public long recordCount() {
    return recordCount;
  }

  /**
   * A single-use iterator over the remaining measurements; read errors surface as
   * {@link UncheckedIOException}.
   *
   * @throws IllegalStateException when called a second time
   */
  @Override
  public Iterator<Measurement> iterator() {
    if (iterated) {
      throw new IllegalStateException("a MeasurementReader can be iterated once; open the file"
          + " again to read it again");
    }
    iterated = true;
    return new Iterator<>() {
      private Measurement nextItem;
      private boolean end;

      @Override
      public boolean hasNext() {
        if (nextItem == null && !end) {
          try {
            nextItem = read();
          } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
          }
          end = nextItem == null;
        }
        return nextItem != null;
      }

      @Override
      public Measurement next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Measurement m = nextItem;
        nextItem = null;
        return m;
      }
    };
  }

  /** The remaining measurements as a sequential stream (single use; close the reader after). */
  public Stream<Measurement> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public void close() throws IOException {
    closeable.close();
  }
}
