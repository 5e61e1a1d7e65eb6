package io.geofusion.pcap;

import io.geofusion.text.Limits;
import io.geofusion.text.PathLock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Fetches captures from HTTP(S) and FTP sources into a staging folder, so that a download can
 * never hang, never happens twice, and never writes outside the staging folder.
 *
 * <ul>
 *   <li>Every transfer has a connect timeout, a read timeout (longest wait for the next byte:
 *       a stalled server fails with {@link FetchException.Reason#READ_TIMEOUT}) and an overall
 *       deadline ({@link FetchException.Reason#DEADLINE}).
 *   <li>Bytes stream to {@code <staging>/<name>.part} and are hashed (SHA-256) on the way; the
 *       size is learned from the same response (Content-Length, or the FTP listing), never from
 *       a second request. A file larger than the cap fails with
 *       {@link FetchException.Reason#TOO_LARGE} before (if announced) or while streaming.
 *   <li>An interrupted transfer leaves its {@code .part} file; the next fetch resumes it with
 *       an HTTP {@code Range} request or FTP {@code REST} where the server allows, and starts
 *       over where it does not.
 *   <li>Remote names must be plain file names ({@code ../../etc/passwd} is refused); staged
 *       names are prefixed with a hash of the URL so two sources cannot collide.
 *   <li>Content whose hash is in the {@link IngestLedger} is reported
 *       {@link FetchResult.Outcome#ALREADY_INGESTED} and not kept; an HTTP source whose ETag is
 *       in the ledger is not downloaded at all ({@code If-None-Match}).
 * </ul>
 *
 * <p>Thread-safe: each fetch has its own connection and state; staging files of one URL must
 * not be fetched by two threads at once.
 */
public final class CaptureFetcher {

  private final Path staging;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final long maxBytes;
  private final long maxListingEntries;
  private final long maxListingBytes;
  private final IngestLedger ledger;
  private final LongSupplier nanoClock;
  private final HttpFetch http;
  private final FtpFetch ftp;

  private CaptureFetcher(Builder b) {
    this.staging = b.staging.toAbsolutePath().normalize();
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.deadline = b.deadline;
    this.maxBytes = b.maxBytes;
    this.maxListingEntries = b.maxListingEntries > 0 ? b.maxListingEntries
        : Limits.LISTING_ENTRIES.value();
    this.maxListingBytes = b.maxListingBytes > 0 ? b.maxListingBytes
        : Limits.LISTING_BYTES.value();
    this.ledger = b.ledger;
    this.nanoClock = b.nanoClock;
    this.http = new HttpFetch(this);
    this.ftp = new FtpFetch(this);
  }

  /** A builder; {@link Builder#stagingDir} and {@link Builder#ledger} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The staging folder. */
  public Path stagingDir() {
    return staging;
  }

  /** The ledger of ingested content. */
  public IngestLedger ledger() {
    return ledger;
  }

  /**
   * What a URL offers: for an FTP URL ending in {@code /}, the files of that directory (names
   * unchecked, sizes as listed); otherwise the URL itself (size unknown: no request is made).
   */
  public List<RemoteEntry> list(URI uri) throws IOException {
    String scheme = scheme(uri);
    if (scheme.equals("ftp") && uri.getPath() != null && uri.getPath().endsWith("/")) {
      return ftp.list(uri);
    }
    return List.of(new RemoteEntry(uri, lastSegment(uri), -1));
  }

  /** Dry run: what {@link #fetchAll} would do, without transferring any file. */
  public List<FetchResult> plan(URI uri) throws IOException {
    List<FetchResult> out = new ArrayList<>();
    for (RemoteEntry e : list(uri)) {
      FetchResult skip = precheck(e);
      if (skip != null) {
        out.add(skip);
        continue;
      }
      String prev = ledger.lastFor(e.uri().toString())
          .map(x -> "; the ledger holds an earlier copy (" + x.sha256().substring(0, 12) + ")")
          .orElse("");
      out.add(new FetchResult(e.uri(), FetchResult.Outcome.WOULD_FETCH, null, 0, null, false,
          "would fetch to " + stagedName(e) + (e.sizeBytes() >= 0 ? " (" + e.sizeBytes()
              + " bytes listed)" : "") + prev));
    }
    return out;
  }

  /**
   * Fetches every file a URL offers ({@link #list}); unsafe names and announced oversize files
   * are skipped with a reason instead of failing the batch.
   *
   * @throws FetchException on the first transfer that fails (earlier results are lost to the
   *     caller only if it does not use {@link #fetch(RemoteEntry)} one by one)
   */
  public List<FetchResult> fetchAll(URI uri) throws IOException {
    List<FetchResult> out = new ArrayList<>();
    for (RemoteEntry e : list(uri)) {
      out.add(fetch(e));
    }
    return out;
  }

  /**
   * One listed entry's fetch: its {@code result}, or the {@code failure} of its transfer;
   * exactly one of the two is non-null.
   */
  public record Attempt(RemoteEntry entry, FetchResult result, FetchException failure) {
    public Attempt {
      Objects.requireNonNull(entry, "entry");
      if ((result == null) == (failure == null)) {
        throw new IllegalArgumentException("an attempt has a result or a failure, not "
            + (result == null ? "neither" : "both"));
      }
    }
  }

  /**
   * Fetches every file a URL offers ({@link #list}), as {@link #fetchAll} does, except that a
   * transfer that fails does not stop the others: it is returned as a failed {@link Attempt}.
   *
   * @throws IOException when the URL cannot be listed, or a staging file cannot be written
   */
  public List<Attempt> fetchEach(URI uri) throws IOException {
    List<Attempt> out = new ArrayList<>();
    for (RemoteEntry e : list(uri)) {
      try {
        out.add(new Attempt(e, fetch(e), null));
      } catch (FetchException x) {
        out.add(new Attempt(e, null, x));
      }
    }
    return out;
  }

  /** Fetches one URL. */
  public FetchResult fetch(URI uri) throws IOException {
    return fetch(new RemoteEntry(uri, lastSegment(uri), -1));
  }

  /** Fetches one listed entry. */
  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  public FetchResult fetch(RemoteEntry e) throws IOException {
    FetchResult skip = precheck(e);
    if (skip != null) {
      return skip;
    }
    String scheme = scheme(e.uri());
    Path part = staging.resolve(stagedName(e) + ".part");
    Path done = staging.resolve(stagedName(e));
    requireInside(e.uri(), part);
    Files.createDirectories(staging);
    long deadlineAt = nanoClock.getAsLong() + deadline.toNanos();
    // One transfer per staging folder at a time, across processes (the lock file is
    // <staging>/.geofusion.lock; staged names never start with a dot): parallel runs take turns
    // instead of writing the same .part or renaming a half-written one (the wait counts against
    // the deadline).
    try (PathLock lock = PathLock.acquire(staging.resolve(".geofusion"),
        Duration.ofNanos(Math.max(0, remainingNanos(deadlineAt))))) {
      requireNoLink(e.uri(), part);
      requireNoLink(e.uri(), HttpFetch.validatorFile(part));
      Staged s = scheme.equals("ftp") ? ftp.fetch(e, part, deadlineAt)
          : http.fetch(e, part, deadlineAt);
      if (s.skipped != null) {
        return s.skipped;
      }
      return keep(e, s, part, done);
    }
  }

  private FetchResult keep(RemoteEntry e, Staged s, Path part, Path done) throws IOException {
    Files.deleteIfExists(HttpFetch.validatorFile(part));
    if (ledger.contains(s.sha256)) {
      Files.deleteIfExists(part);
      String src = e.uri().toString();
      if (!s.etag.isEmpty() && !ledger.lastFor(src).map(IngestLedger.Entry::etag)
          .orElse("").equals(s.etag)) {
        // Known content under a new (or, from a ledger written before ETags were kept, first)
        // ETag: record it, so the next run asks If-None-Match instead of downloading again.
        ledger.record(new IngestLedger.Entry(s.sha256, s.bytes, src, s.etag));
      }
      return new FetchResult(e.uri(), FetchResult.Outcome.ALREADY_INGESTED, null, s.bytes,
          s.sha256, s.resumed, "content " + s.sha256.substring(0, 12)
              + " is already in the ledger; not kept", s.etag);
    }
    // A rename replaces a symlink at the final name itself, never the file it points to.
    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new FetchResult(e.uri(), FetchResult.Outcome.FETCHED, done, s.bytes, s.sha256,
        s.resumed, (s.resumed ? "resumed, " : "") + s.bytes + " bytes" + s.note, s.etag);
  }

  /**
   * Records a fetched capture as ingested with the ETag it was fetched with (call after it was
   * analysed successfully).
   */
  public void markIngested(FetchResult r) throws IOException {
    markIngested(r, r.etag());
  }

  /** Records a fetched capture as ingested under {@code etag} ({@code ""} for none). */
  public void markIngested(FetchResult r, String etag) throws IOException {
    if (r.sha256() == null) {
      throw new IllegalArgumentException("only a fetched capture can be recorded, got "
          + r.outcome().label() + " for " + r.source());
    }
    ledger.record(new IngestLedger.Entry(r.sha256(), r.bytes(), r.source().toString(), etag));
  }

  private FetchResult precheck(RemoteEntry e) throws FetchException {
    scheme(e.uri());
    String why = unsafeReason(e.name());
    if (why != null) {
      return new FetchResult(e.uri(), FetchResult.Outcome.SKIPPED_UNSAFE_NAME, null, 0, null,
          false, "remote name '" + printable(e.name()) + "' refused: " + why);
    }
    if (e.sizeBytes() > maxBytes) {
      return new FetchResult(e.uri(), FetchResult.Outcome.SKIPPED_TOO_LARGE, null, 0, null,
          false, "listed at " + e.sizeBytes() + " bytes, above the cap of " + maxBytes);
    }
    return null;
  }

  // ------------------------------------------------------------------ shared helpers

  /** Result of one transfer into a part file. */
  static final class Staged {
    long bytes;
    String sha256;
    boolean resumed;
    String note = "";
    String etag = "";
    FetchResult skipped;
  }

  /**
   * Streams into a part file with a running hash and the size cap. On resume the existing
   * prefix is hashed first (read back from disk, never re-downloaded).
   */
  final class Sink implements AutoCloseable {
    final String source;
    final FileChannel ch;
    final MessageDigest md;
    long written;

    Sink(String source, Path part, boolean append) throws IOException {
      this.source = source;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException("every Java platform has SHA-256", ex);
      }
      if (append && Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(part, LinkOption.NOFOLLOW_LINKS)) {
          byte[] b = new byte[1 << 16];
          for (int r = in.read(b); r >= 0; r = in.read(b)) {
            md.update(b, 0, r);
            written += r;
          }
        }
        ch = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            LinkOption.NOFOLLOW_LINKS);
      } else {
        // Exclusive create without following links: a symlink planted at the predictable
        // .part name is never written through (the caller checked for one under the lock).
        Files.deleteIfExists(part);
        ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      }
    }

    void write(ByteBuffer b) throws IOException {
      int n = b.remaining();
      if (written + n > maxBytes) {
        throw new FetchException(FetchException.Reason.TOO_LARGE, source, "more than the cap of "
            + maxBytes + " bytes arrived; transfer stopped");
      }
      md.update(b.duplicate());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      written += n;
    }

    /** Closes and deletes the part file and its validator (a transfer not to be resumed). */
    void discard(Path part) throws IOException {
      ch.close();
      Files.deleteIfExists(part);
      Files.deleteIfExists(HttpFetch.validatorFile(part));
    }

    String hex() {
      return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  long deadlineFromNow() {
    return nanoClock.getAsLong() + deadline.toNanos();
  }

  /** Now on the fetcher's clock (the one deadlines and read timeouts are measured with). */
  long nanoTime() {
    return nanoClock.getAsLong();
  }

  long remainingNanos(long deadlineAt) {
    return deadlineAt - nanoClock.getAsLong();
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  Duration deadline() {
    return deadline;
  }

  long maxBytes() {
    return maxBytes;
  }

  long maxListingEntries() {
    return maxListingEntries;
  }

  long maxListingBytes() {
    return maxListingBytes;
  }

  private static String scheme(URI uri) throws FetchException {
    String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https") && !s.equals("ftp")) {
      throw new FetchException(FetchException.Reason.UNSUPPORTED_SCHEME, uri.toString(),
          "unsupported scheme '" + s + "'; use http, https or ftp (or a local file path)");
    }
    if (uri.getHost() == null) {
      throw new FetchException(FetchException.Reason.PROTOCOL, uri.toString(),
          "the URL has no host");
    }
    return s;
  }

  static String lastSegment(URI uri) {
    String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
    int slash = raw.lastIndexOf('/');
    String seg = slash >= 0 ? raw.substring(slash + 1) : raw;
    return URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Why a remote name is not a safe plain file name, or null when it is. */
  static String unsafeReason(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "a directory reference";
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "contains a path separator";
    }
    if (name.startsWith(".")) {
      return "hidden or relative name";
    }
    if (name.length() > 200) {
      return "longer than 200 characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7F || c == ':') {
        return "contains a control character or ':'";
      }
      if (Character.getType(c) == Character.FORMAT || Character.isISOControl(c)) {
        // U+202E and friends make a name display as something else
        return String.format(Locale.ROOT,
            "contains the invisible formatting or control character U+%04X", (int) c);
      }
    }
    return null;
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  /** {@code <12 hex of SHA-256(url)>-<name>}: one URL, one staging name. */
  static String stagedName(RemoteEntry e) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(e.uri().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6) + "-" + e.name();
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("every Java platform has SHA-256", ex);
    }
  }

  /** The containment check looks at the path text; this one at what is on disk. */
  private static void requireNoLink(URI uri, Path p) throws FetchException {
    if (Files.isSymbolicLink(p) || Files.exists(p, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new FetchException(FetchException.Reason.UNSAFE_NAME, uri.toString(),
          p + " is a symbolic link or not a regular file; refusing to write through it"
              + " (remove it from the staging folder)");
    }
  }

  private void requireInside(URI uri, Path p) throws FetchException {
    Path n = p.toAbsolutePath().normalize();
    if (!staging.equals(n.getParent())) {
      throw new FetchException(FetchException.Reason.UNSAFE_NAME, uri.toString(),
          "staged path " + n + " would fall outside the staging folder " + staging);
    }
  }

  /** Configures a {@link CaptureFetcher}. */
  public static final class Builder {
    private Path staging;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration deadline = Duration.ofMinutes(30);
    private long maxBytes = 4L << 30;
    private long maxListingEntries;
    private long maxListingBytes;
    private IngestLedger ledger;
    private LongSupplier nanoClock = System::nanoTime;

    private Builder() {}

    /** Where downloads are staged (created when missing). */
    public Builder stagingDir(Path dir) {
      this.staging = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The ledger of ingested content hashes. */
    public Builder ledger(IngestLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Longest wait to connect (default 10 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** Longest wait for response headers or for the next byte (default 30 s). */
    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d, "readTimeout");
      return this;
    }

    /** Longest time one file's whole transfer may take (default 30 min). */
    public Builder deadline(Duration d) {
      this.deadline = positive(d, "deadline");
      return this;
    }

    /** Largest file accepted, bytes (default 4 GiB). */
    public Builder maxBytes(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxBytes must be >= 1, got " + n);
      }
      this.maxBytes = n;
      return this;
    }

    /**
     * Most entries read from one FTP directory listing (default: {@link
     * Limits#LISTING_ENTRIES}, 100,000, or its property; {@code geofusion pcap
     * --max-listing-entries}); a longer listing fails with {@link
     * FetchException.Reason#TOO_LARGE} and nothing is fetched.
     */
    public Builder maxListingEntries(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxListingEntries must be >= 1, got " + n);
      }
      this.maxListingEntries = n;
      return this;
    }

    /**
     * Most bytes read from one FTP directory listing (default: {@link Limits#LISTING_BYTES},
     * 32 MiB, or its property; {@code geofusion pcap --max-listing-bytes}); a longer listing
     * fails with {@link FetchException.Reason#TOO_LARGE}.
     */
    public Builder maxListingBytes(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxListingBytes must be >= 1, got " + n);
      }
      this.maxListingBytes = n;
      return this;
    }

    /**
     * The clock for deadlines and for the read timeout's "no data for so long" (default
     * {@link System#nanoTime}); for tests.
     */
    Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The configured fetcher. */
    public CaptureFetcher build() {
      if (staging == null) {
        throw new IllegalStateException("stagingDir is required");
      }
      if (ledger == null) {
        throw new IllegalStateException("ledger is required (IngestLedger.open(path))");
      }
      return new CaptureFetcher(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException(what + " must be positive and at most 7 days, got "
            + d);
      }
      return d;
    }
  }
}
