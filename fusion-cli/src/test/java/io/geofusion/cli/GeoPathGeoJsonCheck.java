package io.geofusion.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs fusion-core's test-side {@code io.geofusion.geo.GeoJsonRfc7946Validator} on CLI output.
 *
 * <p>fusion-core publishes no test-jar, so the validator is loaded from the reactor's {@code
 * fusion-core/target/test-classes} (compiled before these tests whenever fusion-core is in the
 * build, e.g. {@code -pl fusion-core,fusion-cli -am}). Running fusion-cli's tests alone, before
 * fusion-core's tests were ever compiled, fails with a message saying so rather than skipping
 * the checks silently.
 */
final class GeoPathGeoJsonCheck {

  private static final String VALIDATOR = "io.geofusion.geo.GeoJsonRfc7946Validator";
  private static Method validate;

  private GeoPathGeoJsonCheck() {}

  /** Every RFC 7946 violation in {@code geoJsonText}; empty when valid. */
  @SuppressWarnings("unchecked")
  static synchronized List<String> violations(String geoJsonText) {
    try {
      if (validate == null) {
        validate = loader().loadClass(VALIDATOR).getMethod("validate", String.class);
      }
      return (List<String>) validate.invoke(null, geoJsonText);
    } catch (MalformedURLException e) {
      throw new AssertionError("bad test-classes path: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new AssertionError("cannot run " + VALIDATOR + ": " + cause, cause);
    }
  }

  private static ClassLoader loader() throws MalformedURLException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    for (Path dir : List.of(base.resolve("../fusion-core/target/test-classes"),
        base.resolve("fusion-core/target/test-classes"))) {
      if (Files.isRegularFile(dir.resolve(VALIDATOR.replace('.', '/') + ".class"))) {
        URL url = dir.toAbsolutePath().normalize().toUri().toURL();
        return new URLClassLoader(new URL[] {url}, GeoPathGeoJsonCheck.class.getClassLoader());
      }
    }
    throw new AssertionError(VALIDATOR + " not found under " + base + "/../fusion-core/target/"
        + "test-classes; build fusion-core's tests first: ./mvnw -o -q -B -pl"
        + " fusion-core,fusion-cli -am test");
  }
}
