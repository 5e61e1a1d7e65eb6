package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.pcap.MemoryFtpServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcap ftp://…/DIR/} under the listing limits set by {@code --max-listing-entries} and
 * {@code --max-listing-bytes} (docs/reliability.md): a real Apache FtpServer on 127.0.0.1
 * ({@link MemoryFtpServer}) serves 12 captures, and the CLI runs with the options (before them,
 * the limits could be changed only with a system property).
 */
class PcapFtpListingLimitsTest {

  private static final int FILES = 12;

  @TempDir Path dir;
  private MemoryFtpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MemoryFtpServer();
    for (int i = 0; i < FILES; i++) {
      server.add("c" + i + ".pcap", PcapCommandTest.handshake());
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun dryRun(String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "pcap";
    args[1] = "--dry-run";
    args[2] = "--staging=" + dir.resolve("staging");
    System.arraycopy(options, 0, args, 3, options.length);
    args[args.length - 1] = "ftp://127.0.0.1:" + server.port() + "/";
    return CliRun.of(args);
  }

  @Test
  void pcapFtp_withinTheListingLimits_listsEveryCapture() {
    CliRun r = dryRun("--max-listing-entries=" + FILES, "--max-listing-bytes=100000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("would_fetch"))).hasSize(FILES);
  }

  @Test
  void pcapFtp_moreEntriesThanMaxListingEntries_failsInOneLineNamingTheOption() {
    CliRun r = dryRun("--max-listing-entries=5");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("would_fetch");
    assertThat(r.err().strip()).doesNotContain("\n").contains("more than 5 entries")
        .contains("--max-listing-entries N").contains("-Dgeofusion.limit.listingEntries=N");
  }

  @Test
  void pcapFtp_listingLongerThanMaxListingBytes_failsInOneLineNamingTheOption() {
    CliRun r = dryRun("--max-listing-bytes=200");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("longer than 200 bytes")
        .contains("--max-listing-bytes N");
  }

  @Test
  void pcapFtp_theSystemPropertyStillSetsTheLimitWithoutTheOption() {
    System.setProperty("geofusion.limit.listingEntries", "3");
    try {
      CliRun r = dryRun();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("more than 3 entries");
      CliRun option = dryRun("--max-listing-entries=" + FILES);
      assertThat(option.exitCode()).as("the option wins over the property: " + option.err())
          .isZero();
    } finally {
      System.clearProperty("geofusion.limit.listingEntries");
    }
  }

  @Test
  void pcapFtp_listingLimitsThatAreNotPositive_areUsageErrors() throws IOException {
    for (String bad : new String[] {"--max-listing-entries=0", "--max-listing-bytes=-1"}) {
      CliRun r = dryRun(bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(2);
      assertThat(r.err()).contains(bad.substring(0, bad.indexOf('=')))
          .contains(" must be >= 1, got ");
    }
  }
}
