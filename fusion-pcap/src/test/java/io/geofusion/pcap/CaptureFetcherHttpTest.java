package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a real HTTP server on 127.0.0.1 that behaves well, stalls and lies. */
class CaptureFetcherHttpTest {

  static final byte[] CONTENT = capture(400);

  @TempDir Path dir;
  private HttpServer server;
  private ExecutorService pool;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong bodyBytesSent = new AtomicLong();
  private volatile String lastRange;
  private volatile String lastIfRange;

  static byte[] capture(int packets) {
    Fixtures.Pcap p = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1);
    for (int i = 0; i < packets; i++) {
      p.add(1_700_000_000_000_000_000L + i * 1_000_000L,
          Fixtures.tcp4("10.0.0.1", 1000 + i, "192.0.2.1", 80, i, 0, Fixtures.SYN));
    }
    return p.bytes();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/good/", ex -> serve(ex, CONTENT, true));
    server.createContext("/etag/", ex -> {
      if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        requests.incrementAndGet();
        ex.sendResponseHeaders(304, -1);
        ex.close();
        return;
      }
      ex.getResponseHeaders().add("ETag", "\"v1\"");
      serve(ex, CONTENT, false);
    });
    server.createContext("/stall/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, CONTENT.length);
      OutputStream o = ex.getResponseBody();
      o.write(CONTENT, 0, 1000);
      o.flush();
      await(30_000); // stall mid-transfer until the test ends
      ex.close();
    });
    server.createContext("/trickle/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, CONTENT.length);
      OutputStream o = ex.getResponseBody();
      try {
        for (int i = 0; i < CONTENT.length; i++) {
          o.write(CONTENT[i]);
          o.flush();
          if (await(20)) {
            break;
          }
        }
      } catch (IOException gone) {
        // the client gave up
      }
      ex.close();
    });
    server.createContext("/short/", ex -> { // announces everything, sends 1000 bytes, hangs up
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, CONTENT.length);
      ex.getResponseBody().write(CONTENT, 0, 1000);
      ex.getResponseBody().flush();
      throw new IOException("hang up"); // the server then drops the connection
    });
    server.createContext("/huge-chunked/", ex -> { // no length: streams beyond any cap
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, 0);
      byte[] block = new byte[64 * 1024];
      try (OutputStream o = ex.getResponseBody()) {
        for (int i = 0; i < 64; i++) {
          o.write(block);
        }
      } catch (IOException gone) {
        // the client stopped at its cap
      }
    });
    server.createContext("/huge-announced/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, 50L << 20);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(new byte[1024]);
      } catch (IOException gone) {
        // the client refused before reading
      }
    });
    server.createContext("/missing/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private boolean await(long ms) {
    try {
      return release.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Serves content, honouring a "Range: bytes=N-" request when ranges are enabled. */
  private void serve(HttpExchange ex, byte[] content, boolean ranges) throws IOException {
    requests.incrementAndGet();
    String range = ex.getRequestHeaders().getFirst("Range");
    lastRange = range;
    int from = 0;
    if (ranges && range != null && range.matches("bytes=\\d+-")) {
      from = Integer.parseInt(range.substring(6, range.length() - 1));
      ex.getResponseHeaders().add("Content-Range",
          "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
      ex.sendResponseHeaders(206, content.length - from);
    } else {
      ex.sendResponseHeaders(200, content.length);
    }
    try (OutputStream o = ex.getResponseBody()) {
      o.write(content, from, content.length - from);
    }
    bodyBytesSent.addAndGet(content.length - from);
  }

  /** Announces everything with {@code etag}, sends 1000 bytes, hangs up. */
  private void sendShort(HttpExchange ex, String etag) throws IOException {
    requests.incrementAndGet();
    ex.getResponseHeaders().add("ETag", etag);
    ex.sendResponseHeaders(200, CONTENT.length);
    ex.getResponseBody().write(CONTENT, 0, 1000);
    ex.getResponseBody().flush();
    throw new IOException("hang up");
  }

  /**
   * Serves one version of a resource with its ETag, honouring Range and, when
   * {@code honourIfRange}, If-Range (RFC 9110 §13.1.5: a stale validator gets the whole body).
   */
  private void serveVersion(HttpExchange ex, byte[] content, String etag, boolean honourIfRange)
      throws IOException {
    String ifRange = ex.getRequestHeaders().getFirst("If-Range");
    lastIfRange = ifRange;
    ex.getResponseHeaders().add("ETag", etag);
    boolean ranges = !honourIfRange || ifRange == null || ifRange.equals(etag);
    serve(ex, content, ranges);
  }

  /** A second server on another loopback address, 127.0.0.2: another host. */
  private HttpServer otherHost() throws IOException {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    other.setExecutor(pool);
    other.createContext("/", ex -> {
      requests.incrementAndGet();
      serve(ex, CONTENT, false);
    });
    other.start();
    return other;
  }

  private void redirect(String from, String to) {
    server.createContext(from, ex -> {
      ex.getResponseHeaders().add("Location", to);
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
  }

  @Test
  void fetch_redirectToAnotherHost_isRefusedNamingTheTarget() throws Exception {
    HttpServer other = otherHost();
    try {
      String elsewhere = "http://127.0.0.2:" + other.getAddress().getPort() + "/c.pcap";
      redirect("/away/", elsewhere);
      CaptureFetcher f = fetcher().build();

      FetchException e = assertThrows(FetchException.class, () -> f.fetch(url("/away/c.pcap")));

      assertThat(e.reason()).isEqualTo(FetchException.Reason.PROTOCOL);
      assertThat(e.getMessage()).contains("redirected (HTTP 302) to " + elsewhere)
          .contains("not followed");
      assertThat(requests.get()).as("the other host was never contacted").isZero();
    } finally {
      other.stop(0);
    }
  }

  @Test
  void fetch_redirectOnTheSameHost_isFollowed() throws Exception {
    redirect("/old/", "/good/c.pcap");
    FetchResult r = fetcher().build().fetch(url("/old/c.pcap"));
    assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FETCHED);
    assertThat(r.sha256()).isEqualTo(sha256(CONTENT));
  }

  @Test
  void fetch_redirectLoopOnTheSameHost_stopsAfterTheLimit() throws Exception {
    redirect("/loop/", "/loop/c.pcap");
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher().build().fetch(url("/loop/c.pcap")));
    assertThat(e.getMessage()).contains("more than 5 redirects");
  }

  @Test
  void fetch_partWithAGarbageValidator_startsOverWithoutADecodingError() throws Exception {
    CaptureFetcher f = fetcher().build();
    RemoteEntry e = new RemoteEntry(url("/good/g.pcap"), "g.pcap", -1);
    Files.createDirectories(f.stagingDir());
    Path part = f.stagingDir().resolve(CaptureFetcher.stagedName(e) + ".part");
    Files.write(part, java.util.Arrays.copyOf(CONTENT, 1000));
    Files.write(HttpFetch.validatorFile(part), new byte[] {(byte) 0xFF, (byte) 0x9C, 'x'});

    FetchResult r = f.fetch(e);

    assertThat(r.resumed()).isFalse();
    assertThat(r.sha256()).isEqualTo(sha256(CONTENT));
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private CaptureFetcher.Builder fetcher() throws IOException {
    return CaptureFetcher.builder().stagingDir(dir.resolve("staging"))
        .ledger(IngestLedger.open(dir.resolve("ledger.tsv")))
        // generous: the build machine may be heavily loaded; stall tests set their own
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(5))
        .deadline(Duration.ofSeconds(60));
  }

  @Test
  void fetch_goodServer_stagesVerifiedCaptureInsideStaging() throws Exception {
    CaptureFetcher f = fetcher().build();
    FetchResult r = f.fetch(url("/good/x.pcap"));
    assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FETCHED);
    assertThat(r.bytes()).isEqualTo(CONTENT.length);
    assertThat(r.sha256()).isEqualTo(sha256(CONTENT));
    Path staged = r.stagedFile().orElseThrow();
    assertThat(staged.getParent()).isEqualTo(f.stagingDir());
    assertThat(staged.getFileName().toString()).endsWith("-x.pcap");
    assertThat(Files.readAllBytes(staged)).isEqualTo(CONTENT);
    assertThat(requests.get()).isEqualTo(1);
    assertThat(CaptureAnalyzer.builder().build().analyze(staged).packets()).isEqualTo(400);
  }

  @Test
  void fetch_contentAlreadyInLedger_isNotKept() throws Exception {
    CaptureFetcher f = fetcher().build();
    FetchResult first = f.fetch(url("/good/a.pcap"));
    f.markIngested(first, "");
    FetchResult again = f.fetch(url("/good/copy-of-a.pcap"));
    assertThat(again.outcome()).isEqualTo(FetchResult.Outcome.ALREADY_INGESTED);
    assertThat(again.stagedFile()).isEmpty();
    assertThat(f.ledger().size()).isEqualTo(1);
    assertThat(IngestLedger.open(dir.resolve("ledger.tsv")).contains(first.sha256())).isTrue();
  }

  @Test
  void fetch_etagAlreadyIngested_downloadsNothing() throws Exception {
    CaptureFetcher f = fetcher().build();
    FetchResult first = f.fetch(url("/etag/e.pcap"));
    f.markIngested(first, "\"v1\"");
    long sentBefore = bodyBytesSent.get();
    FetchResult again = f.fetch(url("/etag/e.pcap"));
    assertThat(again.outcome()).isEqualTo(FetchResult.Outcome.ALREADY_INGESTED);
    assertThat(bodyBytesSent.get()).isEqualTo(sentBefore);
  }

  @Test
  void fetch_serverStallsMidTransfer_failsWithReadTimeoutAndKeepsPart() throws Exception {
    // The stall is judged on the fetcher's clock, which this test moves forward only once the
    // part file holds the 1000 bytes the server sent before stalling. Scheduling delay before
    // that point (a loaded machine) meets only the generous 10 s read timeout; a short real read
    // timeout here once turned a late header into "no response headers" instead of the stall.
    Duration read = Duration.ofSeconds(10);
    AtomicLong skew = new AtomicLong();
    CaptureFetcher f = fetcher().readTimeout(read).deadline(Duration.ofHours(1))
        .nanoClock(() -> System.nanoTime() + skew.get()).build();
    URI u = url("/stall/s.pcap");
    Path part = f.stagingDir()
        .resolve(CaptureFetcher.stagedName(new RemoteEntry(u, "s.pcap", -1)) + ".part");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<FetchResult> run = caller.submit(() -> f.fetch(u));
      FetchException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        while (!run.isDone() && !(Files.isRegularFile(part) && Files.size(part) >= 1000)) {
          Thread.sleep(10);
        }
        while (!run.isDone()) { // past the stall: every step is a whole read timeout of silence
          skew.addAndGet(read.toNanos());
          Thread.sleep(50);
        }
        ExecutionException ex = assertThrows(ExecutionException.class, run::get);
        assertThat(ex.getCause()).isInstanceOf(FetchException.class);
        return (FetchException) ex.getCause();
      });
      assertThat(e.reason()).isEqualTo(FetchException.Reason.READ_TIMEOUT);
      assertThat(e.getMessage()).contains("stalled").contains("after 1000 bytes");
    } finally {
      caller.shutdownNow();
    }
    try (var s = Files.list(f.stagingDir())
        .filter(p -> !p.getFileName().toString().equals(".geofusion.lock"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .singleElement().satisfies(n -> assertThat(n).endsWith("-s.pcap.part"));
    }
    assertThat(Files.size(part)).isEqualTo(1000);
  }

  @Test
  void fetch_tricklingServer_failsAtOverallDeadline() throws IOException {
    CaptureFetcher f = fetcher().deadline(Duration.ofMillis(1500)).build();
    FetchException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
            () -> f.fetch(url("/trickle/t.pcap"))));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.DEADLINE);
  }

  @Test
  void fetch_serverSendsLessThanAnnounced_thenResumesWithRange() throws Exception {
    CaptureFetcher f = fetcher().build();
    // the same URL path is served short first, then properly: install the short handler there
    server.removeContext("/good/");
    server.createContext("/good/", ex -> sendShort(ex, "\"v1\""));
    FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/good/r.pcap")));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.SIZE_MISMATCH);
    server.removeContext("/good/");
    server.createContext("/good/", ex -> serveVersion(ex, CONTENT, "\"v1\"", true));
    FetchResult r = f.fetch(url("/good/r.pcap"));
    assertThat(lastRange).isEqualTo("bytes=1000-");
    assertThat(lastIfRange).isEqualTo("\"v1\"");
    assertThat(r.resumed()).isTrue();
    assertThat(bodyBytesSent.get()).isEqualTo(CONTENT.length - 1000);
    assertThat(r.sha256()).isEqualTo(sha256(CONTENT));
    assertThat(Files.readAllBytes(r.stagedFile().orElseThrow())).isEqualTo(CONTENT);
  }

  @Test
  void fetch_resourceChangedSincePartialDownload_startsOverWithNewVersion() throws Exception {
    CaptureFetcher f = fetcher().build();
    byte[] v2 = capture(300);
    server.createContext("/v/", ex -> sendShort(ex, "\"v1\""));
    org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/v/c.pcap")));
    server.removeContext("/v/");
    server.createContext("/v/", ex -> serveVersion(ex, v2, "\"v2\"", true));
    FetchResult r = f.fetch(url("/v/c.pcap"));
    assertThat(lastIfRange).isEqualTo("\"v1\"");
    assertThat(r.resumed()).isFalse();
    assertThat(Files.readAllBytes(r.stagedFile().orElseThrow())).isEqualTo(v2);
  }

  @Test
  void fetch_serverIgnoresIfRangeAndSendsOtherVersion_discardsPart() throws Exception {
    CaptureFetcher f = fetcher().build();
    byte[] v2 = capture(300);
    server.createContext("/v/", ex -> sendShort(ex, "\"v1\""));
    org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/v/c.pcap")));
    server.removeContext("/v/");
    server.createContext("/v/", ex -> serveVersion(ex, v2, "\"v2\"", false));
    FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/v/c.pcap")));
    assertThat(e.getMessage()).contains("changed since the partial download");
    FetchResult again = f.fetch(url("/v/c.pcap"));
    assertThat(Files.readAllBytes(again.stagedFile().orElseThrow())).isEqualTo(v2);
  }

  @Test
  void fetch_partialWithoutValidator_isNotResumed() throws Exception {
    CaptureFetcher f = fetcher().build();
    server.createContext("/nov/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, CONTENT.length);
      ex.getResponseBody().write(CONTENT, 0, 1000);
      ex.getResponseBody().flush();
      throw new IOException("hang up");
    });
    org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/nov/n.pcap")));
    server.removeContext("/nov/");
    server.createContext("/nov/", ex -> serve(ex, CONTENT, true));
    FetchResult r = f.fetch(url("/nov/n.pcap"));
    assertThat(lastRange).isNull();
    assertThat(r.resumed()).isFalse();
    assertThat(Files.readAllBytes(r.stagedFile().orElseThrow())).isEqualTo(CONTENT);
  }

  @Test
  void fetch_symlinkAtPartName_isNotWrittenThrough() throws Exception {
    CaptureFetcher f = fetcher().build();
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
    URI u = url("/good/l.pcap");
    Files.createDirectories(f.stagingDir());
    Path part = f.stagingDir().resolve(
        CaptureFetcher.stagedName(new RemoteEntry(u, "l.pcap", -1)) + ".part");
    Files.createSymbolicLink(part, victim);
    FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(u));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.UNSAFE_NAME);
    assertThat(e.getMessage()).contains("symbolic link");
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test
  void unsafeReason_bidiOverride_isRefused() {
    assertThat(CaptureFetcher.unsafeReason("evil\u202Epacp.exe")).contains("U+202E");
  }

  @Test
  void fetch_shortBody_reportsMismatch() throws IOException {
    FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> fetcher().build().fetch(url("/short/y.pcap")));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.SIZE_MISMATCH);
    assertThat(e.getMessage()).contains("1000 of " + CONTENT.length);
  }

  @Test
  void fetch_streamBeyondCap_stopsAndDeletesPart() throws IOException {
    CaptureFetcher f = fetcher().maxBytes(1 << 20).build();
    FetchException e = org.junit.jupiter.api.Assertions.assertThrows(FetchException.class,
        () -> f.fetch(url("/huge-chunked/h.pcap")));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE);
    try (var s = Files.list(f.stagingDir())
        .filter(p -> !p.getFileName().toString().equals(".geofusion.lock"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void fetch_announcedBeyondCap_refusesBeforeDownloading() throws IOException {
    CaptureFetcher f = fetcher().maxBytes(1 << 20).build();
    assertThatThrownBy(() -> f.fetch(url("/huge-announced/h.pcap")))
        .isInstanceOf(FetchException.class).hasMessageContaining("announced")
        .hasMessageContaining("nothing downloaded");
  }

  @Test
  void fetch_hostileEncodedName_isSkippedWithoutRequest() throws IOException {
    CaptureFetcher f = fetcher().build();
    FetchResult r = f.fetch(url("/good/..%2F..%2Fetc%2Fpasswd"));
    assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.SKIPPED_UNSAFE_NAME);
    assertThat(r.detail()).contains("../../etc/passwd").contains("path separator");
    assertThat(requests.get()).isZero();
  }

  @Test
  void fetch_notFoundAndBadScheme_areTypedErrors() throws IOException {
    CaptureFetcher f = fetcher().build();
    assertThatThrownBy(() -> f.fetch(url("/missing/m.pcap"))).isInstanceOf(FetchException.class)
        .hasMessageContaining("HTTP status 404");
    assertThatThrownBy(() -> f.fetch(URI.create("gopher://127.0.0.1/x.pcap")))
        .isInstanceOf(FetchException.class)
        .satisfies(e -> assertThat(((FetchException) e).reason())
            .isEqualTo(FetchException.Reason.UNSUPPORTED_SCHEME));
  }

  @Test
  void plan_dryRun_makesNoRequest() throws IOException {
    List<FetchResult> plan = fetcher().build().plan(url("/good/p.pcap"));
    assertThat(plan).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.WOULD_FETCH);
      assertThat(r.detail()).contains("p.pcap");
    });
    assertThat(requests.get()).isZero();
  }

  @Test
  void unsafeReason_namesThatEscape_areRefused() {
    for (String bad : new String[] {"../../etc/passwd", "..", ".", "", "a/b", "a\\b", ".hidden",
        "x\u0000y", "c:evil"}) {
      assertThat(CaptureFetcher.unsafeReason(bad)).as(bad).isNotNull();
    }
    assertThat(CaptureFetcher.unsafeReason("trace-2024.pcapng")).isNull();
  }
}
