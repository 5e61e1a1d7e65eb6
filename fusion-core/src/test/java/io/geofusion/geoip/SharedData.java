package io.geofusion.geoip;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data (system property geofusion.shared.data); skips the test when absent. */
final class SharedData {

  private SharedData() {}

  static Path file(String relative) {
    String root = System.getProperty("geofusion.shared.data", "../shared/data");
    Path p = Path.of(root).resolve(relative);
    assumeTrue(Files.exists(p),
        "shared data " + p + " is absent: skipping (see docs/architecture.md §9)");
    return p;
  }
}
