package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a real embedded Apache FtpServer on 127.0.0.1, passive mode. */
class CaptureFetcherFtpTest {

  static final byte[] CONTENT = CaptureFetcherHttpTest.capture(300);

  @TempDir Path dir;
  private MemoryFtpServer ftp;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    ftp = new MemoryFtpServer()
        .add("good.pcap", CONTENT)
        .add("other.pcap", CaptureFetcherHttpTest.capture(5))
        .add(new MemoryFtpServer.Entry("../../etc/passwd", 10,
            off -> new ByteArrayInputStream(new byte[10])))
        .add(new MemoryFtpServer.Entry("liar.pcap", 10, off -> endless()))
        .add(new MemoryFtpServer.Entry("stall.pcap", CONTENT.length,
            off -> new SequenceInputStream(new ByteArrayInputStream(CONTENT, 0, 2000),
                blocking())))
        .add(new MemoryFtpServer.Entry("huge.pcap", 9L << 30, off -> endless()));
  }

  @AfterEach
  void stop() {
    release.countDown();
    ftp.close();
  }

  private InputStream blocking() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
  }

  private static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
  }

  private URI url(String path) {
    return URI.create("ftp://127.0.0.1:" + ftp.port() + path);
  }

  private CaptureFetcher.Builder fetcher() throws IOException {
    return CaptureFetcher.builder().stagingDir(dir.resolve("staging"))
        .ledger(IngestLedger.open(dir.resolve("ledger.tsv")))
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(5))
        .deadline(Duration.ofSeconds(60)).maxBytes(1 << 20);
  }

  @Test
  void list_directory_returnsEntriesWithClaimedSizesAndHostileNamesVerbatim() throws IOException {
    List<RemoteEntry> entries = fetcher().build().list(url("/"));
    assertThat(entries).extracting(RemoteEntry::name).contains("good.pcap", "../../etc/passwd",
        "liar.pcap");
    assertThat(entries).filteredOn(e -> e.name().equals("good.pcap")).singleElement()
        .satisfies(e -> assertThat(e.sizeBytes()).isEqualTo(CONTENT.length));
  }

  @Test
  void list_moreEntriesThanTheDefaultLimit_failsNamingTheLimitAndItsProperty() throws Exception {
    ftp.close();
    ftp = new MemoryFtpServer();
    long limit = io.geofusion.text.Limits.LISTING_ENTRIES.value();
    for (long i = 0; i <= limit; i++) {
      ftp.add("c" + i + ".pcap", CONTENT);
    }
    CaptureFetcher f = fetcher().build();

    FetchException e = assertThrows(FetchException.class, () -> f.list(url("/")));

    assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE);
    assertThat(e.getMessage()).contains("more than " + limit + " entries")
        .contains("-Dgeofusion.limit.listingEntries=").doesNotContain("\n");
    assertThat(ftp.retrievals).isZero();
  }

  @Test
  void list_listingLongerThanTheByteLimit_stopsReadingThere() throws Exception {
    ftp.close();
    ftp = new MemoryFtpServer();
    for (int i = 0; i < 200; i++) {
      ftp.add("c" + "x".repeat(150) + i + ".pcap", CONTENT);
    }
    CaptureFetcher f = fetcher().maxListingBytes(8192).build();

    FetchException e = assertThrows(FetchException.class, () -> f.list(url("/")));

    assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE);
    assertThat(e.getMessage()).contains("longer than 8192 bytes")
        .contains("-Dgeofusion.limit.listingBytes=");
    assertThat(fetcher().build().list(url("/"))).hasSize(200); // the default holds it
  }

  @Test
  void plan_directory_namesWhatWouldHappenWithoutTransfers() throws IOException {
    List<FetchResult> plan = fetcher().build().plan(url("/"));
    assertThat(plan).filteredOn(r -> r.source().toString().endsWith("good.pcap")).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.WOULD_FETCH));
    assertThat(plan).filteredOn(r -> r.outcome() == FetchResult.Outcome.SKIPPED_UNSAFE_NAME)
        .singleElement().satisfies(r -> assertThat(r.detail()).contains("../../etc/passwd"));
    assertThat(plan).filteredOn(r -> r.outcome() == FetchResult.Outcome.SKIPPED_TOO_LARGE)
        .singleElement().satisfies(r -> assertThat(r.source().toString()).endsWith("huge.pcap"));
    assertThat(ftp.retrievals).isZero();
  }

  @Test
  void fetch_goodFile_passiveBinaryTransferMatchesContent() throws Exception {
    CaptureFetcher f = fetcher().build();
    FetchResult r = f.fetch(url("/good.pcap"));
    assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FETCHED);
    assertThat(r.sha256()).isEqualTo(CaptureFetcherHttpTest.sha256(CONTENT));
    assertThat(Files.readAllBytes(r.stagedFile().orElseThrow())).isEqualTo(CONTENT);
    f.markIngested(r, "");
    FetchResult again = f.fetch(url("/good.pcap"));
    assertThat(again.outcome()).isEqualTo(FetchResult.Outcome.ALREADY_INGESTED);
  }

  @Test
  void fetchAll_directoryWithHostileName_neverWritesOutsideStaging() throws Exception {
    CaptureFetcher f = fetcher().build();
    ftp.close();
    ftp = new MemoryFtpServer().add("good.pcap", CONTENT)
        .add(new MemoryFtpServer.Entry("../../etc/passwd", 10,
            off -> new ByteArrayInputStream(new byte[10])));
    List<FetchResult> all = f.fetchAll(url("/"));
    assertThat(all).extracting(FetchResult::outcome).containsExactlyInAnyOrder(
        FetchResult.Outcome.FETCHED, FetchResult.Outcome.SKIPPED_UNSAFE_NAME);
    try (var s = Files.walk(dir)) {
      assertThat(s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList())
          .allSatisfy(n -> assertThat(n).startsWith("staging/"));
    }
  }

  @Test
  void fetchEach_oneTransferFails_theOthersAreStillFetched() throws Exception {
    CaptureFetcher f = fetcher().build();
    ftp.close();
    ftp = new MemoryFtpServer().add("good.pcap", CONTENT)
        .add(new MemoryFtpServer.Entry("liar.pcap", 10, off -> endless()))
        .add("other.pcap", CaptureFetcherHttpTest.capture(5));

    List<CaptureFetcher.Attempt> all = f.fetchEach(url("/"));

    assertThat(all).hasSize(3);
    assertThat(all).filteredOn(a -> a.failure() != null).singleElement().satisfies(a -> {
      assertThat(a.entry().name()).isEqualTo("liar.pcap");
      assertThat(a.failure().reason()).isEqualTo(FetchException.Reason.TOO_LARGE);
    });
    assertThat(all).filteredOn(a -> a.result() != null).extracting(a -> a.result().outcome())
        .containsOnly(FetchResult.Outcome.FETCHED).hasSize(2);
  }

  @Test
  void fetch_listingLiesAboutSize_stopsAtCapAndDeletesPart() throws IOException {
    CaptureFetcher f = fetcher().build();
    RemoteEntry liar = f.list(url("/")).stream().filter(e -> e.name().equals("liar.pcap"))
        .findFirst().orElseThrow();
    assertThat(liar.sizeBytes()).isEqualTo(10);
    FetchException e = assertThrows(FetchException.class, () -> f.fetch(liar));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE);
    try (var s = Files.list(f.stagingDir())
        .filter(p -> !p.getFileName().toString().equals(".geofusion.lock"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void fetch_serverStallsMidTransfer_failsWithinReadTimeout() throws IOException {
    CaptureFetcher f = fetcher().readTimeout(Duration.ofSeconds(1)).build();
    FetchException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(FetchException.class, () -> f.fetch(url("/stall.pcap"))));
    assertThat(e.reason()).isIn(FetchException.Reason.READ_TIMEOUT);
  }

  @Test
  void fetch_serverStallsPastDeadline_watchdogEndsTransfer() throws IOException {
    CaptureFetcher f = fetcher().readTimeout(Duration.ofSeconds(30))
        .deadline(Duration.ofSeconds(2)).build();
    FetchException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(FetchException.class, () -> f.fetch(url("/stall.pcap"))));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.DEADLINE);
  }

  @Test
  void fetch_partialFileExists_resumesWithRest() throws Exception {
    CaptureFetcher f = fetcher().build();
    RemoteEntry good = new RemoteEntry(url("/good.pcap"), "good.pcap", CONTENT.length);
    Files.createDirectories(f.stagingDir());
    Path part = f.stagingDir().resolve(CaptureFetcher.stagedName(good) + ".part");
    Files.write(part, Arrays.copyOf(CONTENT, 3000));
    FetchResult r = f.fetch(good);
    assertThat(r.resumed()).isTrue();
    assertThat(r.sha256()).isEqualTo(CaptureFetcherHttpTest.sha256(CONTENT));
    assertThat(Files.readAllBytes(r.stagedFile().orElseThrow())).isEqualTo(CONTENT);
  }

  @Test
  void fetch_missingFile_isProtocolError() throws IOException {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher().build().fetch(url("/nope.pcap")));
    assertThat(e.reason()).isEqualTo(FetchException.Reason.PROTOCOL);
    assertThat(e.getMessage()).contains("RETR refused");
  }
}
