package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A wait too long to add up in nanoseconds is a usage error naming the option, exit 2 (issue 19:
 * {@code --read-timeout 99999999999} said "long overflow" with exit 1). The options are checked
 * before anything is fetched; the URL is a loopback port nothing listens on.
 */
class PcapWaitOptionsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"--read-timeout", "--connect-timeout", "--deadline"})
  void pcap_waitBeyondSevenDays_isAUsageErrorNamingTheOption(String option) {
    CliRun r = CliRun.of("pcap", option, "99999999999", "--staging",
        dir.resolve("staging").toString(), "--ledger", dir.resolve("ledger.tsv").toString(),
        "http://127.0.0.1:9/c.pcap");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(option + " must be a positive number of seconds up to")
        .doesNotContainIgnoringCase("overflow");
  }
}
