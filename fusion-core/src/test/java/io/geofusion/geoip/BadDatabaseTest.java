package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corrupt database in maxmind-db-test/bad-data is rejected with a {@link GeoIpException}
 * and nothing else, on a plain open and on a verifying open. The timeout only guards against a
 * hang (a cyclic file must not loop forever); it asserts nothing about speed.
 */
class BadDatabaseTest {

  /**
   * Two files that broke libmaxminddb's metadata reader are well-formed by the spec (an empty
   * array or map as the last metadata value); they hold only {"ip":"test"}, so the service still
   * rejects them, as unusable rather than corrupt.
   */
  private static final Set<String> WELL_FORMED = Set.of(
      "libmaxminddb-empty-array-last-in-metadata.mmdb",
      "libmaxminddb-empty-map-last-in-metadata.mmdb");

  static Stream<Path> badFiles() throws IOException {
    Path dir = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"))
        .resolve("maxmind-db-test/bad-data");
    if (!Files.isDirectory(dir)) {
      return Stream.of(dir); // one invocation that skips with a message (JUnit needs >= 1)
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".mmdb")).sorted().toList();
    }
    return files.stream();
  }

  private static void assumePresent(Path file) {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(file),
        "shared data " + file + " is absent: skipping (see docs/architecture.md §9)");
  }

  @Test
  void badData_isPresent() throws IOException {
    SharedData.file("maxmind-db-test/bad-data");
    assertThat(badFiles().count()).isEqualTo(21);
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  @Timeout(60)
  void open_badDatabaseThrowsGeoIpException(Path file) {
    assumePresent(file);
    Throwable t = catchThrowable(() -> MaxMindGeoIpService.open(file).close());
    assertThat(t).as(file.toString()).isInstanceOf(GeoIpException.class);
    assertThat(((GeoIpException) t).file()).isEqualTo(file);
    assertThat(t.getMessage()).contains(file.toString());
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  @Timeout(60)
  void verifyingOpen_badDatabaseIsCorrupt(Path file) {
    assumePresent(file);
    Throwable t = catchThrowable(
        () -> MaxMindGeoIpService.builder().database(file).verify(true).build().close());
    if (WELL_FORMED.contains(file.getFileName().toString())) {
      assertThat(t).as(file.toString()).isInstanceOf(UnsupportedDatabaseException.class);
    } else {
      assertThat(t).as(file.toString()).isInstanceOf(DatabaseCorruptException.class);
    }
  }
}
