package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that accepts the connection and never answers: the timeout names the URL (so the
 * host) and the wait (issue 19: "Read timed out" with no host). The server is a real socket on loopback that
 * reads nothing and writes nothing.
 */
class HttpNoResponseTest {

  @TempDir Path dir;

  private ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void silentServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try {
        while (!server.isClosed()) {
          held.add(server.accept());
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "silent-server");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void fetch_serverAcceptsAndNeverAnswers_timesOutNamingTheHostAndTheWait() throws IOException {
    CaptureFetcher f = CaptureFetcher.builder().stagingDir(dir.resolve("staging"))
        .ledger(IngestLedger.open(dir.resolve("ledger.tsv")))
        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1))
        .deadline(Duration.ofSeconds(120)).build();
    URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/c.pcap");

    FetchException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(FetchException.class, () -> f.fetch(url)));

    assertThat(e.reason()).isEqualTo(FetchException.Reason.READ_TIMEOUT);
    assertThat(e.getMessage()).startsWith(url + ": no response")
        .contains("within 1000 ms").doesNotContain("Read timed out");
    assertThat(held).isNotEmpty();
  }
}
