import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * Build step of fusion-cli (package phase, after the DuckDB driver is copied to {@code lib/}; run
 * as a single-file source program): moves this platform's JNI library out of the driver's jar
 * into a file of the same name beside it.
 *
 * <p>DuckDB's driver ({@code org.duckdb.DuckDBNative}, 2.0.0.1) looks for the resource {@code
 * /libduckdb_java.so_<os>_<arch>} first and, when the jar has it, copies it (72 MB on
 * linux-amd64) into a new temporary file and loads that, on every start: about 1 s of wall time
 * on an idle 2-core machine and more under load. When the resource is absent it tries {@code
 * System.loadLibrary("duckdb_java")} and then loads the file of that name in the jar's own
 * folder, with no copy. The names follow the driver's: os {@code linux}, {@code macos}, {@code
 * windows}; arch {@code amd64}, {@code arm64}. On a platform the driver does not ship, or when the
 * library has already been moved, nothing changes. Other platforms' libraries stay in the jar,
 * so a build still runs anywhere (extracting, as before).
 *
 * <p>Usage: {@code java NativeBesideJar.java LIB/duckdb_jdbc.jar}
 */
public final class NativeBesideJar {

  private NativeBesideJar() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: NativeBesideJar JAR");
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    String name = "libduckdb_java.so_" + os() + "_" + arch();
    Path beside = jar.resolveSibling(name);
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
      Path entry = zip.getPath("/" + name);
      if (!Files.exists(entry)) {
        if (!Files.exists(beside)) {
          System.out.println("NativeBesideJar: " + jar.getFileName() + " has no " + name
              + " (not shipped for this platform); the driver will extract its own");
        }
        return; // already moved by an earlier build
      }
      Path tmp = beside.resolveSibling(name + ".tmp");
      Files.copy(entry, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, beside, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Files.delete(entry);
    }
    System.out.println("NativeBesideJar: moved " + name + " out of " + jar.getFileName()
        + " to " + beside);
  }

  private static String os() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos"
        : os.startsWith("linux") ? "linux" : os.replaceAll("[^a-z0-9_\\-.]", "");
  }

  private static String arch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch.replaceAll("[^a-z0-9_\\-.]", "");
    };
  }
}
