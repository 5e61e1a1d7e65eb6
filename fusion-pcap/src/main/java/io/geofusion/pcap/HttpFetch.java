package io.geofusion.pcap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP(S) transfers with {@code java.net.http}. The body is pulled through a queue with one
 * buffer list in flight, and every wait is a {@code poll} bounded by the read timeout and the
 * deadline, so a stalled server cannot block the caller (the request timeout of
 * {@code java.net.http} covers only the response headers).
 */
final class HttpFetch {

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /** Most same-host redirects followed for one fetch. */
  static final int MAX_REDIRECTS = 5;
  /** Longest single wait for body data before the clock is read again. */
  private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final CaptureFetcher f;
  private final HttpClient client;

  HttpFetch(CaptureFetcher f) {
    this.f = f;
    this.client = HttpClient.newBuilder().connectTimeout(f.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build(); // followed by hand: same host only
  }

  /** Body subscriber that hands buffers to the fetching thread through a queue. */
  private static final class Pull implements HttpResponse.BodySubscriber<Void> {
    static final Object END = new Object();
    final LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
    volatile Flow.Subscription sub;
    volatile boolean cancelled;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      sub = s;
      if (cancelled) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      q.add(item);
    }

    @Override
    public void onError(Throwable t) {
      q.add(t);
    }

    @Override
    public void onComplete() {
      q.add(END);
    }

    @Override
    public CompletionStage<Void> getBody() {
      return CompletableFuture.completedStage(null);
    }

    void cancel() {
      cancelled = true;
      Flow.Subscription s = sub;
      if (s != null) {
        s.cancel();
      }
    }
  }

  CaptureFetcher.Staged fetch(RemoteEntry e, Path part, long deadlineAt) throws IOException {
    String src = e.uri().toString();
    long have = Files.exists(part) ? Files.size(part) : 0;
    String validator = have > 0 ? readValidator(part) : "";
    if (have > 0 && validator.isEmpty()) {
      // No ETag or Last-Modified from the transfer that wrote the part: a resume could join two
      // versions of the resource, so start over.
      Files.deleteIfExists(part);
      have = 0;
    }
    String knownEtag = f.ledger().lastFor(src).map(IngestLedger.Entry::etag).orElse("");
    URI target = e.uri();
    Pull pull;
    HttpResponse<Void> resp;
    for (int hops = 0; ; hops++) {
      pull = new Pull();
      resp = send(request(target, have, validator, knownEtag), pull, src, deadlineAt);
      if (!REDIRECTS.contains(resp.statusCode())) {
        break;
      }
      pull.cancel();
      target = redirectTarget(e.uri(), target, resp, hops, src);
    }
    CaptureFetcher.Staged s = new CaptureFetcher.Staged();
    int status = resp.statusCode();
    OptionalLong declared = resp.headers().firstValueAsLong("Content-Length");
    String etag = resp.headers().firstValue("ETag").orElse("");
    boolean append = false;
    switch (status) {
      case 304:
        pull.cancel();
        s.skipped = new FetchResult(e.uri(), FetchResult.Outcome.ALREADY_INGESTED, null, 0,
            null, false, "not modified since ingested (ETag " + knownEtag + ")");
        return s;
      case 200:
        break; // full body: a Range we sent was ignored, so start over
      case 206: {
        String cr = resp.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(cr);
        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
          pull.cancel();
          throw new FetchException(FetchException.Reason.PROTOCOL, src, "asked to resume at byte "
              + have + " but the server answered Content-Range '" + cr + "'");
        }
        String now = validatorOf(resp);
        if (!now.isEmpty() && !now.equals(validator)) {
          // A server that ignored If-Range and sent part of another version.
          pull.cancel();
          Files.deleteIfExists(part);
          Files.deleteIfExists(validatorFile(part));
          throw new FetchException(FetchException.Reason.PROTOCOL, src, "the resource changed"
              + " since the partial download (" + validator + ", now " + now + "); the partial"
              + " file was discarded, fetch again");
        }
        append = true;
        break;
      }
      case 416: {
        pull.cancel();
        Matcher m = UNSATISFIED.matcher(resp.headers().firstValue("Content-Range").orElse(""));
        if (have > 0 && m.matches() && Long.parseLong(m.group(1)) == have) {
          // the part file already holds the whole resource
          try (CaptureFetcher.Sink sink = f.new Sink(src, part, true)) {
            s.bytes = sink.written;
            s.sha256 = sink.hex();
          }
          s.resumed = true;
          return s;
        }
        Files.deleteIfExists(part);
        throw new FetchException(FetchException.Reason.PROTOCOL, src,
            "HTTP 416 for a resume at byte " + have + "; the partial file was discarded");
      }
      default:
        pull.cancel();
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "HTTP status " + status);
    }
    long expectTotal = declared.isPresent() ? declared.getAsLong() + (append ? have : 0) : -1;
    if (expectTotal > f.maxBytes()) {
      pull.cancel();
      throw new FetchException(FetchException.Reason.TOO_LARGE, src, "announced "
          + expectTotal + " bytes, above the cap of " + f.maxBytes() + "; nothing downloaded");
    }
    s.resumed = append;
    if (!append) {
      writeValidator(part, validatorOf(resp));
    }
    try (CaptureFetcher.Sink sink = f.new Sink(src, part, append)) {
      try {
        pump(pull, sink, src, deadlineAt);
      } catch (IOException | RuntimeException ex) {
        pull.cancel();
        if (ex instanceof FetchException fe
            && fe.reason() == FetchException.Reason.TOO_LARGE) {
          sink.discard(part); // never keep a partial file beyond the cap
        }
        if (ex instanceof FetchException) {
          throw ex;
        }
        if (expectTotal >= 0 && sink.written < expectTotal) {
          throw new FetchException(FetchException.Reason.SIZE_MISMATCH, src, "connection ended"
              + " after " + sink.written + " of " + expectTotal + " announced bytes; the partial"
              + " file is kept for resuming", ex);
        }
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "transfer failed after "
            + sink.written + " bytes: " + ex.getMessage(), ex);
      }
      if (expectTotal >= 0 && sink.written != expectTotal) {
        throw new FetchException(FetchException.Reason.SIZE_MISMATCH, src, "received "
            + sink.written + " bytes but the server announced " + expectTotal);
      }
      s.bytes = sink.written;
      s.sha256 = sink.hex();
    }
    if (!etag.isEmpty()) {
      s.note = ", ETag " + etag;
      s.etag = etag;
    }
    return s;
  }

  private void pump(Pull pull, CaptureFetcher.Sink sink, String src, long deadlineAt)
      throws IOException {
    long readNanos = f.readTimeout().toNanos();
    long lastDataAt = f.nanoTime();
    while (true) {
      long remaining = f.remainingNanos(deadlineAt);
      if (remaining <= 0) {
        throw deadline(src, sink.written);
      }
      // Idle time is measured on the fetcher's clock from the last data that arrived, and the
      // wait is cut into slices that re-read that clock, so the stall verdict never depends on
      // how long one poll happened to sleep.
      long idleLeft = readNanos - (f.nanoTime() - lastDataAt);
      if (idleLeft <= 0) {
        throw new FetchException(FetchException.Reason.READ_TIMEOUT, src, "stalled: no data for "
            + f.readTimeout().toMillis() + " ms after " + sink.written + " bytes; the partial"
            + " file is kept for resuming");
      }
      Object o;
      try {
        o = pull.q.poll(Math.min(POLL_SLICE_NANOS, Math.min(idleLeft, remaining)),
            TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while fetching " + src);
      }
      if (o == null) {
        continue;
      }
      if (o == Pull.END) {
        return;
      }
      if (o instanceof Throwable t) {
        throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) o;
      for (ByteBuffer b : list) {
        sink.write(b);
      }
      lastDataAt = f.nanoTime();
      pull.sub.request(1);
    }
  }

  private FetchException deadline(String src, long bytes) {
    return new FetchException(FetchException.Reason.DEADLINE, src, "the overall deadline of "
        + f.deadline().toMillis() + " ms passed after " + bytes + " bytes");
  }

  private FetchException mapFailure(String src, Throwable t) {
    if (t instanceof HttpConnectTimeoutException) {
      return new FetchException(FetchException.Reason.CONNECT_TIMEOUT, src, "could not connect"
          + " within " + f.connectTimeout().toMillis() + " ms", t);
    }
    if (t instanceof HttpTimeoutException) {
      return new FetchException(FetchException.Reason.READ_TIMEOUT, src, "no response headers"
          + " within " + f.readTimeout().toMillis() + " ms", t);
    }
    if (t instanceof ConnectException) {
      return new FetchException(FetchException.Reason.PROTOCOL, src, "connection refused or"
          + " unreachable" + (t.getMessage() == null ? "" : ": " + t.getMessage()), t);
    }
    return new FetchException(FetchException.Reason.PROTOCOL, src, "request failed: " + t, t);
  }

  private HttpRequest request(URI target, long have, String validator, String knownEtag) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(target).GET()
        .timeout(f.readTimeout()).header("User-Agent", "geofusion-pcap");
    if ("http".equalsIgnoreCase(target.getScheme())) {
      // no cleartext h2c upgrade: some servers then never answer a bodiless response
      rb.version(HttpClient.Version.HTTP_1_1);
    }
    if (have > 0) {
      // If-Range (RFC 9110 §13.1.5): the server sends the rest only if the resource is still
      // the version the part holds, else the whole new version (200), which starts over.
      rb.header("Range", "bytes=" + have + "-");
      rb.header("If-Range", validator);
    }
    if (have == 0 && !knownEtag.isEmpty()) {
      rb.header("If-None-Match", knownEtag);
    }
    return rb.build();
  }

  private HttpResponse<Void> send(HttpRequest req, Pull pull, String src, long deadlineAt)
      throws IOException {
    CompletableFuture<HttpResponse<Void>> fut = client.sendAsync(req, info -> pull);
    try {
      long wait = Math.min(f.connectTimeout().plus(f.readTimeout()).toNanos(),
          f.remainingNanos(deadlineAt));
      return fut.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException ex) {
      fut.cancel(true);
      pull.cancel();
      throw f.remainingNanos(deadlineAt) <= 0 ? deadline(src, 0)
          : new FetchException(FetchException.Reason.READ_TIMEOUT, src,
              "no response from " + req.uri().getHost() + " within "
                  + f.connectTimeout().plus(f.readTimeout()).toMillis() + " ms");
    } catch (ExecutionException ex) {
      throw FetchException.unknownHost(src, req.uri().getHost(), ex.getCause())
          .orElseGet(() -> mapFailure(src, ex.getCause()));
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      fut.cancel(true);
      throw new java.io.InterruptedIOException("interrupted while fetching " + src);
    }
  }

  /**
   * Where a redirect leads, when it may be followed: to the same scheme, host and port as the
   * URL asked for, at most {@value #MAX_REDIRECTS} times. A redirect to another host is refused
   * (docs/decisions/cross-host-redirects.md): GeoFusion contacts only the hosts its user named.
   */
  private static URI redirectTarget(URI asked, URI from, HttpResponse<?> resp, int hops,
      String src) throws FetchException {
    String location = resp.headers().firstValue("Location").orElse("");
    if (location.isEmpty()) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "HTTP status "
          + resp.statusCode() + " without a Location header");
    }
    URI next;
    try {
      next = from.resolve(location.strip());
    } catch (IllegalArgumentException ex) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "HTTP status "
          + resp.statusCode() + " with a malformed Location header", ex);
    }
    if (!sameOrigin(asked, next)) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "redirected (HTTP "
          + resp.statusCode() + ") to " + printable(next.toString()) + ", another host,"
          + " scheme or port; not followed: fetch that URL directly if you trust it");
    }
    if (hops + 1 > MAX_REDIRECTS) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "more than "
          + MAX_REDIRECTS + " redirects; stopped at " + printable(next.toString()));
    }
    return next;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String printable(String s) {
    String p = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    return p.length() > 300 ? p.substring(0, 300) + "…" : p;
  }

  /** The sidecar holding the validator (strong ETag or Last-Modified) of a part file. */
  static Path validatorFile(Path part) {
    return part.resolveSibling(part.getFileName() + ".validator");
  }

  /** A strong ETag, else Last-Modified, else empty (weak ETags cannot be used in If-Range). */
  private static String validatorOf(HttpResponse<?> resp) {
    String etag = resp.headers().firstValue("ETag").orElse("").strip();
    if (!etag.isEmpty() && !etag.startsWith("W/")) {
      return etag;
    }
    return resp.headers().firstValue("Last-Modified").orElse("").strip();
  }

  static String readValidator(Path part) throws IOException {
    Path v = validatorFile(part);
    if (!Files.isRegularFile(v, LinkOption.NOFOLLOW_LINKS) || Files.size(v) > 1024) {
      return "";
    }
    // bytes, not UTF-8: a garbage sidecar is "no validator", never a decoding error
    String s = new String(Files.readAllBytes(v), StandardCharsets.ISO_8859_1).strip();
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? s : "";
  }

  static void writeValidator(Path part, String validator) throws IOException {
    Path v = validatorFile(part);
    Files.deleteIfExists(v);
    if (!validator.isEmpty() && validator.length() <= 1024) {
      Files.writeString(v, validator, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }
  }
}
