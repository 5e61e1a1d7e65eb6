package io.geofusion.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data (system property geofusion.shared.data) or skips the test. */
final class SharedData {

  private SharedData() {}

  static Path dir(String sub) {
    String base = System.getProperty("geofusion.shared.data");
    assumeTrue(base != null, "system property geofusion.shared.data unset: shared data absent,"
        + " test skipped");
    Path p = Path.of(base).resolve(sub);
    assumeTrue(Files.isDirectory(p), "shared data folder " + p + " absent: test skipped");
    return p;
  }
}
