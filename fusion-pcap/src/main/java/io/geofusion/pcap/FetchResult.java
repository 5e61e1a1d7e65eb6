package io.geofusion.pcap;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one remote capture.
 *
 * @param source the URL
 * @param outcome what was done
 * @param file the staged file ({@code null} unless {@link Outcome#FETCHED})
 * @param bytes bytes of the complete file (0 when nothing was fetched)
 * @param sha256 content hash (lowercase hex), or {@code null} when not fetched
 * @param resumed true when an earlier partial download was continued
 * @param detail one line for humans (why skipped, what the server claimed)
 * @param etag the HTTP {@code ETag} the server sent with the content, {@code ""} when none (FTP,
 *     or a server without ETags); recorded in the ledger so a re-run sends {@code If-None-Match}
 */
public record FetchResult(URI source, Outcome outcome, Path file, long bytes, String sha256,
    boolean resumed, String detail, String etag) {

  /** A result without an ETag. */
  public FetchResult(URI source, Outcome outcome, Path file, long bytes, String sha256,
      boolean resumed, String detail) {
    this(source, outcome, file, bytes, sha256, resumed, detail, "");
  }

  /** What was done with a remote capture. */
  public enum Outcome {
    /** Downloaded completely into the staging folder. */
    FETCHED,
    /** Its content (or ETag) is in the ledger: nothing kept. */
    ALREADY_INGESTED,
    /** Dry run: would be fetched. */
    WOULD_FETCH,
    /** Its name is not a safe plain file name: skipped. */
    SKIPPED_UNSAFE_NAME,
    /** It claims to be larger than the size cap: skipped without downloading. */
    SKIPPED_TOO_LARGE;

    /** The {@code snake_case} name. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public FetchResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    etag = etag == null ? "" : etag;
    if ((outcome == Outcome.FETCHED) != (file != null)) {
      throw new IllegalArgumentException("a file is present exactly when the outcome is FETCHED");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
  }

  /** The staged file, when fetched. */
  public Optional<Path> stagedFile() {
    return Optional.ofNullable(file);
  }
}
