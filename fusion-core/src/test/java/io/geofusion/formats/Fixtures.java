package io.geofusion.formats;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures under src/test/resources/formats (hand-written, not copied from shared data). */
final class Fixtures {

  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/formats/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture formats/" + name, e);
    }
  }
}
